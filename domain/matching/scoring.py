"""Two service tracks, one song? A weighted *distance* made of named penalties (after beets).

Each penalty is a value in 0 … 1 with a weight; the distance is their weighted mean over the
penalties that could be measured (no duration → no duration penalty, rather than a guess).
Some differences are not a matter of degree: a live and a studio version, part 1 and part 2, an
explicit and a clean version under the strict policy. They *veto* the match, whatever the
distance. Every judgement carries the words a person needs to check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Literal

from domain.matching.features import Similarity, TrackFeatures, difflib_similarity
from domain.matching.policy import MatchPolicy, TagComparison, compare_tags

_NO_TAGS = TagComparison()
Outcome = Literal["accept", "review", "reject"]

WEIGHTS = {"title": 4.0, "artists": 3.0, "duration": 2.0, "version": 2.0}
#: Durations this close are the same master; the penalty grows to 1 over the next 10 s.
DURATION_SAME_MS = 2_000
DURATION_FULL_MS = 12_000
#: Title similarity below which the title penalty is 1.
TITLE_FLOOR = 0.65


@dataclass(frozen=True, slots=True)
class Penalty:
    name: str
    value: float
    weight: float


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    distance: float
    penalties: tuple[Penalty, ...]
    veto: str | None
    notes: tuple[str, ...]
    rule: str = "metadata"

    @property
    def score(self) -> float:
        return round(1.0 - self.distance, 4)

    def summary(self) -> str:
        return ", ".join(self.notes)

    def evidence(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "score": self.score,
            "distance": round(self.distance, 4),
            "outcome": self.outcome,
            "summary": self.summary(),
            "penalties": {p.name: round(p.value, 3) for p in self.penalties},
            **({"veto": self.veto} if self.veto else {}),
        }

    def evidence_json(self) -> str:
        """``json.dumps(self.evidence(), ensure_ascii=False)``, written directly: a library's
        first resolution stores tens of thousands of these."""
        penalties = ", ".join(
            f"{encode_basestring(p.name)}: {round(p.value, 3)!r}" for p in self.penalties
        )
        veto = f', "veto": {encode_basestring(self.veto)}' if self.veto else ""
        return (
            f'{{"rule": {encode_basestring(self.rule)}, "score": {self.score!r},'
            f' "distance": {round(self.distance, 4)!r}, "outcome": "{self.outcome}",'
            f' "summary": {encode_basestring(self.summary())},'
            f' "penalties": {{{penalties}}}{veto}}}'
        )


def same_isrc(isrc: str) -> Judgement:
    return Judgement("accept", 0.0, (), None, (f"same ISRC {isrc}",), rule="isrc")


def same_service_track(key: str, linked: str) -> Judgement:
    """Stage 1: one service says these ids are one track (a relinked copy and its original)."""
    service = key.split(":", 1)[0]
    name = "Spotify" if service == "spotify" else service
    note = f"{name} relink: {linked} plays as {key}"
    return Judgement("accept", 0.0, (), None, (note,), rule="relink")


class Matcher:
    """Judges pairs of :class:`TrackFeatures` under a :class:`MatchPolicy`."""

    def __init__(self, policy: MatchPolicy | None = None, similarity: Similarity | None = None):
        self.policy = policy or MatchPolicy()
        self._similarity = similarity or difflib_similarity
        self._floor: tuple[MatchPolicy, float] | None = None

    def hopeless(self, a: TrackFeatures, b: TrackFeatures) -> bool:
        """True when the titles alone rule the pair out, whatever else agrees: the cheap test
        run before a full judgement (most pairs in a block are different songs)."""
        if a.base_key == b.base_key or (a.isrc and a.isrc == b.isrc):
            return False
        return self.title_similarity(a, b) < self._hopeless_below()

    def _hopeless_below(self) -> float:
        """The title similarity under which, even with every other penalty at 0, the distance
        exceeds the review threshold (computed once per policy: this runs for every pair)."""
        if self._floor is None or self._floor[0] is not self.policy:
            total = sum(WEIGHTS.values())
            worst_title_penalty = self.policy.review_at * total / WEIGHTS["title"]
            self._floor = (self.policy, 1.0 - worst_title_penalty * (1.0 - TITLE_FLOOR))
        return self._floor[1]

    def title_similarity(self, a: TrackFeatures, b: TrackFeatures) -> float:
        if a.title == b.title or (a.title_alt == b.title_alt and a.title_alt):
            return 1.0
        sim = max(self._similarity(a.title, b.title), self._similarity(a.title_alt, b.title_alt))
        if a.base_key == b.base_key and a.has_subtitle != b.has_subtitle:
            sim = max(sim, 0.9)  # a subtitle one service drops ("Song (Love Theme)")
        return sim

    def artist_overlap(self, a: TrackFeatures, b: TrackFeatures) -> tuple[float, str]:
        if not a.artists or not b.artists:
            return 0.5, "artists unknown"
        if a.artists == b.artists or a.artists_alt == b.artists_alt:
            return 1.0, "artists equal"
        small, large = (a, b) if len(a.artists) <= len(b.artists) else (b, a)
        matched = 0
        for name, alt in small.artist_alts:
            if (
                name in large.artists
                or alt in large.artists_alt
                or any(self._similarity(name, other) >= 0.88 for other in large.artists)
            ):
                matched += 1
        share = matched / len(small.artists)
        text = f"artists overlap {matched} of {len(small.artists)}"
        if share == 1.0:
            return (0.95, text) if len(small.artists) < len(large.artists) else (1.0, text)
        return share, text

    def judge(self, a: TrackFeatures, b: TrackFeatures) -> Judgement:
        policy = self.policy
        notes: list[str] = []
        penalties: list[Penalty] = []
        veto: str | None = None
        if a.isrc and a.isrc == b.isrc:
            return same_isrc(a.isrc)

        sim = self.title_similarity(a, b)
        notes.append(f"title {sim:.2f}")
        title_penalty = min(1.0, (1.0 - sim) / (1.0 - TITLE_FLOOR))
        penalties.append(Penalty("title", title_penalty, WEIGHTS["title"]))

        overlap, artist_note = self.artist_overlap(a, b)
        notes.append(artist_note)
        penalties.append(Penalty("artists", 1.0 - overlap, WEIGHTS["artists"]))

        if a.duration_ms is not None and b.duration_ms is not None:
            delta = b.duration_ms - a.duration_ms
            over = max(0, abs(delta) - DURATION_SAME_MS)
            value = min(1.0, over / (DURATION_FULL_MS - DURATION_SAME_MS))
            penalties.append(Penalty("duration", value, WEIGHTS["duration"]))
            notes.append(f"duration {delta / 1000:+.1f} s")
        else:
            notes.append("duration unknown")

        tags = compare_tags(a.tags, b.tags, policy) if a.tags or b.tags else _NO_TAGS
        notes.extend(f"both '{kind}'" for kind in tags.shared)
        notes.extend(f"{w} (same by policy)" for w in tags.waived)
        known_duration = a.duration_ms is not None and b.duration_ms is not None
        if tags.soft or (tags.uncertain and not known_duration):
            penalties.append(Penalty("version", 1.0, WEIGHTS["version"]))
        notes.extend(tags.soft)
        notes.extend(tags.uncertain)
        if tags.hard:
            veto = "version differs: " + "; ".join(tags.hard)
        if a.explicit is not None and b.explicit is not None and a.explicit != b.explicit:
            if policy.explicit_clean_is_same:
                notes.append("explicit vs clean (same by policy)")
            else:
                veto = veto or "explicit vs clean version"
        if a.numbers and b.numbers and a.numbers != b.numbers:
            left, right = ",".join(sorted(a.numbers)), ",".join(sorted(b.numbers))
            veto = veto or f"numbers differ ({left} vs {right})"

        total = sum(p.weight for p in penalties)
        distance = sum(p.value * p.weight for p in penalties) / total
        if veto is not None:
            notes.append(veto)
            return Judgement(
                "reject",
                max(distance, policy.review_at + 0.01),
                tuple(penalties),
                veto,
                tuple(notes),
            )
        outcome: Outcome = "reject"
        if distance <= policy.accept_at:
            outcome = "accept"
        elif distance <= policy.review_at:
            outcome = "review"
        return Judgement(outcome, distance, tuple(penalties), None, tuple(notes))
