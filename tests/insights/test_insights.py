"""Listening insights on a small library whose answers are known by hand (see ``support``)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from domain import Listen, ServiceTrack
from store import Library, Profile, open_library
from store.insights import Period, SeriesPoint, Tally, library_overlap, series, top, totals
from tests.insights.support import PASSPHRASE, TOTAL_LISTENS, TOTAL_MS, add, ms, utc

FEBRUARY = Period(ms(utc(2024, 2, 1)), ms(utc(2024, 3, 1)))


def test_a_play_two_sources_reported_counts_once(library: Library) -> None:
    with library.read() as db:
        assert totals(db) == Tally(TOTAL_LISTENS, TOTAL_MS)
        (alpha, *_) = top(db, "tracks")
    assert alpha.name == "Alpha — Ann"
    assert (alpha.listens, alpha.ms_played) == (3, 300_000)
    assert alpha.services == ("lastfm", "spotify")


def test_a_period_is_half_open(library: Library) -> None:
    with library.read() as db:
        assert totals(db, FEBRUARY) == Tally(3, 220_000)
        assert totals(db, Period(until=ms(utc(2024, 2, 1, 0, 10)))) == Tally(1, 200_000)
        assert totals(db, Period(since=ms(utc(2024, 2, 1, 0, 10)))) == Tally(5, TOTAL_MS - 200_000)


def test_month_buckets_are_utc_whatever_the_local_zone(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: the first play is February there
    time.tzset()
    try:
        with library.read() as db:
            months = series(db, "month")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert months == [
        SeriesPoint("2024-01", 1, 200_000, {"spotify": Tally(1, 200_000)}),
        SeriesPoint("2024-02", 3, 220_000, {"spotify": Tally(3, 220_000)}),
        SeriesPoint(
            "2024-03", 2, 1_000_000, {"lastfm": Tally(1, 0), "spotify": Tally(1, 1_000_000)}
        ),
    ]


def test_series_by_service_credits_the_first_report(library: Library) -> None:
    with library.read() as db:
        assert series(db, "service") == [
            SeriesPoint("lastfm", 1, 0),
            SeriesPoint("spotify", 5, TOTAL_MS),
        ]
        assert series(db, "service", FEBRUARY) == [SeriesPoint("spotify", 3, 220_000)]


def test_top_lists_count_music_only(library: Library) -> None:
    with library.read() as db:
        tracks = [(e.name, e.listens, e.ms_played) for e in top(db, "tracks")]
        artists = [(e.name, e.listens, e.ms_played) for e in top(db, "artists")]
        albums = [(e.name, e.listens, e.ms_played) for e in top(db, "albums")]
    assert tracks == [("Alpha — Ann", 3, 300_000), ("Beta — Bob", 2, 120_000)]
    assert artists == [("Ann", 3, 300_000), ("Bob", 2, 120_000)]
    assert albums == [("First — Ann", 3, 300_000), ("Second — Bob", 2, 120_000)]


def test_top_list_of_a_period(library: Library) -> None:
    with library.read() as db:
        tracks = [(e.name, e.listens, e.ms_played) for e in top(db, "tracks", FEBRUARY)]
    assert tracks == [("Beta — Bob", 2, 120_000), ("Alpha — Ann", 1, 100_000)]


def test_top_ties_are_broken_by_time_then_name(library: Library) -> None:
    def song(title: str) -> ServiceTrack:
        return ServiceTrack("deezer", title, title, ("Tie",))

    at = utc(2022, 6, 1)
    add(
        library,
        [
            Listen(song("zed"), at, "deezer", 50_000),
            Listen(song("Apple"), at, "deezer", 50_000),
            Listen(song("Mango"), at, "deezer", 50_001),
        ],
        "ties",
    )
    june = Period(ms(utc(2022, 6, 1)), ms(utc(2022, 7, 1)))
    with library.read() as db:
        names = [e.name for e in top(db, "tracks", june)]
        first = [e.name for e in top(db, "tracks", june, limit=2)]
        artists = top(db, "artists", june)
    assert names == ["Mango — Tie", "Apple — Tie", "zed — Tie"]
    assert first == names[:2]
    assert [(a.name, a.listens) for a in artists] == [("Tie", 3)]


def test_artist_spellings_are_one_artist(library: Library) -> None:
    add(
        library,
        [
            Listen(ServiceTrack("tidal", "1", "Halo", ("Beyoncé",)), utc(2021, 1, 1), "tidal", 1),
            Listen(ServiceTrack("tidal", "2", "Halo 2", ("BEYONCE",)), utc(2021, 1, 2), "tidal", 1),
            Listen(ServiceTrack("tidal", "3", "Halo 3", ("Beyoncé",)), utc(2021, 1, 3), "tidal", 1),
        ],
        "spellings",
    )
    with library.read() as db:
        (artist,) = top(db, "artists", Period(until=ms(utc(2022, 1, 1))))
    assert (artist.name, artist.listens) == ("Beyoncé", 3)


def test_library_overlap_by_recording(library: Library) -> None:
    with library.read() as db:
        overlap = {o.service: o for o in library_overlap(db)}
    assert set(overlap) == {"apple_music", "spotify", "youtube_music"}
    spotify, apple, youtube = overlap["spotify"], overlap["apple_music"], overlap["youtube_music"]
    assert (spotify.recordings, apple.recordings, youtube.recordings) == (3, 2, 2)
    assert spotify.shared_with == {"apple_music": 1, "youtube_music": 2}
    assert apple.shared_with == {"spotify": 1, "youtube_music": 1}
    assert youtube.shared_with == {"apple_music": 1, "spotify": 2}
    assert (spotify.on_any_other, apple.on_any_other, youtube.on_any_other) == (2, 1, 2)


def test_an_empty_library_has_no_insights(tmp_path: Path) -> None:
    lib = open_library(Profile.resolve(tmp_path / "empty"), PASSPHRASE)
    try:
        with lib.read() as db:
            assert totals(db) == Tally(0, 0)
            assert series(db, "month") == []
            assert series(db, "service") == []
            assert top(db, "tracks") == top(db, "artists") == top(db, "albums") == []
            assert library_overlap(db) == []
    finally:
        lib.close()
