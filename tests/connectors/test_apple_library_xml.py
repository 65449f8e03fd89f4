"""iTunes / Music.app Library.xml: real file, pitfalls, hostile and broken XML."""

from __future__ import annotations

import plistlib
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connectors.errors import BadExport
from connectors.registry import detect
from domain import Listen, Playlist, SavedItem

REAL = "apple_itunes_library_xml/Library_MrMatiuz_iTunes12.9.xml"
SAMPLE = "apple_itunes_library_xml/Library_MrMatiuz.SAMPLE.xml"
BUILT_IN = ("Master", "Distinguished Kind", "Folder", "Smart Info", "Genius Track ID")


def _plist(path: Path) -> Any:
    with path.open("rb") as f:
        return plistlib.load(f)


def _of(records: list[Any], kind: type) -> list[Any]:
    return [r for r in records if isinstance(r, kind)]


@pytest.mark.parametrize("relative", [REAL, SAMPLE])
def test_real_library_gives_saved_tracks_last_plays_and_user_playlists(
    shared_data: Path, exports: Any, relative: str
) -> None:
    path = shared_data / relative
    library = _plist(path)
    tracks = list(library["Tracks"].values())
    file = exports.file(path)
    assert detect(file).name == "apple_library_xml"
    records = exports.read(file)

    saved = _of(records, SavedItem)
    assert len(saved) == sum(1 for t in tracks if not t.get("Playlist Only"))
    assert [s.added_at for s in saved] == [
        t["Date Added"].replace(tzinfo=UTC) for t in tracks if not t.get("Playlist Only")
    ]
    listens = _of(records, Listen)
    played = [t for t in tracks if "Play Date UTC" in t]
    assert len(listens) == len(played)
    assert [x.played_at for x in listens] == [
        t["Play Date UTC"].replace(tzinfo=UTC) - timedelta(milliseconds=t["Total Time"])
        for t in played
    ]
    user_playlists = [p for p in library["Playlists"] if not any(p.get(k) for k in BUILT_IN)]
    playlists = _of(records, Playlist)
    assert [p.service_id for p in playlists] == [
        p["Playlist Persistent ID"] for p in user_playlists
    ]


def test_real_library_counts(shared_data: Path, exports: Any) -> None:
    records = exports.read(exports.file(shared_data / REAL))
    library = _plist(shared_data / REAL)
    assert len(library["Tracks"]) == 1691
    assert len(_of(records, SavedItem)) == 1548  # 143 tracks are only in playlists
    assert len(_of(records, Playlist)) == 8


def test_playlists_keep_their_order_and_empty_ones_have_no_items(
    shared_data: Path, exports: Any
) -> None:
    path = shared_data / REAL
    library = _plist(path)
    by_id = {t["Track ID"]: t["Persistent ID"] for t in library["Tracks"].values()}
    raw = {p["Playlist Persistent ID"]: p for p in library["Playlists"]}
    playlists = _of(exports.read(exports.file(path)), Playlist)
    for playlist in playlists:
        items = raw[playlist.service_id].get("Playlist Items", [])
        assert [e.track.service_id for e in playlist.entries] == [
            by_id[i["Track ID"]] for i in items
        ]
        assert [e.position for e in playlist.entries] == list(range(len(items)))
    empty = [p for p in playlists if p.name == "Новый плейлист"]
    assert len(empty) == 2  # same name, told apart by persistent id
    assert all(p.entries == () for p in empty)


def test_localised_kind_does_not_decide_what_a_track_is(shared_data: Path, exports: Any) -> None:
    path = shared_data / REAL
    kinds = {t["Kind"] for t in _plist(path)["Tracks"].values()}
    assert "Аудиофайл AAC из Apple Music" in kinds
    assert "Apple Music AAC audio file" in kinds
    records = exports.read(exports.file(path))
    assert {s.track.kind for s in _of(records, SavedItem)} == {"track"}


def _library(tracks: list[dict[str, Any]], playlists: list[dict[str, Any]]) -> bytes:
    return plistlib.dumps(
        {
            "Major Version": 1,
            "Library Persistent ID": "0000000000000001",
            "Tracks": {str(t["Track ID"]): t for t in tracks},
            "Playlists": playlists,
        }
    )


def _track(track_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "Track ID": track_id,
        "Name": f"Song {track_id}",
        "Artist": "Band",
        "Kind": "MPEG-Audiodatei",
        "Total Time": 200_000,
        "Persistent ID": f"{track_id:016X}",
        "Track Type": "File",
        **extra,
    }


def test_play_date_counts_seconds_from_1904_in_local_time(exports: Any) -> None:
    # Track 1 has both dates: the library is at UTC+3. Track 2 has only "Play Date".
    utc = datetime(2021, 8, 25, 11, 34, 8)
    local_seconds = int((utc - datetime(1904, 1, 1)).total_seconds()) + 3 * 3600
    tracks = [
        _track(1, **{"Play Date": local_seconds, "Play Date UTC": utc}),
        _track(2, **{"Play Date": local_seconds + 60}),
    ]
    file = exports.write("Library.xml", _library(tracks, []))
    first, second = _of(exports.read(file), Listen)
    assert first.played_at == utc.replace(tzinfo=UTC) - timedelta(seconds=200)
    assert second.played_at == first.played_at + timedelta(seconds=60)


def test_location_is_normalised_from_localhost_form(exports: Any) -> None:
    tracks = [
        _track(1, Location="file://localhost/Users/me/Music/A%20Song.mp3"),
        _track(2, Location="file:///Users/me/Music/A%20Song.mp3"),
        _track(3, **{"Track Type": "Remote", "Apple Music": True}),
    ]
    saved = _of(exports.read(exports.write("Library.xml", _library(tracks, []))), SavedItem)
    assert [s.track.uri for s in saved] == ["file:///Users/me/Music/A%20Song.mp3"] * 2 + [None]
    assert [s.track.kind for s in saved] == ["local", "local", "track"]


def test_built_in_smart_and_folder_playlists_are_left_out(exports: Any) -> None:
    tracks = [_track(1), _track(2, **{"Playlist Only": True})]
    playlists: list[dict[str, Any]] = [
        {
            "Name": "Library",
            "Master": True,
            "Playlist Persistent ID": "A",
            "All Items": True,
            "Playlist Items": [{"Track ID": 1}],
        },
        {"Name": "Folder", "Folder": True, "Playlist Persistent ID": "B"},
        {
            "Name": "90s",
            "Smart Info": b"\x01",
            "Playlist Persistent ID": "C",
            "Playlist Items": [{"Track ID": 1}],
        },
        {
            "Name": "Mine",
            "Playlist Persistent ID": "D",
            "Playlist Items": [{"Track ID": 2}, {"Track ID": 1}, {"Track ID": 99}],
        },
        {"Name": "Empty", "Playlist Persistent ID": "E"},
    ]
    records = exports.read(exports.write("Library.xml", _library(tracks, playlists)))
    mine, empty = _of(records, Playlist)
    assert [e.track.title for e in mine.entries] == ["Song 2", "Song 1"]  # 99 is not in the file
    assert empty.entries == ()
    assert [s.track.title for s in _of(records, SavedItem)] == ["Song 1"]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE plist [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<plist version="1.0"><dict><key>Tracks</key><dict><key>1</key><dict>
<key>Name</key><string>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</string></dict></dict></dict></plist>
"""


def test_entity_expansion_is_refused(exports: Any) -> None:
    file = exports.write("Library.xml", BOMB)
    assert detect(file).name == "apple_library_xml"
    with pytest.raises(BadExport, match="refused: the XML declares entities"):
        exports.read(file)


def test_external_entities_are_refused(exports: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("token")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<plist><dict><key>Tracks</key><dict/><key>Name</key><string>&x;</string></dict></plist>"
    )
    with pytest.raises(BadExport, match="refused"):
        exports.read(exports.write("Library.xml", xml))


def test_truncated_xml_fails_with_a_line(shared_data: Path, exports: Any) -> None:
    data = (shared_data / SAMPLE).read_bytes()
    file = exports.write("Library.xml", data[: len(data) // 2])
    with pytest.raises(BadExport, match=r"Library.xml, line \d+: broken XML") as caught:
        exports.read(file)
    assert "\n" not in str(caught.value)


def test_a_bad_value_names_the_track(exports: Any) -> None:
    xml = _library([_track(1), _track(2)], []).replace(
        b"<integer>200000</integer>", b"<integer>lots</integer>"
    )
    with pytest.raises(BadExport, match="track 1: unreadable"):
        exports.read(exports.write("Library.xml", xml))


def test_memory_stays_bounded_on_a_large_library(exports: Any) -> None:
    tracks = [_track(i, Comments="x" * 2000) for i in range(1, 4001)]
    file = exports.write("Library.xml", _library(tracks, []))
    assert file.size > 8 << 20
    tracemalloc.start()
    try:
        count = sum(1 for _ in detect(file).read(file))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 4000
    assert peak < file.size // 2  # tracks are dropped as they are read
