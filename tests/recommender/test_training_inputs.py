"""Training inputs: friends' shared playlists (behind consent) and a release year per track."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from connectors.apple_library_xml._mapping import to_track
from connectors.deezer_api._mapping import service_track as deezer_track
from connectors.exportify._rows import track_from_row
from connectors.spotify_api._mapping import service_track as spotify_track
from domain import ServiceTrack
from domain.release_year import release_year
from recommender.training import read_snapshot
from store import Library
from store.consents import Consents
from sync.crypto import DeviceKeys
from sync.document import TrackRef
from sync.recommend_inputs import shared_playlist_tracks
from sync.replica import Replica
from sync.state import save_replica
from tests.recommender.library_support import a_whole_source, add_records, open_test_library

FRIEND_DOC = "doc-sunday"


def _ref(service: str, n: int) -> TrackRef:
    return TrackRef(f"Unheard Song {n}", (f"Unheard Artist {n % 3}",), None, 200_000, None, {
        service: f"{service}-{n}"
    })  # fmt: skip


@pytest.fixture
def with_friend(tmp_path: Path) -> Library:
    """Deezer and Tidal libraries, and a friend's "Sunday" playlist mixing both (and a stranger)."""
    library = open_test_library(tmp_path / "lib")
    add_records(library, "deezer-file", a_whole_source("deezer"))
    add_records(library, "tidal-file", a_whole_source("tidal"))
    replica = Replica.create(FRIEND_DOC, DeviceKeys.generate(), "Sunday", "friend")
    for ref in (_ref("deezer", 1), _ref("tidal", 2), _ref("deezer", 5)):
        replica.add_track(ref)
    replica.add_track(TrackRef("Nobody Has This", ("Stranger",), service_ids={"tidal": "zzz"}))
    with library.write() as db:
        save_replica(db, replica, "ws://relay.test")
    return library


def _recording_of(library: Library, key: str) -> str:
    with library.read() as db:
        row = db.execute("SELECT recording_id FROM service_track WHERE key = ?", (key,)).fetchone()
    return str(row[0])


def test_a_friends_shared_playlist_trains_as_a_playlist(with_friend: Library) -> None:
    shared = shared_playlist_tracks(with_friend)
    assert [(s.name, len(s.track_ids)) for s in shared] == [("Sunday", 3)]
    snapshot = read_snapshot(with_friend, shared)
    expected = [
        _recording_of(with_friend, k)
        for k in ("deezer:deezer-1", "tidal:tidal-2", "deezer:deezer-5")
    ]
    assert snapshot.friend_playlists == {"Sunday": expected}
    assert expected in snapshot.interactions.playlists
    assert snapshot.fingerprint["shared_entries"] == 3


def test_a_refused_service_leaves_its_tracks_out_of_friends_playlists(
    with_friend: Library,
) -> None:
    Consents(with_friend).set("tidal", "recommend", False)
    snapshot = read_snapshot(with_friend, shared_playlist_tracks(with_friend))
    assert snapshot.friend_playlists == {
        "Sunday": [_recording_of(with_friend, k) for k in ("deezer:deezer-1", "deezer:deezer-5")]
    }


def test_friends_playlists_without_consent_change_nothing(with_friend: Library) -> None:
    for service in ("deezer", "tidal"):
        Consents(with_friend).set(service, "recommend", False)
    without = read_snapshot(with_friend)
    with_shared = read_snapshot(with_friend, shared_playlist_tracks(with_friend))
    assert with_shared.interactions == without.interactions
    assert with_shared.friend_playlists == {}


def test_the_release_year_reaches_the_recommender(tmp_path: Path) -> None:
    library = open_test_library(tmp_path / "lib")
    records = a_whole_source("deezer", count=3)
    records = [replace(r, year=1994) if isinstance(r, ServiceTrack) else r for r in records]
    add_records(library, "deezer-file", records)
    snapshot = read_snapshot(library)
    assert {info.year for info in snapshot.interactions.tracks.values()} == {1994}


def test_a_later_import_fills_in_a_missing_year(tmp_path: Path) -> None:
    library = open_test_library(tmp_path / "lib")
    records = a_whole_source("deezer", count=3)
    add_records(library, "deezer-file", records)
    assert {i.year for i in read_snapshot(library).interactions.tracks.values()} == {None}
    dated = [replace(r, year=2001) if isinstance(r, ServiceTrack) else r for r in records]
    add_records(library, "deezer-api", dated)
    assert {i.year for i in read_snapshot(library).interactions.tracks.values()} == {2001}
    add_records(library, "deezer-api", [replace(r, year=1990) for r in dated[:3]])
    assert {i.year for i in read_snapshot(library).interactions.tracks.values()} == {2001}


@pytest.mark.parametrize(
    ("value", "year"),
    [(1994, 1994), ("1994", 1994), ("1994-03-08", 1994), ("0000-00-00", None), ("", None),
     (None, None), (True, None), ("circa", None)],
)  # fmt: skip
def test_release_year_reads_what_sources_send(value: object, year: int | None) -> None:
    assert release_year(value) == year


def test_importers_keep_the_release_year_they_have() -> None:
    apple = to_track({"Persistent ID": "ABC", "Name": "Song", "Artist": "A", "Year": 1987})
    assert apple.year == 1987
    row = {"trackuri": "spotify:track:4uLU6hMCjMI75M1A2tKUQC", "trackname": "Song",
           "albumreleasedate": "2003-06-01"}  # fmt: skip
    assert track_from_row("export.csv", row, "row 2").year == 2003
    spotify = spotify_track(
        {"id": "x", "name": "Song", "artists": [{"name": "A"}],
         "album": {"name": "Al", "release_date": "1999"}}  # type: ignore[typeddict-item]
    )  # fmt: skip
    assert spotify is not None
    assert spotify.year == 1999
    deezer = deezer_track(
        {"id": 3, "title": "Song", "album": {"title": "Al"}, "release_date": "2011-01-02"}
    )
    assert deezer is not None
    assert deezer.year == 2011
