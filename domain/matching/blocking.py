"""Blocking: which pairs are worth comparing at all, so resolution is never O(n²).

A track lands in a few small *blocks*: its bare title ("t:yesterday"), the same in transliterated
form ("t:kino" for "Кино"), and per artist the first letters of the title ("a:beatles:yest"),
which catches titles that differ after the first word. Pairs are formed only inside a block;
blocks bigger than :data:`MAX_BLOCK` (a thousand songs called "Intro") are skipped, since the
artist blocks already hold the pairs that matter there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from domain.matching.features import TrackFeatures

MAX_BLOCK = 150
_PREFIX = 4


def block_keys(f: TrackFeatures) -> tuple[str, ...]:
    keys: set[str] = set()
    for base in {f.base_key, f.base_alt_key}:
        if base:
            keys.add("t:" + base)
            for artist in list(f.artists)[:3]:
                keys.add(f"a:{artist}:{base[:_PREFIX]}")
            for artist in list(f.artists_alt)[:3]:
                keys.add(f"a:{artist}:{base[:_PREFIX]}")
    return tuple(sorted(keys))


def group_blocks(keyed: Iterable[tuple[int, Iterable[str]]]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = {}
    for track_id, keys in keyed:
        for key in keys:
            blocks.setdefault(key, []).append(track_id)
    return blocks


def candidate_pairs(blocks: Mapping[str, Sequence[int]]) -> set[tuple[int, int]]:
    """Every pair of ids sharing a block of a workable size, as ``(smaller, larger)``."""
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        n = len(members)
        if n < 2 or n > MAX_BLOCK:
            continue
        ordered = sorted(set(members))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs.add((a, b))
    return pairs


def pairs_touching(blocks: Mapping[str, Sequence[int]], new: set[int]) -> set[tuple[int, int]]:
    """Pairs inside blocks that involve at least one id of ``new`` (incremental resolution)."""
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        unique = sorted(set(members))
        if len(unique) < 2 or len(unique) > MAX_BLOCK:
            continue
        for a in unique:
            if a not in new:
                continue
            for b in unique:
                if b != a:
                    pairs.add((min(a, b), max(a, b)))
    return pairs
