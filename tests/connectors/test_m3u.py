"""M3U/M3U8: extended and plain files; entries, order and ids survive, dates cannot."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from connectors.errors import BadExport
from connectors.m3u import write_playlist
from connectors.registry import detect
from domain import Playlist, ServiceTrack


def test_extended_sample_reads_every_entry(shared_data: Path, exports: Any) -> None:
    path = shared_data / "playlist_formats" / "sample_extended.m3u8"
    lines = path.read_text(encoding="utf-8").splitlines()
    locations = [line for line in lines if line.strip() and not line.startswith("#")]
    infos = [line.split(",", 1)[1] for line in lines if line.startswith("#EXTINF:")]
    file = exports.file(path)
    assert detect(file).name == "m3u"
    (playlist,) = exports.read(file)
    assert playlist.name == "Summrr Vibin’"
    assert len(playlist.entries) == len(locations) == 3
    assert [f"{e.track.artists[0]} - {e.track.title}" for e in playlist.entries] == infos
    assert [e.track.uri for e in playlist.entries[:2]] == locations[:2]
    last = playlist.entries[2].track
    assert (last.service, last.service_id, last.duration_ms) == (
        "youtube_music",
        "rymYToIEL9o",
        None,
    )
    assert playlist.entries[0].track.duration_ms == 185_000
    assert playlist.entries[0].track.album == "Telefone"


def test_plain_m3u_in_windows_1252_reads_by_name(exports: Any) -> None:
    content = (
        "C:\\Music\\Björk\\Jóga.mp3\r\nhttps://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC\r\n"
    )
    file = exports.write("old.m3u", content.encode("cp1252"))
    assert detect(file).name == "m3u"
    (playlist,) = exports.read(file)
    assert playlist.name == "old"
    local, spotify = (e.track for e in playlist.entries)
    assert (local.kind, local.title, local.uri) == ("local", "Jóga", "C:\\Music\\Björk\\Jóga.mp3")
    assert (spotify.service, spotify.service_id) == ("spotify", "4uLU6hMCjMI75M1A2tKUQC")


def test_writer_matches_golden_and_keeps_entries_order_and_ids(
    golden: Callable[[str, bytes], None],
    golden_playlist: tuple[Playlist, dict[str, list[ServiceTrack]]],
    exports: Any,
) -> None:
    playlist, appearances = golden_playlist
    out = io.BytesIO()
    write_playlist(playlist, out, appearances)
    golden("playlist.m3u8", out.getvalue())
    (read,) = exports.read(exports.write("back.m3u8", out.getvalue()))
    assert read.name == playlist.name
    assert [
        (e.position, e.track.service, e.track.service_id, e.track.uri) for e in read.entries
    ] == [(e.position, e.track.service, e.track.service_id, e.track.uri) for e in playlist.entries]
    # What M3U cannot carry: dates, who added, ISRC, milliseconds.
    assert all(e.added_at is None and e.added_by is None for e in read.entries)


def test_an_entry_without_any_link_falls_back_to_another_appearance() -> None:
    scrobble = ServiceTrack("lastfm", None, "Get Lucky", ("Daft Punk",))
    apple = ServiceTrack("apple_music", "617154366", "Get Lucky", ("Daft Punk",))
    from domain import PlaylistEntry

    playlist = Playlist(
        "local",
        "x",
        (PlaylistEntry(0, scrobble), PlaylistEntry(1, ServiceTrack("lastfm", None, "Nope", ()))),
    )
    out = io.BytesIO()
    write_playlist(playlist, out, {scrobble.key: [apple]}, extended=False)
    assert out.getvalue() == b"https://music.apple.com/song/617154366\n"


def test_binary_and_broken_extinf_are_refused(exports: Any) -> None:
    with pytest.raises(BadExport, match=r"bin\.m3u: binary data"):
        exports.read(exports.write("bin.m3u", b"#EXTM3U\n\x00\x01\x02"))
    with pytest.raises(BadExport, match=r"bad\.m3u8, line 2: #EXTINF length 'abc'"):
        exports.read(exports.write("bad.m3u8", "#EXTM3U\n#EXTINF:abc,A - B\n/x.mp3\n"))
