"""Songs from beyond the library, ranked on this computer from what open sources said.

Two pure steps over plain values (no store, no network):

1. :func:`choose_seeds` picks the few songs worth asking Last.fm / ListenBrainz about, and how
   much the listener cares for each (*affinity*): plays (weighted like training, so skips count
   little), a like, and, where the model has a vector for the song, how close it sits to the
   listener's overall taste. Only these seeds' titles and artists ever leave the computer.
2. :func:`rank_beyond` turns the sources' answers (:class:`~domain.similar.SimilarTrack`, each
   tied to a seed key) into suggestions. A candidate's score is the sum, over every (source,
   seed) that named it, of *seed affinity × the source's similarity × a weight for how it was
   found* (a song similar to the seed counts more than a top song of a similar artist); a song
   named by both sources gets a further bonus, so agreement ranks higher. Songs the library
   already holds (same MBID, ISRC, or normalised title and artists) never come back, nor do
   hidden ones or anything the user said "not for me" to. At most ``max_per_artist`` per
   artist; ties are broken by key, so the same input always gives the same list.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from domain.normalize import fold, match_key
from domain.similar import SimilarTrack
from recommender.data import Interactions, Play, TrackInfo
from recommender.models.base import normalize_rows
from recommender.rerank import VectorLookup
from recommender.sessions import SessionRules, play_weight

SOURCE_NAMES = {"lastfm": "Last.fm", "listenbrainz": "ListenBrainz"}
#: A song similar to the seed itself weighs more than a top song of a similar artist.
VIA_WEIGHT = {"track": 1.0, "artist": 0.5}
#: Extra weight per additional source that named the same song.
AGREEMENT_BONUS = 0.5
LIKE_BONUS = 1.0


def track_seed_key(title: str, artist: str) -> str:
    return "track:" + match_key(title, (artist,))


def artist_seed_key(artist: str) -> str:
    return "artist:" + fold(artist)


@dataclass(frozen=True, slots=True)
class SeedTaste:
    """A song of the listener's to ask about, and how much they care for it (> 0)."""

    track_id: str
    title: str
    artist: str
    affinity: float

    @property
    def track_key(self) -> str:
        return track_seed_key(self.title, self.artist)

    @property
    def artist_key(self) -> str:
        return artist_seed_key(self.artist)


@dataclass(frozen=True)
class Owned:
    """What the library holds or hides, as keys (built by the store from the library)."""

    mbids: Collection[str] = frozenset()
    isrcs: Collection[str] = frozenset()
    keys: Collection[str] = frozenset()
    hidden_keys: Collection[str] = frozenset()
    hidden_mbids: Collection[str] = frozenset()
    dismissed_keys: Collection[str] = frozenset()
    dismissed_artists: Collection[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BeyondSuggestion:
    """A song the listener does not have yet, its score, and why (in words)."""

    key: str
    title: str
    artists: tuple[str, ...]
    score: float
    reason: str
    sources: tuple[str, ...]
    seeds: tuple[str, ...]
    mbid: str | None = None
    url: str | None = None


def choose_seeds(
    interactions: Interactions,
    plays: Sequence[Play],
    vectors: VectorLookup | None = None,
    n: int = 10,
    max_per_artist: int = 2,
) -> list[SeedTaste]:
    """The ``n`` songs the listener cares for most, at most ``max_per_artist`` per artist."""
    rules = SessionRules()
    weight: dict[str, float] = defaultdict(float)
    for play in plays:
        weight[play.track_id] += play_weight(play, rules)
    raw: dict[str, float] = {t: math.log1p(w) for t, w in weight.items() if w > 0}
    for track_id in interactions.saved:
        raw[track_id] = raw.get(track_id, 0.0) + LIKE_BONUS
    tracks = interactions.tracks
    known = sorted(
        (t for t in raw if t in tracks and tracks[t].title and tracks[t].artists),
        key=lambda t: (-raw[t], t),
    )
    closeness = _closeness_to_taste(known[: max(4 * n, 20)], raw, vectors)
    affinity = {t: raw[t] * closeness.get(t, 0.75) for t in known}
    ordered = sorted(affinity, key=lambda t: (-affinity[t], t))
    chosen: list[SeedTaste] = []
    per_artist: dict[str, int] = defaultdict(int)
    for track_id in ordered:
        info: TrackInfo = tracks[track_id]
        artist = fold(info.main_artist)
        if per_artist[artist] >= max_per_artist:
            continue
        per_artist[artist] += 1
        chosen.append(SeedTaste(track_id, info.title, info.main_artist, affinity[track_id]))
        if len(chosen) >= n:
            break
    return chosen


def _closeness_to_taste(
    track_ids: Sequence[str], raw: Mapping[str, float], vectors: VectorLookup | None
) -> dict[str, float]:
    """0.5..1 per song: how close its vector sits to the weighted mean of them all."""
    if vectors is None or not track_ids:
        return {}
    found = vectors(track_ids)
    if found is None or len(found) != len(track_ids):
        return {}
    unit = normalize_rows(np.asarray(found, dtype=np.float32))
    weights = np.asarray([raw[t] for t in track_ids], dtype=np.float32)
    taste = (unit * weights[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(taste))
    if norm == 0.0:
        return {}
    cosine = np.clip(unit @ (taste / norm), 0.0, 1.0)
    return {t: 0.5 + 0.5 * float(c) for t, c in zip(track_ids, cosine, strict=True)}


@dataclass(frozen=True, slots=True)
class _Evidence:
    contribution: float
    seed: SeedTaste
    source: str
    via: str


@dataclass
class _Group:
    title: str
    artists: tuple[str, ...]
    mbid: str | None = None
    url: str | None = None
    score_by_source: dict[str, float] = field(default_factory=dict)
    evidence: list[_Evidence] = field(default_factory=list)


def _is_excluded(t: SimilarTrack, key: str, owned: Owned, folded: Callable[[str], str]) -> bool:
    mbid = (t.mbid or "").lower()
    if mbid and (mbid in owned.mbids or mbid in owned.hidden_mbids):
        return True
    if t.isrc and t.isrc.upper() in owned.isrcs:
        return True
    if key in owned.keys or key in owned.hidden_keys or key in owned.dismissed_keys:
        return True
    return bool(owned.dismissed_artists) and any(
        folded(a) in owned.dismissed_artists for a in t.artists
    )


def rank_beyond(
    fetched: Sequence[SimilarTrack],
    seeds: Sequence[SeedTaste],
    owned: Owned,
    n: int = 25,
    max_per_artist: int = 2,
) -> list[BeyondSuggestion]:
    """Suggestions from the sources' answers (module docstring): best first, deterministic."""
    by_track = {s.track_key: s for s in seeds}
    by_artist: dict[str, list[SeedTaste]] = defaultdict(list)
    for one in seeds:
        by_artist[one.artist_key].append(one)
    groups: dict[str, _Group] = {}
    alias: dict[str, str] = {}  # MBID → group key, so one song is one group across sources
    # A song's key is worked out once (normalising is the costly part), not per comparison.
    memo: dict[tuple[str, tuple[str, ...]], str] = {}
    folds: dict[str, str] = {}

    def folded(name: str) -> str:
        found = folds.get(name)
        if found is None:
            found = folds[name] = fold(name)
        return found

    keyed = [(t, memo.get((t.title, t.artists)) or memo.setdefault((t.title, t.artists), t.key))
             for t in fetched]  # fmt: skip
    keyed.sort(key=lambda pair: (pair[0].source, pair[0].seed_key, -pair[0].score, pair[1]))
    for t, song in keyed:
        seed = _seed_for(t.seed_key, by_track, by_artist)
        if seed is None or t.score <= 0 or _is_excluded(t, song, owned, folded):
            continue
        mbid = (t.mbid or "").lower() or None
        key = alias.get(mbid, song) if mbid else song
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(t.title, t.artists, mbid, t.url)
        if mbid and group.mbid is None:
            group.mbid = mbid
        if group.mbid:
            alias.setdefault(group.mbid, key)
        if group.url is None:
            group.url = t.url
        contribution = seed.affinity * t.score * VIA_WEIGHT.get(t.via, 0.5)
        group.score_by_source[t.source] = group.score_by_source.get(t.source, 0.0) + contribution
        group.evidence.append(_Evidence(contribution, seed, t.source, t.via))

    scored = []
    for key, group in groups.items():
        total = sum(group.score_by_source.values())
        total *= 1.0 + AGREEMENT_BONUS * (len(group.score_by_source) - 1)
        scored.append((round(total, 9), key, group))
    scored.sort(key=lambda item: (-item[0], item[1]))

    picked: list[BeyondSuggestion] = []
    per_artist: dict[str, int] = defaultdict(int)
    for total, key, group in scored:
        artist = folded(group.artists[0]) if group.artists else ""
        if per_artist[artist] >= max_per_artist:
            continue
        per_artist[artist] += 1
        sources = tuple(sorted(group.score_by_source))
        seed_titles = tuple(
            dict.fromkeys(e.seed.title for e in sorted(group.evidence, key=_strongest))
        )
        picked.append(
            BeyondSuggestion(
                key,
                group.title,
                group.artists,
                total,
                beyond_reason(group.evidence, sources),
                sources,
                seed_titles,
                group.mbid,
                group.url,
            )
        )
        if len(picked) >= n:
            break
    return picked


def _strongest(e: _Evidence) -> tuple[float, str]:
    return (-e.contribution, e.seed.track_id)


def _seed_for(
    seed_key: str, by_track: Mapping[str, SeedTaste], by_artist: Mapping[str, list[SeedTaste]]
) -> SeedTaste | None:
    if seed_key in by_track:
        return by_track[seed_key]
    liked = by_artist.get(seed_key)
    if liked:
        # An artist seed stands for the listener's favourite song by that artist.
        return max(liked, key=lambda s: (s.affinity, s.track_id))
    return None


def beyond_reason(evidence: Sequence[_Evidence], sources: Sequence[str]) -> str:
    """ "similar to “A” and “B” on Last.fm and ListenBrainz", from the strongest evidence."""
    where = " and ".join(SOURCE_NAMES.get(s, s) for s in sources)
    strongest = sorted(evidence, key=_strongest)
    direct = [e for e in strongest if e.via == "track"]
    if direct:
        titles = list(dict.fromkeys(f"“{e.seed.title}”" for e in direct))[:2]
        return f"similar to {' and '.join(titles)} on {where}"
    artists = list(dict.fromkeys(e.seed.artist for e in strongest))[:2]
    return f"by an artist like {' and '.join(artists)} on {where}"
