"""Splitting plays into sessions and weighing them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from recommender.data import Play
from recommender.sessions import SessionRules, play_weight, split_sessions

T0 = datetime(2023, 5, 1, 20, 0, tzinfo=UTC)


def play(track: str, minute: float, seconds: int = 200, **kw: object) -> Play:
    return Play(track, T0 + timedelta(minutes=minute), seconds * 1000, **kw)  # type: ignore[arg-type]


def test_a_silence_longer_than_the_gap_starts_a_new_session() -> None:
    plays = [play("a", 0), play("b", 4), play("c", 4 + 3.4 + 31), play("d", 45)]
    assert split_sessions(plays) == [[("a", 1.0), ("b", 1.0)], [("c", 1.0), ("d", 1.0)]]


def test_the_gap_is_measured_from_the_end_of_the_previous_play() -> None:
    # A 40-minute track ends at minute 40; the next starts at minute 60: 20 minutes of silence.
    plays = [play("long", 0, seconds=40 * 60), play("next", 60)]
    assert len(split_sessions(plays)) == 1


def test_skips_and_short_plays_weigh_less_and_taps_not_at_all() -> None:
    plays = [
        play("full", 0),
        play("skipped", 4, seconds=100, skipped=True),
        play("short", 6, seconds=20),
        play("tap", 7, seconds=2),
    ]
    weights = dict(split_sessions(plays)[0])
    assert weights == {"full": 1.0, "skipped": 0.2, "short": 0.2}


def test_half_heard_tracks_count_half() -> None:
    assert play_weight(play("a", 0, seconds=60, duration_ms=200_000), SessionRules()) == 0.5


def test_repeats_add_up_and_keep_first_position() -> None:
    plays = [play("a", 0), play("b", 4), play("a", 8), play("a", 12)]
    assert split_sessions(plays) == [[("a", 3.0), ("b", 1.0)]]


def test_a_session_of_only_taps_is_dropped() -> None:
    assert split_sessions([play("a", 0, seconds=1), play("b", 1, seconds=1)]) == []


@given(st.permutations(list(range(6))))
def test_input_order_does_not_matter(order: list[int]) -> None:
    plays = [play(f"t{i}", i * 20.0) for i in range(6)]
    assert split_sessions([plays[i] for i in order]) == split_sessions(plays)
