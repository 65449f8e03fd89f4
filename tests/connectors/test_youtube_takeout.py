"""Google Takeout (YouTube / YouTube Music): library, playlists, watch history JSON and HTML."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from connectors.errors import BadExport
from connectors.registry import detect
from connectors.youtube_takeout._dates import parse_activity_date
from domain import Playlist, SavedItem

TAKEOUT = "youtube_music_takeout_tptanish23-wq/Takeout/YouTube and YouTube Music"


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f) if any(cell.strip() for cell in row)]


def test_library_songs_keep_every_artist_column(shared_data: Path, exports: Any) -> None:
    path = shared_data / TAKEOUT / "music (library and uploads)/music library songs.csv"
    header, *rows = _csv(path)
    assert [h for h in header if h.startswith("Artist Name")] == [
        "Artist Name 1",
        "Artist Name 2",
        "Artist Name 3",
    ]
    file = exports.file(path)
    assert detect(file).name == "youtube_music_library_songs"
    items = exports.read(file)
    assert all(isinstance(x, SavedItem) for x in items)
    assert [x.track.service_id for x in items] == [r[0].strip() for r in rows]
    assert [x.track.artists for x in items] == [tuple(a for a in r[3:] if a) for r in rows]


def test_fewer_artist_columns_are_fine(exports: Any) -> None:
    text = "Video ID,Song Title,Album Title,Artist Name 1\n-3KT1f7WZIo,Afsos,Afsos,Anuv Jain\n"
    (item,) = exports.read(exports.write("music library songs.csv", text))
    assert item.track.artists == ("Anuv Jain",)


def test_playlists_keep_order_and_dates_and_ids_with_a_leading_space(
    shared_data: Path, exports: Any
) -> None:
    folder = shared_data / TAKEOUT / "playlists"
    files = sorted(p for p in folder.glob("*-videos.csv"))
    assert len(files) == 15
    for path in files:
        _header, *rows = _csv(path)
        file = exports.file(path)
        assert detect(file).name == "youtube_playlist_videos"
        (playlist,) = exports.read(file)
        assert isinstance(playlist, Playlist)
        assert playlist.name == path.name.removesuffix("-videos.csv")
        assert [e.track.service_id for e in playlist.entries] == [r[0].strip() for r in rows]
        assert [e.added_at for e in playlist.entries] == [
            datetime.fromisoformat(r[1]) for r in rows
        ]
    gym = (folder / "GYM PHONK-videos.csv").read_text(encoding="utf-8")
    assert "\n -GUcNi1Jmhw," in gym  # the pitfall is in the real file
    (playlist,) = exports.read(exports.file(folder / "GYM PHONK-videos.csv"))
    assert playlist.entries[0].track.service_id == "-GUcNi1Jmhw"


def test_playlist_index_is_recognised_and_adds_nothing(shared_data: Path, exports: Any) -> None:
    file = exports.file(shared_data / TAKEOUT / "playlists/playlists.csv")
    assert detect(file).name == "youtube_playlist_index"
    assert exports.read(file) == []


def _cells(html: str) -> list[str]:
    return html.split('<div class="outer-cell')[1:]


def test_html_history_keeps_only_youtube_music_rows(shared_data: Path, exports: Any) -> None:
    path = shared_data / TAKEOUT / "history/watch-history.SAMPLE.html"
    html = path.read_text(encoding="utf-8")
    music = [c for c in _cells(html) if 'mdl-typography--title">YouTube Music<br>' in c]
    products = re.findall(r"<b>Products:</b><br>&emsp;([^<]*)<", html)
    assert set(products) == {"YouTube"}  # products says YouTube even for music rows
    file = exports.file(path)
    assert detect(file).name == "youtube_watch_history_html"
    listens = exports.read(file)
    assert len(listens) == len(music) == 16
    assert [x.track.service_id for x in listens] == [
        re.findall(r"watch\?v=([\w-]{11})", c)[0] for c in music
    ]
    first = listens[0]
    assert (first.track.title, first.track.artists) == ("Borderline", ("Tame Impala",))
    ist = timezone(timedelta(hours=5, minutes=30))
    assert first.played_at == datetime(2025, 9, 24, 22, 59, 15, tzinfo=ist)
    assert first.source == "youtube_music"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sep 24, 2025, 10:59:15\u202fPM GMT+05:30", datetime(2025, 9, 24, 17, 29, 15)),
        ("24.09.2025, 22:59:15 MESZ", datetime(2025, 9, 24, 20, 59, 15)),
        ("24 sept. 2025, 22:59:15 UTC+2", datetime(2025, 9, 24, 20, 59, 15)),
        ("24 de sept. de 2025, 22:59:15 CEST", datetime(2025, 9, 24, 20, 59, 15)),
        ("2025/09/24 22:59:15 JST", datetime(2025, 9, 24, 13, 59, 15)),
        ("3 Jan 2024, 07:05:00 GMT", datetime(2024, 1, 3, 7, 5)),
    ],
)
def test_localised_html_dates(written: str, expected: datetime) -> None:
    assert parse_activity_date(written) == expected.replace(tzinfo=UTC)


def test_unreadable_html_date_is_reported(exports: Any) -> None:
    cell = (
        '<div class="outer-cell mdl-cell"><div class="mdl-grid"><div class="header-cell">'
        '<p class="mdl-typography--title">YouTube Music<br></p></div>'
        '<div class="content-cell mdl-typography--body-1">Watched '
        '<a href="https://music.youtube.com/watch?v=rymYToIEL9o">Borderline</a><br>'
        '<a href="https://www.youtube.com/channel/x">Tame Impala - Topic</a><br>'
        "someday<br></div></div></div>"
    )
    page = f"<html><head><title>My Activity</title></head><body>{cell}</body></html>"
    with pytest.raises(BadExport, match="entry 1"):
        exports.read(exports.write("watch-history.html", page))


def test_json_history_escapes_equals_and_keeps_music_rows(exports: Any) -> None:
    rows = [
        {
            "header": "YouTube Music",
            "title": "Watched Borderline",
            "titleUrl": "https://music.youtube.com/watch?v=rymYToIEL9o",
            "subtitles": [{"name": "Tame Impala - Topic", "url": "https://www.youtube.com/c/x"}],
            "time": "2025-09-24T17:29:15.123Z",
            "products": ["YouTube"],
            "activityControls": ["YouTube watch history"],
        },
        {
            "header": "YouTube",
            "title": "Watched a lecture",
            "titleUrl": "https://www.youtube.com/watch?v=B1XZeGwYKog",
            "time": "2025-09-24T17:29:05Z",
            "products": ["YouTube"],
        },
        {
            "header": "YouTube Music",
            "title": "Watched a video that has been removed",
            "time": "2025-09-24T17:00:00Z",
            "products": ["YouTube"],
        },
    ]
    text = json.dumps(rows, indent=2).replace("=", "\\u003d")
    assert "\\u003d" in text
    file = exports.write("watch-history.json", text)
    assert detect(file).name == "youtube_watch_history_json"
    (listen,) = exports.read(file)
    assert listen.track.service_id == "rymYToIEL9o"
    assert (listen.track.title, listen.track.artists) == ("Borderline", ("Tame Impala",))
    assert listen.played_at == datetime(2025, 9, 24, 17, 29, 15, 123000, UTC)
