"""Which tracks the listener loved once and stopped playing, and how to say so.

A track qualifies when it was loved *before* a cut-off date and not played at all since:
loved means at least ``min_plays`` real listens (:func:`recommender.sessions.play_weight` of at
least a half: skips and short plays do not count) within one calendar year, or liked/saved and
really listened to at least once. Counting per year rather than in total keeps the question
"what did you love then?": forty plays in 2023 say more than forty spread over ten years.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from recommender.data import Play
from recommender.sessions import SessionRules, play_weight

#: Extra score for a liked track: liking is a stronger statement than a few plays.
LIKED_BONUS = 1.0


@dataclass(frozen=True, slots=True)
class LovedTrack:
    """A rediscover candidate: its score (higher is better) and the words that explain it."""

    score: float
    reason: str


def loved_earlier(
    plays: Sequence[Play], cutoff: datetime, min_plays: int, liked: Collection[str] = ()
) -> dict[str, LovedTrack]:
    """Tracks loved before ``cutoff`` and not played (at all) from ``cutoff`` on."""
    rules = SessionRules()
    by_year: dict[str, Counter[int]] = defaultdict(Counter)
    recent: set[str] = set()
    for play in plays:
        if play.played_at >= cutoff:
            if play_weight(play, rules) > 0.0:
                recent.add(play.track_id)
        elif play_weight(play, rules) >= 0.5:
            by_year[play.track_id][play.played_at.year] += 1
    liked_set = set(liked)
    loved: dict[str, LovedTrack] = {}
    for track_id, years in by_year.items():
        if track_id in recent:
            continue
        year, count = max(years.items(), key=lambda item: (item[1], item[0]))
        is_liked = track_id in liked_set
        if count < min_plays and not is_liked:
            continue
        score = math.log1p(count) + (LIKED_BONUS if is_liked else 0.0)
        loved[track_id] = LovedTrack(score, _reason(count, year, is_liked))
    return loved


def _reason(count: int, year: int, liked: bool) -> str:
    times = "once" if count == 1 else f"{count} times"
    if liked:
        return f"you liked it and played it {times} in {year}"
    return f"you played it {times} in {year}"
