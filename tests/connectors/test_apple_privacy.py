"""Apple privacy export: Apple Music Library Tracks.json and Play Activity.csv variants."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connectors.errors import BadExport
from connectors.registry import detect
from domain import Listen, SavedItem

FOLDER = "apple_music_privacy_export"


def _iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(
    "name", ["Apple Music Library Tracks.json", "Apple Music Library Tracks.SAMPLE.json"]
)
def test_library_tracks_give_saved_items_and_last_plays(
    shared_data: Path, exports: Any, name: str
) -> None:
    path = shared_data / FOLDER / name
    rows = json.loads(path.read_text(encoding="utf-8"))
    file = exports.file(path)
    assert detect(file).name == "apple_privacy_library_tracks"
    records = exports.read(file)
    saved: list[Any] = [r for r in records if isinstance(r, SavedItem)]
    in_library = [r for r in rows if not r.get("Playlist Only Track")]
    assert len(saved) == len(in_library)
    assert [s.track.service_id for s in saved] == [
        str(r.get("Apple Music Track Identifier", r["Track Identifier"])) for r in in_library
    ]
    assert [s.added_at for s in saved] == [_iso(r["Date Added To Library"]) for r in in_library]
    listens = [r for r in records if isinstance(r, Listen)]
    played = [r for r in rows if r.get("Last Played Date", "Invalid") != "Invalid"]
    assert [x.played_at for x in listens] == [
        _iso(r["Last Played Date"]) - timedelta(milliseconds=r["Track Duration"]) for r in played
    ]


def test_library_tracks_counts_and_invalid_dates(shared_data: Path, exports: Any) -> None:
    path = shared_data / FOLDER / "Apple Music Library Tracks.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert len(rows) == 858
    assert sum(r.get("Last Played Date") == "Invalid" for r in rows) == 4  # no date, no error
    records = exports.read(exports.file(path))
    assert len(records) == len(rows) - 37 + sum(
        r.get("Last Played Date", "Invalid") != "Invalid" for r in rows
    )


def _play_rows(path: Path) -> list[dict[str, str]]:
    """The listens of an activity file, by the documented rule, computed with csv alone."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    kept, seen = [], set()
    for r in rows:
        title = r.get("Song Name") or r.get("Content Name")
        duration = r["Play Duration Milliseconds"]
        if (
            r.get("Event Type", "") not in ("", "PLAY_END")
            or r.get("Item Type") == "STREAM"
            or not title
            or (duration and float(duration) < 0)
        ):
            continue
        start = r["Event Start Timestamp"] or r["Event End Timestamp"]
        identity = (title, r.get("Artist Name"), start, duration)
        if identity not in seen:
            seen.add(identity)
            kept.append(r)
    return kept


@pytest.mark.parametrize(
    "name", ["Apple Music Play Activity.csv", "Apple Music Play Activity.SAMPLE.csv"]
)
def test_play_activity_rows_that_are_plays_become_listens(
    shared_data: Path, exports: Any, name: str
) -> None:
    path = shared_data / FOLDER / name
    expected = _play_rows(path)
    file = exports.file(path)
    assert detect(file).name == "apple_privacy_play_activity"
    listens = exports.read(file)
    assert len(listens) == len(expected)
    for listen, row in zip(listens, expected, strict=True):
        assert listen.track.title == row["Content Name"].strip()
        assert listen.source == "apple_music"
        if row["Event Start Timestamp"]:
            assert listen.played_at == _iso(row["Event Start Timestamp"])
        assert listen.ms_played == int(float(row["Play Duration Milliseconds"] or 0)) or (
            listen.ms_played is None
        )


def test_real_play_activity_count(shared_data: Path, exports: Any) -> None:
    path = shared_data / FOLDER / "Apple Music Play Activity.csv"
    with path.open(encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.DictReader(f)) == 6059
    assert len(exports.read(exports.file(path))) == len(_play_rows(path))


NEWER = (
    "Album Name,Container Album Name,Container Type,Device Type,End Reason Type,"
    "Event End Timestamp,Event Start Timestamp,Event Type,Item Type,"
    "Media Duration In Milliseconds,Media Type,Offline,Play Duration Milliseconds,Song Name,"
    "User’s Audio Quality,UTC Offset In Seconds\n"
    "Mylo Xyloto,Mylo Xyloto,ALBUM,IPHONE,NATURAL_END_OF_TRACK,2023-05-01T10:04:37.610Z,"
    "2023-05-01T10:00:00.000Z,PLAY_END,ITUNES_STORE_CONTENT,277610.0,AUDIO,false,"
    "277610.0,Paradise,HIGH,7200\n"
)


def test_newer_header_without_artist_with_float_durations_and_repeated_rows(
    exports: Any,
) -> None:
    repeated = NEWER + NEWER.split("\n")[1] + "\n"
    file = exports.write("Apple Music Play Activity.csv", repeated)
    assert detect(file).name == "apple_privacy_play_activity"
    (listen,) = exports.read(file)  # the repeated row is the same play
    assert listen.track.title == "Paradise"
    assert listen.track.artists == ()
    assert listen.track.album == "Mylo Xyloto"
    assert listen.ms_played == 277_610
    assert listen.track.duration_ms == 277_610
    assert listen.played_at == datetime(2023, 5, 1, 10, 0, tzinfo=UTC)
    assert (listen.platform, listen.offline) == ("IPHONE", False)


def test_typographic_apostrophe_header_matches_the_plain_spelling() -> None:
    from connectors._parsing.text import field, header_index

    columns = header_index(["User’s Audio Quality"])
    assert field(["HIGH"], columns, "User's Audio Quality") == "HIGH"


def test_malformed_csv_fails_with_a_line(exports: Any) -> None:
    broken = NEWER + 'Album,"unterminated,\n'
    with pytest.raises(BadExport, match=r"line \d+: broken CSV"):
        exports.read(exports.write("Apple Music Play Activity.csv", broken))


def test_bad_value_names_the_line(exports: Any) -> None:
    bad = NEWER.replace("2023-05-01T10:00:00.000Z", "sometime")
    with pytest.raises(BadExport, match="line 2"):
        exports.read(exports.write("Apple Music Play Activity.csv", bad))


def test_csv_in_the_wrong_encoding_is_reported(exports: Any) -> None:
    data = NEWER.replace("Paradise", "Café").encode("cp1252", errors="replace")
    with pytest.raises(BadExport, match="not UTF-8"):
        exports.read(exports.write("Apple Music Play Activity.csv", data))
