"""Split a listening history into sessions and weigh each play.

A session ends when the listener was silent for longer than ``gap`` between the end of one play
and the start of the next. Inside a session a track's weight is the sum of its plays' weights:
a play heard through counts 1, a skip or a very short play counts little (it is weak, often
negative, evidence), a play too short to be a listen counts nothing, and repeats add up, so a
song played three times in an evening outweighs one played once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from recommender.data import Play

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SessionRules:
    """Thresholds for :func:`split_sessions`; the defaults follow common scrobbling rules."""

    gap: timedelta = timedelta(minutes=30)
    #: Plays shorter than this are ignored (a tap through a queue is not a listen).
    min_ms: int = 5_000
    #: Plays shorter than this (or skipped) count ``short_weight`` instead of 1.
    short_ms: int = 30_000
    short_weight: float = 0.2
    skipped_weight: float = 0.2
    #: Sessions with fewer distinct tracks than this carry no co-occurrence and are dropped.
    min_tracks: int = 1


def play_weight(play: Play, rules: SessionRules) -> float:
    """How much one play says "I like this track", in ``[0, 1]``."""
    if play.ms_played < rules.min_ms:
        return 0.0
    if play.skipped:
        return rules.skipped_weight
    if play.ms_played < rules.short_ms:
        return rules.short_weight
    if play.duration_ms and play.ms_played < play.duration_ms // 2:
        # Half a song heard: a listen, but a hesitant one.
        return 0.5
    return 1.0


def split_sessions(
    plays: Iterable[Play], rules: SessionRules | None = None
) -> list[list[tuple[str, float]]]:
    """Group plays into sessions of ``(track_id, weight)`` in order of first play.

    Plays are sorted by start time first, so the input order does not matter. A track repeated in
    a session appears once, with the summed weight of its plays.
    """
    rules = rules or SessionRules()
    ordered = sorted(plays, key=lambda p: (p.played_at, p.track_id))
    sessions: list[list[tuple[str, float]]] = []
    current: dict[str, float] = {}
    last_end = None
    for play in ordered:
        if last_end is not None and play.played_at - last_end > rules.gap:
            _close(current, sessions, rules)
            current = {}
        end = play.played_at + timedelta(milliseconds=max(play.ms_played, 0))
        last_end = end if last_end is None else max(last_end, end)
        weight = play_weight(play, rules)
        if weight > 0.0:
            current[play.track_id] = current.get(play.track_id, 0.0) + weight
    _close(current, sessions, rules)
    logger.debug("split plays into %d sessions", len(sessions))
    return sessions


def _close(
    current: dict[str, float], sessions: list[list[tuple[str, float]]], rules: SessionRules
) -> None:
    if len(current) >= max(rules.min_tracks, 1):
        sessions.append(list(current.items()))
