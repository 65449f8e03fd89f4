"""Every real service export is detected as its importer; unknown, huge and hostile inputs fail
with one clear line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from connectors.errors import BadExport, TooLarge, UnknownFormat
from connectors.registry import detect
from connectors.sources import expand

EXPECTED = {
    "spotify_extended_history_Khushi-203006": "spotify_extended_history",
    "apple_itunes_library_xml": "apple_library_xml",
    "listenbrainz_server_testdata/spotify_streaming_2023.json": "spotify_extended_history",
    "listenbrainz_server_testdata/spotify_streaming_endsong_0.json": "spotify_extended_history",
    "listenbrainz_server_testdata/librefm.csv": "lastfm_scrobbles_csv",
    "listenbrainz_server_testdata/lastfm_loved_tracks_1.json": "lastfm_loved_tracks",
    "listenbrainz_server_testdata/librefm_loved_tracks_1.json": "lastfm_loved_tracks",
    "listenbrainz_server_testdata/listenbrainz_listens.jsonl": "listenbrainz_listens",
    "listenbrainz_server_testdata/user_export_test.json": "listenbrainz_listens",
    "listenbrainz_server_testdata/tidal_streaming.csv": "tidal_streaming_csv",
    "listenbrainz_server_testdata/dotscrobbler.log": "scrobbler_log",
    "playlist_formats/lastfm_ghan_export_sample.csv": "lastfm_scrobbles_csv",
    "playlist_formats/lastfm_to_csv_sample.csv": "lastfm_scrobbles_csv",
}


def _expected_importer(relative: str) -> str:
    if relative in EXPECTED:
        return EXPECTED[relative]
    folder, _, name = relative.partition("/")
    if folder.startswith("spotify_account_export"):
        if name.startswith("YourLibrary"):
            return "spotify_account_library"
        if name.startswith("Playlist"):
            return "spotify_account_playlists"
        return "spotify_account_streaming_history"
    if folder == "apple_music_privacy_export":
        if "Library Tracks" in name:
            return "apple_privacy_library_tracks"
        return "apple_privacy_play_activity"
    if folder.startswith("youtube_music_takeout"):
        if name.endswith("playlists.csv"):
            return "youtube_playlist_index"
        if name.endswith("-videos.csv"):
            return "youtube_playlist_videos"
        if name.endswith("songs.csv"):
            return "youtube_music_library_songs"
        return "youtube_watch_history_html"
    return EXPECTED[folder]


def _service_exports(root: Path) -> list[str]:
    folders = [
        "spotify_extended_history_Khushi-203006",
        "spotify_account_export_hobbies-w-erin",
        "spotify_account_export_2020_fedecalendino",
        "apple_itunes_library_xml",
        "apple_music_privacy_export",
        "youtube_music_takeout_tptanish23-wq",
    ]
    found = [
        p.relative_to(root).as_posix()
        for folder in folders
        for p in sorted((root / folder).rglob("*"))
        if p.is_file() and not p.name.startswith("LICENSE")
    ]
    return found + [k for k in EXPECTED if k.count("/") == 1]


def test_every_real_service_export_is_detected_as_its_importer(shared_data: Path) -> None:
    relatives = _service_exports(shared_data)
    assert len(relatives) > 40
    wrong = {}
    for relative in relatives:
        (file,) = expand(shared_data / relative)
        name = detect(file).name
        if name != _expected_importer(relative):
            wrong[relative] = name
    assert wrong == {}


def test_a_whole_export_folder_and_its_zip_read_the_same(
    shared_data: Path, exports: Any, tmp_path: Path
) -> None:
    folder = shared_data / "spotify_account_export_2020_fedecalendino"
    archive = tmp_path / "my_spotify_data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.iterdir()):
            z.write(path, f"MyData/{path.name}")
    from_folder = [len(exports.read(f)) for f in expand(folder)]
    from_zip = [len(exports.read(f)) for f in expand(archive)]
    assert from_zip == from_folder


@pytest.mark.parametrize(
    "content",
    [
        b"just some notes\nnothing to see\n",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        json.dumps({"hello": "world"}).encode(),
        json.dumps([{"a": 1}]).encode(),
        b"name,colour\nsky,blue\n",
    ],
)
def test_unknown_formats_are_refused(exports: Any, content: bytes) -> None:
    file = exports.write("something.dat", content)
    with pytest.raises(UnknownFormat, match="not a music export Mixtape knows"):
        detect(file)


def test_a_2_gb_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "Streaming_History_Audio_2024.json"
    with huge.open("wb") as f:
        f.truncate(2 << 30)  # sparse: no disk used
    with pytest.raises(TooLarge, match="GiB"):
        list(expand(huge))


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "my_spotify_data.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("StreamingHistory0.json", b"[" + b" " * (20 << 20) + b"]")
    with pytest.raises(TooLarge, match="zip bomb"):
        list(expand(bomb))


def test_errors_are_one_line_naming_file_and_record(exports: Any) -> None:
    file = exports.write("Streaming_History_Audio_2023.json", '[{"ts": "2023-01-01T00:00:00Z", ')
    with pytest.raises(BadExport) as caught:
        exports.read(file)
    message = str(caught.value)
    assert message.startswith("Streaming_History_Audio_2023.json, record 1: ")
    assert "\n" not in message
    assert "Traceback" not in message
