"""Spotify extended streaming history: real files, pitfalls, bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from connectors.errors import BadExport
from connectors.registry import detect
from connectors.spotify_extended import SpotifyExtendedHistory
from connectors.spotify_extended._mapping import offline_started_at
from connectors.spotify_extended._payloads import ExtendedPlay
from domain import Listen

EXTENDED = "spotify_extended_history_Khushi-203006"
LB = "listenbrainz_server_testdata"


def _rows(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return rows


def _has_item(row: dict[str, Any]) -> bool:
    keys = (
        "spotify_track_uri",
        "master_metadata_track_name",
        "spotify_episode_uri",
        "episode_name",
        "audiobook_chapter_uri",
        "audiobook_title",
    )
    return any(row.get(k) for k in keys)


def _end(row: dict[str, Any]) -> datetime:
    return datetime.strptime(row["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _start(row: dict[str, Any]) -> datetime:
    """ts - ms_played; for an offline play synced much later, its offline_timestamp."""
    start = _end(row) - timedelta(milliseconds=row["ms_played"])
    if row["offline"] and row["offline_timestamp"]:
        offline = datetime.fromtimestamp(row["offline_timestamp"], UTC)
        if abs(offline - start) > timedelta(minutes=10):
            return offline
    return start


@pytest.mark.parametrize(
    "relative",
    [
        f"{EXTENDED}/Streaming_History_Audio_2023.json",
        f"{EXTENDED}/Streaming_History_Video_2025.json",
        f"{EXTENDED}/sample_Streaming_History_Audio_first40.json",
        f"{LB}/spotify_streaming_2023.json",
        f"{LB}/spotify_streaming_endsong_0.json",
    ],
)
def test_every_play_of_a_real_file_becomes_a_listen_that_starts_ms_played_before_ts(
    shared_data: Path, exports: Any, relative: str
) -> None:
    path = shared_data / relative
    rows = [r for r in _rows(path) if _has_item(r)]
    file = exports.file(path)
    assert detect(file).name == "spotify_extended_history"
    listens = exports.read(file)
    assert len(listens) == len(rows)
    for listen, row in zip(listens, rows, strict=True):
        assert isinstance(listen, Listen)
        assert listen.played_at == _start(row)
        assert listen.played_at.tzinfo is UTC
        assert listen.ms_played == row["ms_played"]
        assert listen.source == "spotify"
        assert (listen.reason_start, listen.reason_end) == (row["reason_start"], row["reason_end"])
        assert (listen.shuffle, listen.skipped, listen.offline) == (
            row["shuffle"],
            row["skipped"],
            row["offline"],
        )


def test_real_audio_history_has_4067_plays_with_track_ids_from_the_uri(
    shared_data: Path, exports: Any
) -> None:
    path = shared_data / EXTENDED / "Streaming_History_Audio_2023.json"
    rows = _rows(path)
    listens = exports.read(exports.file(path))
    assert len(listens) == len(rows) == 4067
    track_ids = {r["spotify_track_uri"].split(":")[2] for r in rows if r["spotify_track_uri"]}
    assert {x.track.service_id for x in listens if x.track.kind == "track"} == track_ids
    assert all(len(x.track.service_id or "") == 22 for x in listens)
    assert {x.platform for x in listens} == {r["platform"] for r in rows}


def test_podcast_rows_with_null_track_fields_are_episodes(shared_data: Path, exports: Any) -> None:
    path = shared_data / EXTENDED / "Streaming_History_Audio_2023.json"
    episodes = [r for r in _rows(path) if r["master_metadata_track_name"] is None]
    listens = [x for x in exports.read(exports.file(path)) if x.track.kind == "episode"]
    assert len(listens) == len(episodes) > 0
    assert [x.track.service_id for x in listens] == [
        r["spotify_episode_uri"].removeprefix("spotify:episode:") for r in episodes
    ]
    assert [x.track.title for x in listens] == [r["episode_name"].strip() for r in episodes]


def test_video_history_shares_the_audio_schema_and_gives_video_listens(
    shared_data: Path, exports: Any
) -> None:
    path = shared_data / EXTENDED / "Streaming_History_Video_2025.json"
    listens = exports.read(exports.file(path))
    assert len(listens) == len(_rows(path))
    assert {x.track.kind for x in listens} == {"video"}


def test_skipped_may_be_null_and_stays_unknown(shared_data: Path, exports: Any) -> None:
    path = shared_data / LB / "spotify_streaming_endsong_0.json"
    rows = _rows(path)
    listens = exports.read(exports.file(path))
    assert [x.skipped for x in listens] == [r["skipped"] for r in rows]
    assert None in [x.skipped for x in listens]


def test_offline_timestamp_is_seconds_in_new_files_and_milliseconds_in_old_ones(
    shared_data: Path,
) -> None:
    old: Any = _rows(shared_data / LB / "spotify_streaming_endsong_0.json")[1]
    new: Any = _rows(shared_data / LB / "spotify_streaming_2023.json")[1]
    assert old["offline_timestamp"] == 1514143428800
    assert new["offline_timestamp"] == 1679250523
    assert offline_started_at(old) == datetime(2017, 12, 24, 19, 23, 48, 800000, UTC)
    assert offline_started_at(new) == datetime(2023, 3, 19, 18, 28, 43, tzinfo=UTC)
    assert offline_started_at(cast(ExtendedPlay, {"offline_timestamp": 0})) is None


def test_an_offline_play_synced_a_year_later_starts_at_its_offline_timestamp(
    shared_data: Path, exports: Any
) -> None:
    listens = exports.read(exports.file(shared_data / LB / "spotify_streaming_2023.json"))
    synced_late = listens[0]  # ts 2024-04-20, played offline on 2023-03-19
    assert synced_late.offline is True
    assert synced_late.played_at == datetime(2023, 3, 19, 18, 15, 19, tzinfo=UTC)
    on_time = listens[1]  # ts and offline_timestamp agree: ts - ms_played, to the millisecond
    assert on_time.played_at == datetime(2023, 3, 19, 18, 28, 42, 576000, UTC)


def test_older_endsong_file_is_detected_and_read(shared_data: Path, exports: Any) -> None:
    file = exports.file(shared_data / LB / "spotify_streaming_endsong_0.json")
    assert detect(file).name == "spotify_extended_history"
    assert all(x.platform is None for x in exports.read(file))  # "" is no platform


def test_a_renamed_file_is_recognised_from_its_content(shared_data: Path, exports: Any) -> None:
    data = (shared_data / EXTENDED / "sample_Streaming_History_Audio_first40.json").read_bytes()
    file = exports.write("my plays (copy).json", data)
    assert detect(file).name == "spotify_extended_history"
    assert SpotifyExtendedHistory().sniff(file, file.head()) >= 0.9


ROW = {
    "ts": "2024-01-01T10:00:00Z",
    "platform": "ios",
    "ms_played": 1000,
    "master_metadata_track_name": None,
    "master_metadata_album_artist_name": None,
    "master_metadata_album_album_name": None,
    "spotify_track_uri": None,
    "episode_name": None,
    "episode_show_name": None,
    "spotify_episode_uri": None,
    "audiobook_title": None,
    "audiobook_uri": None,
    "audiobook_chapter_uri": None,
    "audiobook_chapter_title": None,
    "reason_start": "clickrow",
    "reason_end": "endplay",
    "shuffle": False,
    "skipped": None,
    "offline": False,
    "offline_timestamp": 0,
}


def test_rows_with_nothing_to_identify_are_skipped_and_others_kept(exports: Any) -> None:
    local = dict(
        ROW, spotify_track_uri="spotify:local:Me:Home:Demo+Song:93", master_metadata_track_name=None
    )
    book = dict(
        ROW,
        audiobook_title="A Book",
        audiobook_chapter_title="Chapter 1",
        audiobook_chapter_uri="spotify:chapter:0123456789abcdefghijkl",
    )
    file = exports.write("Streaming_History_Audio_2024.json", json.dumps([ROW, local, book]))
    listens = exports.read(file)
    assert [x.track.kind for x in listens] == ["local", "audiobook"]
    assert listens[0].track.title == "Demo Song"
    assert listens[0].track.service_id is None
    assert listens[1].track.album == "A Book"


def test_truncated_file_fails_naming_the_record(shared_data: Path, exports: Any) -> None:
    data = (shared_data / EXTENDED / "sample_Streaming_History_Audio_first40.json").read_bytes()
    file = exports.write("Streaming_History_Audio_2023.json", data[: len(data) // 2])
    with pytest.raises(BadExport, match=r"record \d+: file ends in the middle") as caught:
        exports.read(file)
    assert "\n" not in str(caught.value)


def test_a_malformed_record_fails_naming_it(exports: Any) -> None:
    text = json.dumps([ROW, ROW, ROW])
    second = text.index('"ms_played": 1000', text.index("}"))
    text = text[:second] + '"ms_played": 1000 1' + text[second + len('"ms_played": 1000') :]
    file = exports.write("Streaming_History_Audio_2023.json", text)
    with pytest.raises(BadExport, match="record 2: broken JSON"):
        exports.read(file)


def test_a_bad_track_uri_is_an_error_not_a_silent_skip(exports: Any) -> None:
    bad = dict(ROW, spotify_track_uri="spotify:track:nope", master_metadata_track_name="Song")
    file = exports.write("Streaming_History_Audio_2023.json", json.dumps([ROW, bad]))
    with pytest.raises(BadExport, match="record 2: not a Spotify track URI"):
        exports.read(file)


def test_wrong_encoding_is_reported(exports: Any) -> None:
    text = json.dumps(
        [
            dict(
                ROW,
                master_metadata_track_name="Café",
                spotify_track_uri="spotify:track:0123456789abcdefghijkl",
            )
        ],
        ensure_ascii=False,
    )
    file = exports.write("Streaming_History_Audio_2023.json", text.encode("latin-1"))
    with pytest.raises(BadExport, match="not UTF-8"):
        exports.read(file)


def test_records_are_streamed_across_read_chunks(exports: Any) -> None:
    row = dict(
        ROW,
        spotify_track_uri="spotify:track:0123456789abcdefghijkl",
        master_metadata_track_name="x" * 900,
    )
    file = exports.write("Streaming_History_Audio_2023.json", json.dumps([row] * 3000))
    assert file.size > 2 << 20
    assert len(exports.read(file)) == 3000
