"""Ranking metrics of the RecSys Challenge 2018 (Spotify Million Playlist Dataset) and friends.

Definitions follow Chen et al., "Recsys Challenge 2018: Automatic Music Playlist Continuation"
(RecSys '18): ``G`` is the held-out ground truth, ``R`` the ranked recommendations.

* R-precision: ``|G ∩ R[:|G|]| / |G|`` (track level; the challenge's 0.25 artist bonus is
  optional through ``artist_of``).
* NDCG: ``DCG = rel_1 + Σ_{i≥2} rel_i / log2(i)``, divided by the DCG of a perfect list of
  ``min(|G|, k)`` hits. (The paper's ideal uses ``|G ∩ R|``, which calls one hit at rank 1
  "perfect"; the ``|G|`` ideal is what most later papers use and is stricter.)
* Recommended-songs clicks: Spotify's "recommended songs" feature shows 10 tracks per refresh;
  clicks = ``⌊(rank of first hit − 1) / 10⌋``, or 51 when no hit is in the first 500.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

NO_HIT_CLICKS = 51


def r_precision(
    recommended: Sequence[str],
    truth: Sequence[str],
    artist_of: Callable[[str], str] | None = None,
) -> float:
    """Share of the first ``|G|`` recommendations that are held-out tracks."""
    wanted = set(truth)
    if not wanted:
        return 0.0
    head = recommended[: len(wanted)]
    score = float(len(wanted.intersection(head)))
    if artist_of is not None:
        # The challenge adds a quarter point per held-out artist among the head's artists.
        missed_artists = {artist_of(t) for t in wanted} & {
            artist_of(t) for t in head if t not in wanted
        }
        hit_artists = {artist_of(t) for t in head if t in wanted}
        score += 0.25 * len(missed_artists - hit_artists)
    return min(score / len(wanted), 1.0)


def _discount(rank: int) -> float:
    """Challenge DCG discount for a 1-based rank: 1 at rank 1, ``1/log2(rank)`` after."""
    return 1.0 if rank == 1 else 1.0 / math.log2(rank)


def ndcg(recommended: Sequence[str], truth: Sequence[str], k: int = 500) -> float:
    """Normalised discounted cumulative gain of the first ``k`` recommendations."""
    wanted = set(truth)
    if not wanted:
        return 0.0
    dcg = sum(_discount(i + 1) for i, t in enumerate(recommended[:k]) if t in wanted)
    ideal = sum(_discount(i + 1) for i in range(min(len(wanted), k)))
    return dcg / ideal


def clicks(recommended: Sequence[str], truth: Sequence[str], k: int = 500) -> int:
    """Refreshes of a 10-track list before the first relevant track shows up."""
    wanted = set(truth)
    for i, track_id in enumerate(recommended[:k]):
        if track_id in wanted:
            return i // 10
    return NO_HIT_CLICKS


def recall_at(recommended: Sequence[str], truth: Sequence[str], k: int) -> float:
    """Share of held-out tracks found in the first ``k`` recommendations."""
    wanted = set(truth)
    if not wanted:
        return 0.0
    return len(wanted.intersection(recommended[:k])) / len(wanted)


def distinct_artists(
    recommended: Sequence[str], artist_of: Callable[[str], str], k: int = 10
) -> int:
    """How many different artists the first ``k`` recommendations have."""
    return len({artist_of(t) for t in recommended[:k]})
