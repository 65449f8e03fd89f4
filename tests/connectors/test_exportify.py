"""Exportify CSV: every header variant, ``\\,`` in artist names, our files read back."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadExport
from connectors.exportify import HEADER, write_playlist
from connectors.registry import detect
from connectors.sources import ExportFile
from domain import Playlist, ServiceTrack

URI = "spotify:track:1GrLfs4TEvAZ86HVzXHchS"


def test_newest_header_file_groups_rows_by_playlist_name(shared_data: Path, exports: Any) -> None:
    path = shared_data / "playlist_formats" / "exportify_sample_latest_header.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = Counter(row["Name"] for row in rows)
    file = exports.file(path)
    assert detect(file).name == "exportify_csv"
    playlists = exports.read(file)
    assert {p.name: len(p.entries) for p in playlists} == dict(expected)
    entries = [e for p in playlists for e in p.entries]
    assert [e.track.title for e in entries] == [row["Track Name"] for row in rows]
    assert [e.added_at for e in entries] == [
        datetime.fromisoformat(row["Added At"]).astimezone(UTC) for row in rows
    ]
    local = entries[1].track
    assert (local.service, local.service_id, local.kind) == ("spotify", None, "local")
    assert entries[2].added_by == "watsonbox"
    assert entries[2].track.isrc == "GBMEF1100339"


OLD_HEADER = (
    '"Added By","Added At","Track URI","Track Name","Artist URI(s)","Artist Name(s)","Album URI",'
    '"Album Name","Album Artist URI(s)","Album Artist Name(s)","Album Release Date",'
    '"Album Image URL","Disc Number","Track Number","Track Duration (ms)","Track Preview URL",'
    '"Explicit?","Popularity","ISRC"'
)
PLAYABLE_HEADER = (
    '"Track URI","Track Name","Artist URI(s)","Artist Name(s)","Album URI","Album Name",'
    '"Album Artist URI(s)","Album Artist Name(s)","Album Release Date","Album Image URL",'
    '"Disc Number","Track Number","Track Duration (ms)","Track Preview URL","Explicit",'
    '"Popularity","ISRC","Is Playable","Added By","Added At","Danceability"'
)


ARTISTS = '"Crosby\\, Stills\\, Nash & Young, Guest"'
TRACK = f'"{URI}","Our House","",{ARTISTS},"","Déjà Vu","","","","","1","1","180000","","true"'
ADDED = '"spotify:user:sam","2020-07-19T09:24:39Z"'
OLD_ROW = f'{ADDED},{TRACK},"50","USAT20000001"'
PLAYABLE_ROW = f'{TRACK},"50","USAT20000001","true",{ADDED},"0.5"'


@pytest.mark.parametrize(
    ("header", "row"),
    [(OLD_HEADER, OLD_ROW), (PLAYABLE_HEADER, PLAYABLE_ROW)],
    ids=["added-first", "is-playable"],
)
def test_older_header_variants_read_the_same(header: str, row: str, exports: Any) -> None:
    (playlist,) = exports.read(exports.write("Old Favourites.csv", f"{header}\n{row}\n"))
    assert (playlist.service, playlist.name) == ("spotify", "Old Favourites")
    (entry,) = playlist.entries
    assert entry.track == ServiceTrack(
        "spotify", "1GrLfs4TEvAZ86HVzXHchS", "Our House", ("Crosby, Stills, Nash & Young", "Guest"),
        "Déjà Vu", 180_000, "USAT20000001", True, URI,
    )  # fmt: skip
    assert (entry.added_at, entry.added_by) == (datetime(2020, 7, 19, 9, 24, 39, tzinfo=UTC), "sam")


def test_writer_uses_the_newest_header_and_matches_golden(
    golden: Callable[[str, bytes], None],
    golden_playlist: tuple[Playlist, dict[str, list[ServiceTrack]]],
    exports: Any,
) -> None:
    playlist, appearances = golden_playlist
    out = io.BytesIO()
    write_playlist(playlist, out, appearances)
    golden("playlist.csv", out.getvalue())
    assert next(csv.reader(io.StringIO(out.getvalue().decode()))) == list(HEADER)
    (read,) = exports.read(exports.write("back.csv", out.getvalue()))
    assert read.name == playlist.name
    assert read.entries == playlist.entries


# Exportify's escape cannot tell a backslash before a comma from an escaped comma, and names
# are trimmed; real names never hit either, generated ones must not.
NAME = (
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\\"), max_size=10)
    .map(str.strip)
    .filter(bool)
)
SPECIAL = st.sampled_from(("a, b", 'say "hi"', "&<>", "line\nbreak", "Beyoncé"))
TEXT = SPECIAL | st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_playlist_round_trips(
    data: st.DataObject, playlists: Callable[..., st.SearchStrategy[Playlist]]
) -> None:
    services = ("spotify", "apple_music", "youtube_music", "deezer", "tidal", "local")
    playlist = data.draw(playlists(text=TEXT, name_text=NAME, services=services))
    out = io.BytesIO()
    write_playlist(playlist, out)
    file = ExportFile("p.csv", len(out.getvalue()), lambda: io.BytesIO(out.getvalue()))
    records = list(detect(file).read(file))
    if not playlist.entries:
        assert records == []  # a CSV without rows holds no playlist at all
        return
    (read,) = records
    assert (read.name, read.entries) == (playlist.name, playlist.entries)


HEAD = '"Track URI","Track Name"'
BAD_CSV = [
    (f'{HEAD}\n"{URI}","unterminated\n', r"line \d+: broken CSV"),
    (f'{HEAD}\n"{URI}","a"\n"{URI}","b","extra"\n', r"line 3: row has 3 fields"),
    (f'{HEAD},"Track Duration (ms)"\n"{URI}","a","long"\n', r"line 2: track duration 'long'"),
    (f'{HEAD},"Added At"\n"{URI}","a","yesterday"\n', r"line 2: unreadable date"),
    (b'"Track URI","Track Name"\n"\xff\xfe","a"\n', r"line 2: not UTF-8"),
]


@pytest.mark.parametrize(
    ("content", "message"),
    BAD_CSV,
    ids=["unterminated-quote", "column-count", "duration", "date", "encoding"],
)
def test_bad_csv_names_file_and_line(content: str | bytes, message: str, exports: Any) -> None:
    with pytest.raises(BadExport, match=r"bad\.csv, " + message):
        exports.read(exports.write("bad.csv", content))
