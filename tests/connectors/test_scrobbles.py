"""Scrobble exports: Last.fm/Libre.fm CSV and loved tracks, ListenBrainz, Tidal, scrobbler.log."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from connectors.errors import BadExport
from connectors.registry import detect
from domain import Listen, SavedItem

LB = "listenbrainz_server_testdata"
FORMATS = "playlist_formats"


def _utc(seconds: int | str) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)


# --- Last.fm / Libre.fm CSV ------------------------------------------------------------------


def test_librefm_csv_is_utf7_with_comment_lines(shared_data: Path, exports: Any) -> None:
    path = shared_data / LB / "librefm.csv"
    text = path.read_bytes().decode("utf-7")
    assert text.startswith("# Data export from Libre.fm")
    rows = [r for r in csv.DictReader(line for line in io.StringIO(text) if line[0] != "#")]
    file = exports.file(path)
    assert detect(file).name == "lastfm_scrobbles_csv"
    listens = exports.read(file)
    assert [(x.track.artists[0], x.track.title, x.played_at) for x in listens] == [
        (r["Artist"], r["Track"], _utc(r["Time"])) for r in rows
    ]
    assert [x.track.album for x in listens] == [r["Album"] or None for r in rows]


def test_lastfm_csv_with_header_uses_uts_and_track_mbid(shared_data: Path, exports: Any) -> None:
    path = shared_data / FORMATS / "lastfm_ghan_export_sample.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    file = exports.file(path)
    assert detect(file).name == "lastfm_scrobbles_csv"
    listens = exports.read(file)
    assert [x.played_at for x in listens] == [_utc(r["uts"]) for r in rows]
    assert [x.track.service_id for x in listens] == [r["track_mbid"] for r in rows]
    assert {x.source for x in listens} == {"lastfm"}


def test_lastfm_to_csv_has_no_header_and_written_dates(shared_data: Path, exports: Any) -> None:
    path = shared_data / FORMATS / "lastfm_to_csv_sample.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    file = exports.file(path)
    assert detect(file).name == "lastfm_scrobbles_csv"
    listens = exports.read(file)
    assert len(listens) == len(rows)
    assert listens[0].played_at == datetime(2021, 1, 31, 19, 3, tzinfo=UTC)
    assert listens[1].track.artists == ("Yubin, Yezi",)  # one credit, quoted comma kept


def test_lastfm_csv_second_date_style_with_comma(exports: Any) -> None:
    file = exports.write("scrobbles.csv", 'Radiohead,OK Computer,Airbag,"31 Jan 2021, 19:03"\n')
    (listen,) = exports.read(file)
    assert listen.played_at == datetime(2021, 1, 31, 19, 3, tzinfo=UTC)


def test_unreadable_scrobble_date_names_the_line(exports: Any) -> None:
    text = "Radiohead,OK Computer,Airbag,31 Jan 2021 19:03\nA,B,C,31 Foo 2021 19:03\n"
    with pytest.raises(BadExport, match="line 2"):
        exports.read(exports.write("scrobbles.csv", text))


@pytest.mark.parametrize("name", ["lastfm_loved_tracks_1.json", "librefm_loved_tracks_1.json"])
def test_loved_tracks_are_saved_items_with_the_date_loved(
    shared_data: Path, exports: Any, name: str
) -> None:
    path = shared_data / LB / name
    raw = json.loads(path.read_text(encoding="utf-8"))["lovedtracks"]["track"]
    file = exports.file(path)
    assert detect(file).name == "lastfm_loved_tracks"
    items = exports.read(file)
    assert all(isinstance(x, SavedItem) and x.kind == "track" for x in items)
    assert [(x.track.title, x.added_at) for x in items] == [
        (t["name"], _utc(t["date"]["uts"])) for t in raw
    ]
    assert [x.track.service_id for x in items] == [_valid_mbid(t["mbid"]) for t in raw]


def _valid_mbid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value)) if len(value) == 36 else None
    except ValueError:
        return None


def test_a_malformed_mbid_is_no_id(shared_data: Path, exports: Any) -> None:
    path = shared_data / LB / "lastfm_loved_tracks_1.json"
    assert "267aa996-a6a2-411b--6136208f41b9" in path.read_text(encoding="utf-8")
    titles = {x.track.title: x.track.service_id for x in exports.read(exports.file(path))}
    assert None in titles.values()


# --- ListenBrainz ----------------------------------------------------------------------------


def test_listenbrainz_jsonl_export(shared_data: Path, exports: Any) -> None:
    path = shared_data / LB / "listenbrainz_listens.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    file = exports.file(path)
    assert detect(file).name == "listenbrainz_listens"
    listens = exports.read(file)
    assert [x.played_at for x in listens] == [_utc(r["listened_at"]) for r in rows]
    assert [x.track.service_id for x in listens] == [
        r["track_metadata"]["mbid_mapping"]["recording_mbid"] for r in rows
    ]
    assert listens[0].track.isrc == rows[0]["track_metadata"]["additional_info"]["isrc"]


@pytest.mark.parametrize(
    "name", ["user_export_test.json", "valid_import.json", "valid_single.json"]
)
def test_listenbrainz_json_payloads(shared_data: Path, exports: Any, name: str) -> None:
    path = shared_data / LB / name
    payload = json.loads(path.read_text(encoding="utf-8"))["payload"]
    file = exports.file(path)
    assert detect(file).name == "listenbrainz_listens"
    listens = exports.read(file)
    assert [(x.track.title, x.played_at) for x in listens] == [
        (p["track_metadata"]["track_name"], _utc(p["listened_at"])) for p in payload
    ]


def test_listenbrainz_json_list_export(exports: Any) -> None:
    listens = [
        {
            "listened_at": 1618500200,
            "track_metadata": {"track_name": "Fade", "artist_name": "Kanye West"},
        }
    ]
    file = exports.write("listens.json", json.dumps(listens))
    assert detect(file).name == "listenbrainz_listens"
    assert exports.read(file)[0].played_at == _utc(1618500200)


def test_broken_jsonl_line_is_named(exports: Any) -> None:
    good = json.dumps({"listened_at": 1, "track_metadata": {"track_name": "a"}})
    file = exports.write("listens.jsonl", f'{good}\n{good}\n{{"listened_at": \n')
    with pytest.raises(BadExport, match="line 3: broken JSON"):
        exports.read(file)


# --- Tidal -----------------------------------------------------------------------------------


def test_tidal_streams_with_day_first_dates_float_durations_and_null(
    shared_data: Path, exports: Any
) -> None:
    path = shared_data / LB / "tidal_streaming.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["product_type"] == "TRACK"]
    file = exports.file(path)
    assert detect(file).name == "tidal_streaming_csv"
    listens = exports.read(file)
    assert len(listens) == len(rows)
    assert [x.ms_played for x in listens] == [int(float(r["stream_duration_ms"])) for r in rows]
    first = listens[0]  # 08/03/2022 19:01 in America/Toronto (8 March, not 3 August)
    expected = datetime(2022, 3, 8, 19, 1, tzinfo=ZoneInfo("America/Toronto"))
    assert first.played_at == expected
    assert first.track.artists == ("Kid Cudi", "MGMT", "Ratatat")
    null_zone = listens[1]  # time_zone is the literal text "null": read as UTC
    assert null_zone.played_at == datetime(2022, 3, 9, 0, 0, tzinfo=UTC)
    assert null_zone.platform == "mobile"


def test_tidal_bad_date_names_the_line(exports: Any) -> None:
    text = (
        "artist_name,track_title,entry_date,stream_duration_ms,product_type,time_zone\n"
        "A,B,31/02/2022 10:00,1000.0,TRACK,null\n"
    )
    with pytest.raises(BadExport, match="line 2"):
        exports.read(exports.write("streaming.csv", text))


# --- .scrobbler.log --------------------------------------------------------------------------


def test_rockbox_scrobbler_log(shared_data: Path, exports: Any) -> None:
    path = shared_data / LB / "dotscrobbler.log"
    lines = [
        ln.split("\t")
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    file = exports.file(path)
    assert detect(file).name == "scrobbler_log"
    listens = exports.read(file)
    assert [(x.track.title, x.played_at) for x in listens] == [
        (line[2], _utc(line[6])) for line in lines
    ]
    assert [x.skipped for x in listens] == [line[5] == "S" for line in lines]
    assert listens[0].track.service_id == lines[0][7]
    assert listens[1].track.service_id is None  # "never-gonna-give-you-up" is not an MBID
    assert listens[2].track.artists == ()  # <Untagged>


def test_scrobbler_log_without_mbid_column(exports: Any) -> None:
    text = "#AUDIOSCROBBLER/1.1\n#TZ/UTC\n#CLIENT/x\nA\tB\tC\t1\t200\tL\t1577836800\n"
    (listen,) = exports.read(exports.write(".scrobbler.log", text))
    assert listen.track.duration_ms == 200_000
    assert isinstance(listen, Listen)


def test_scrobbler_log_short_line_is_named(exports: Any) -> None:
    text = "#AUDIOSCROBBLER/1.1\n#TZ/UTC\nA\tB\tC\n"
    with pytest.raises(BadExport, match="line 3: expected 7 or 8"):
        exports.read(exports.write(".scrobbler.log", text))
