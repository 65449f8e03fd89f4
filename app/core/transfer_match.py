"""The match phase of a transfer: for each source entry, what is it on the target service?

In order, spending as little of the target's search budget as possible:

1. not a song the target can hold (a local file, a podcast episode) → ``unsupported``, never sent;
2. already a track of the target service → ``same_service``;
3. a match rule the user made in an earlier review → ``rule`` (or ``not_there``: the user said
   the song does not exist on that service), no search at all;
4. an ISRC lookup (one ``isrc:`` search) → ``isrc`` when it hits, and no text search is spent;
5. a text search by title and artist (narrowed to the source's duration where the target's
   search can filter by it, like Deezer's ``dur_min``/``dur_max``), every candidate judged by
   the identity rules (``domain.matching``: a weighted distance with named penalties and
   vetoes for live/remix/… versions) → ``metadata`` with its score when one candidate is
   clearly accepted, ``ambiguous`` with the candidates when several are close or only "review"
   grade, else ``not_found``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from domain import ServiceTrack
from domain.matching import FeatureMaker, Judgement, Matcher
from store.identity.engine import default_feature_maker, default_matcher
from store.transfers import MatchRule

Outcome = Literal[
    "isrc", "metadata", "rule", "same_service", "ambiguous", "not_found", "not_there", "unsupported"
]
#: Outcomes that give a target id to write.
MATCHED: frozenset[str] = frozenset({"isrc", "metadata", "rule", "same_service"})
#: How far ahead the best accepted candidate must be to be taken without asking.
CLEAR_LEAD = 0.05
MAX_CANDIDATES = 5


class CatalogSearch(Protocol):
    service: str

    def lookup_isrc(self, isrc: str) -> list[ServiceTrack]: ...

    def search(
        self, title: str, artists: tuple[str, ...], limit: int = ...
    ) -> list[ServiceTrack]: ...


@runtime_checkable
class DurationSearch(Protocol):
    """A target whose search can be narrowed to a duration (Deezer)."""

    def search_around(
        self, title: str, artists: tuple[str, ...], duration_ms: int, limit: int = ...
    ) -> list[ServiceTrack]: ...


@dataclass
class EntryMatch:
    position: int
    source: ServiceTrack
    outcome: Outcome
    target_id: str | None = None
    score: float | None = None
    candidates: list[dict[str, object]] = field(default_factory=list)
    note: str | None = None


class TrackMatcher:
    """Matches source tracks on one target service, with the identity resolver's rules."""

    def __init__(
        self,
        target: CatalogSearch,
        rules: Mapping[str, MatchRule],
        matcher: Matcher | None = None,
        maker: FeatureMaker | None = None,
    ) -> None:
        self._target = target
        self._rules = rules
        self._matcher = matcher or default_matcher()
        self._maker = maker or default_feature_maker()

    def match(self, position: int, track: ServiceTrack) -> EntryMatch:
        if track.kind != "track" or track.service == "local":
            what = "a local file" if track.kind == "local" else f"a {track.kind}"
            return EntryMatch(position, track, "unsupported", note=f"{what} cannot be sent")
        if track.service == self._target.service and track.service_id:
            return EntryMatch(position, track, "same_service", track.service_id, 1.0)
        rule = self._rules.get(track.key)
        if rule is not None:
            if rule.target_id is None:
                return EntryMatch(position, track, "not_there", note="you said it is not there")
            return EntryMatch(position, track, "rule", rule.target_id, 1.0)
        if track.isrc:
            hits = self._target.lookup_isrc(track.isrc)
            if hits:
                best = max(hits, key=lambda c: self._judge(track, c).score)
                return EntryMatch(position, track, "isrc", best.service_id, 1.0)
        return self._by_metadata(position, track)

    def _by_metadata(self, position: int, track: ServiceTrack) -> EntryMatch:
        if track.duration_ms and isinstance(self._target, DurationSearch):
            found = self._target.search_around(track.title, track.artists, track.duration_ms)
        else:
            found = self._target.search(track.title, track.artists)
        judged = sorted(((self._judge(track, c), c) for c in found), key=lambda jc: jc[0].distance)
        plausible = [(j, c) for j, c in judged if j.outcome in ("accept", "review")]
        candidates = [_candidate(j, c) for j, c in plausible[:MAX_CANDIDATES]]
        accepted = [(j, c) for j, c in plausible if j.outcome == "accept"]
        if accepted:
            best, runner_up = accepted[0], accepted[1] if len(accepted) > 1 else None
            if runner_up is None or best[0].score - runner_up[0].score >= CLEAR_LEAD:
                return EntryMatch(
                    position,
                    track,
                    "metadata",
                    best[1].service_id,
                    best[0].score,
                    candidates,
                    best[0].summary(),
                )
        if plausible:
            return EntryMatch(position, track, "ambiguous", None, plausible[0][0].score, candidates)
        return EntryMatch(position, track, "not_found")

    def _judge(self, source: ServiceTrack, candidate: ServiceTrack) -> Judgement:
        return self._matcher.judge(self._maker.features(source), self._maker.features(candidate))


def _candidate(judgement: Judgement, track: ServiceTrack) -> dict[str, object]:
    return {
        "target_id": track.service_id,
        "title": track.title,
        "artists": list(track.artists),
        "album": track.album,
        "duration_ms": track.duration_ms,
        "score": judgement.score,
        "why": judgement.summary(),
    }
