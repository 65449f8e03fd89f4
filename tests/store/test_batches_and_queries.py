"""Import batches are idempotent and all-or-nothing; listens from two sources count once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from domain import ImportRecord, Listen, Playlist, PlaylistEntry, ServiceTrack
from store import Library
from store.importing import AlreadyImported, BatchCounts
from tests.store.support import T0, listens, sample_records, track


def _import(lib: Library, records: Sequence[ImportRecord], content_hash: str = "h") -> BatchCounts:
    with lib.begin_import("test", "file.json", content_hash) as batch:
        for record in records:
            batch.add(record)
    return batch.counts


def test_the_same_file_twice_adds_nothing(library: Library) -> None:
    _import(library, sample_records())
    with pytest.raises(AlreadyImported):
        _import(library, sample_records())


def test_an_overlapping_later_export_adds_only_the_new_rows(library: Library) -> None:
    _import(library, listens(100), "month-1")
    counts = _import(library, listens(150), "month-2")  # first 100 are the same plays
    assert counts.listens == 50
    assert counts.skipped == 100
    assert library.status()["listens"] == 150


def test_a_failing_file_leaves_the_library_exactly_as_before(library: Library) -> None:
    _import(library, sample_records(), "first")
    before = library.status()

    class Broken(Exception):
        pass

    def import_that_breaks() -> None:
        with library.begin_import("test", "bad.json", "bad") as batch:
            for i, record in enumerate(listens(21_000, start=1000)):
                batch.add(record)  # two chunks are committed before the failure
                if i == 20_500:
                    raise Broken

    with pytest.raises(Broken):
        import_that_breaks()
    assert library.status() == before


def test_the_same_play_from_two_sources_is_one_listen(library: Library) -> None:
    song = ServiceTrack("spotify", "abc", "Hey Jude - Remastered 2015", ("The Beatles",))
    scrobble = ServiceTrack("lastfm", None, "Hey Jude - Remastered 2015", ("the beatles",))
    other = ServiceTrack("lastfm", None, "Let It Be", ("The Beatles",))
    spotify = [Listen(song, T0 + timedelta(hours=h), "spotify", 400_000) for h in range(3)]
    lastfm = [
        Listen(scrobble, T0 + timedelta(seconds=50), "lastfm"),  # same play, clock skew
        Listen(scrobble, T0 + timedelta(hours=1, minutes=10), "lastfm"),  # another play
        Listen(other, T0 + timedelta(hours=2), "lastfm"),  # another song at the same time
    ]
    _import(library, spotify, "spotify")
    counts = _import(library, lastfm, "lastfm")
    assert counts.duplicate_listens == 1
    assert library.status()["listens"] == 5


def test_a_reimported_playlist_is_replaced_in_its_new_order(library: Library) -> None:
    first = Playlist("spotify", "Mix", tuple(PlaylistEntry(i, track(i)) for i in range(4)), "p1")
    _import(library, [first], "v1")
    reordered = Playlist(
        "spotify",
        "Mix (renamed)",
        tuple(PlaylistEntry(i, track(n)) for i, n in enumerate([3, 1, 7])),
        "p1",
    )
    _import(library, [reordered], "v2")
    (row,) = library.playlists.list()
    assert row.name == "Mix (renamed)"
    titles = [e.track.title for e in library.playlists.entries(row.id)]
    assert titles == ["Song 3", "Song 1", "Song 7"]


def test_search_as_you_type_matches_prefixes_and_ignores_accents(library: Library) -> None:
    _import(
        library,
        [
            ServiceTrack("spotify", "1", "Déjà Vu", ("Beyoncé",), "B'Day"),
            ServiceTrack("spotify", "2", "Halo", ("Beyoncé",), "I Am... Sasha Fierce"),
            ServiceTrack("spotify", "3", "Vulture", ("Somebody",)),
        ],
    )
    assert library.tracks.count("beyo") == 2
    assert library.tracks.count("deja") == 1
    assert library.tracks.count("v") == 2  # Vu, Vulture
    assert library.tracks.count('" OR *') == 0  # operators are searched as text, not run
    page = library.tracks.page(0, 10, query="beyonce", sort="title", descending=True)
    assert [t.title for t in page] == ["Halo", "Déjà Vu"]


def test_pages_are_stable_and_sortable_by_any_column(library: Library) -> None:
    _import(library, [track(n) for n in range(120)])
    for sort in ("title", "artists", "album", "duration_ms", "service", "plays"):
        rows = library.tracks.page(0, 50, sort=sort) + library.tracks.page(50, 100, sort=sort)
        assert len({r.id for r in rows}) == 120
    durations = [r.duration_ms for r in library.tracks.page(0, 120, sort="duration_ms")]
    assert durations == sorted(durations)
