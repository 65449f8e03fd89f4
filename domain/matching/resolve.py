"""The identity pipeline over tracks held in memory, from scratch or for a few new ones.

Stages (shared/docs/architecture.md): user decisions first (they always win), then the same
service track (a Spotify relink and the id it was relinked from), then a shared ISRC, then
scored candidates from blocking, best first. Only the pairs that actually joined two groups are
returned as decisions, so undoing one of them splits exactly one link.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

from domain.matching.blocking import block_keys, candidate_pairs, group_blocks, pairs_touching
from domain.matching.clusters import Clusters
from domain.matching.features import TrackFeatures
from domain.matching.policy import compare_tags
from domain.matching.scoring import Judgement, Matcher, same_isrc, same_service_track
from domain.matching.tags import VersionTag


@dataclass(frozen=True, slots=True)
class PairDecision:
    a: int
    b: int
    judgement: Judgement


@dataclass(slots=True)
class Resolution:
    clusters: Clusters
    joined: list[PairDecision] = field(default_factory=list)
    review: list[PairDecision] = field(default_factory=list)
    compared: int = 0


#: Within one recording, known durations never differ by more than this (a chain of
#: matches with unknown durations must not join a 3:05 and a 3:40 track).
CLUSTER_DURATION_MS = 6_000

Label = tuple[frozenset[VersionTag], int | None, frozenset[str]]


def new_clusters(features: Mapping[int, TrackFeatures], matcher: Matcher) -> Clusters:
    """Clusters that refuse to put incompatible versions together, even through a chain:
    hard version differences, durations too far apart, and different numbers in the title
    ("Song 1" ~ "Song" ~ "Song 2" must not make "Song 1" and "Song 2" one recording)."""
    policy = matcher.policy

    def compatible(a: object, b: object) -> bool:
        tags_a, ms_a, numbers_a = cast(Label, a)
        tags_b, ms_b, numbers_b = cast(Label, b)
        if ms_a is not None and ms_b is not None and abs(ms_a - ms_b) > CLUSTER_DURATION_MS:
            return False
        if numbers_a and numbers_b and numbers_a != numbers_b:
            return False
        return tags_a == tags_b or not compare_tags(tags_a, tags_b, policy).hard

    labels: dict[int, Hashable] = {
        i: (f.tags, f.duration_ms, f.numbers)
        for i, f in features.items()
        if f.tags or f.duration_ms or f.numbers
    }
    clusters = Clusters(labels, compatible)
    for track_id in features:
        clusters.add(track_id)
    return clusters


def resolve(
    features: Mapping[int, TrackFeatures],
    matcher: Matcher,
    *,
    must_link: Iterable[tuple[int, int]] = (),
    cannot_link: Iterable[tuple[int, int]] = (),
    new: set[int] | None = None,
    known_pairs: set[tuple[int, int]] | None = None,
    clusters: Clusters | None = None,
    keys: Mapping[int, Iterable[str]] | None = None,
) -> Resolution:
    """Group ``features`` into recordings.

    ``new``: only pairs touching these ids are scored (incremental import); ``known_pairs``
    were decided before and are not scored again; ``clusters`` carries existing groups;
    ``keys``: blocking keys already computed.
    """
    groups = clusters or new_clusters(features, matcher)
    result = Resolution(groups)
    for a, b in cannot_link:
        groups.forbid(a, b)
    for a, b in must_link:
        groups.join(a, b, force=True)
    _join_relinks(features, groups, result, new)
    by_isrc: dict[str, list[int]] = {}
    for track_id, f in features.items():
        if f.isrc:
            by_isrc.setdefault(f.isrc, []).append(track_id)
    for isrc, ids in by_isrc.items():
        if len(ids) < 2 or (new is not None and not new.intersection(ids)):
            continue
        ids.sort()
        for other in ids[1:]:
            if groups.join(ids[0], other):
                result.joined.append(PairDecision(ids[0], other, same_isrc(isrc)))
    if keys is None:
        keys = {i: block_keys(f) for i, f in features.items()}
    blocks = group_blocks(keys.items())
    pairs = candidate_pairs(blocks) if new is None else pairs_touching(blocks, new)
    scored: list[PairDecision] = []
    for a, b in pairs:
        if known_pairs is not None and (a, b) in known_pairs:
            continue
        if groups.find(a) == groups.find(b):
            continue
        result.compared += 1
        fa, fb = features[a], features[b]
        if matcher.hopeless(fa, fb):
            continue
        judgement = matcher.judge(fa, fb)
        if judgement.outcome != "reject":
            scored.append(PairDecision(a, b, judgement))
    scored.sort(key=lambda d: (d.judgement.distance, d.a, d.b))
    for decision in scored:
        if decision.judgement.outcome == "accept" and groups.join(decision.a, decision.b):
            result.joined.append(decision)
    for decision in scored:
        if decision.judgement.outcome == "review" and groups.find(decision.a) != groups.find(
            decision.b
        ):
            result.review.append(decision)
    return result


def _join_relinks(
    features: Mapping[int, TrackFeatures],
    groups: Clusters,
    result: Resolution,
    new: set[int] | None,
) -> None:
    """Stage 1: a track and the one it was relinked from (or two relinks of one id)."""
    linked = {f.linked_key for f in features.values() if f.linked_key}
    if not linked:
        return
    by_id: dict[str, list[int]] = {}
    for track_id, f in features.items():
        if f.linked_key:
            by_id.setdefault(f.linked_key, []).append(track_id)
        if f.service_key in linked:
            by_id.setdefault(f.service_key, []).append(track_id)
    for original, ids in by_id.items():
        if len(ids) < 2 or (new is not None and not new.intersection(ids)):
            continue
        ids.sort()
        first = ids[0]
        for other in ids[1:]:
            # The service says so: no version check, but the user's "different" still wins.
            if groups.join(first, other, check_compatible=False):
                f = features[other] if features[other].linked_key == original else features[first]
                result.joined.append(
                    PairDecision(first, other, same_service_track(f.service_key or "", original))
                )
