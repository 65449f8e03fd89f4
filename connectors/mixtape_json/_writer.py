"""Write Mixtape JSON: one record per line, streamed, so a million listens never sit in memory.

The only state kept while writing is the table of tracks already written (bounded by the size
of the library, not of the history): a record whose track is in the table refers to it by key,
any other record carries its track inline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, BinaryIO, TypeVar

from connectors._playlist_files import Appearances, format_time
from connectors.mixtape_json._codec import (
    TrackRef,
    encode_listen,
    encode_playlist,
    encode_saved,
    encode_track,
)
from domain.model import Listen, Playlist, SavedItem, ServiceTrack

FORMAT = "mixtape"
VERSION = 1
SECTIONS = ("tracks", "playlists", "saved", "listens")
_FLUSH_CHARS = 1 << 20
_R = TypeVar("_R", Playlist, SavedItem, Listen)


def write_library(
    out: BinaryIO,
    tracks: Iterable[ServiceTrack],
    playlists: Iterable[Playlist],
    saved: Iterable[SavedItem],
    listens: Iterable[Listen],
    *,
    kind: str = "library",
    exported_at: datetime | None = None,
) -> None:
    """Write a whole library to ``out``, consuming each iterable once, in this order."""
    table: dict[str, ServiceTrack] = {}

    def ref(track: ServiceTrack) -> TrackRef:
        return track.key if table.get(track.key) == track else encode_track(track)

    def track_lines() -> Iterator[dict[str, Any]]:
        for track in tracks:
            table.setdefault(track.key, track)
            yield encode_track(track)

    header = {"format": FORMAT, "version": VERSION, "kind": kind}
    if exported_at is not None:
        header["exported_at"] = format_time(exported_at)
    writer = _LineWriter(out)
    writer.write(_dumps(header)[:-1] + ",\n")
    _section(writer, "tracks", track_lines(), last=False)
    _section(writer, "playlists", _each(playlists, encode_playlist, ref), last=False)
    _section(writer, "saved", _each(saved, encode_saved, ref), last=False)
    _section(writer, "listens", _each(listens, encode_listen, ref), last=True)
    writer.flush()


def write_playlist(
    playlist: Playlist,
    out: BinaryIO,
    appearances: Appearances | None = None,
    *,
    exported_at: datetime | None = None,
) -> None:
    """One playlist as Mixtape JSON: its tracks, every other appearance of them, the playlist."""
    tracks: dict[str, ServiceTrack] = {}
    for entry in playlist.entries:
        for track in (entry.track, *(appearances or {}).get(entry.track.key, ())):
            tracks.setdefault(track.key, track)
    write_library(
        out, tracks.values(), [playlist], (), (), kind="playlist", exported_at=exported_at
    )


def _each(
    records: Iterable[_R],
    encode: Callable[[_R, Callable[[ServiceTrack], TrackRef]], dict[str, Any]],
    ref: Callable[[ServiceTrack], TrackRef],
) -> Iterator[dict[str, Any]]:
    for record in records:
        yield encode(record, ref)


def _section(writer: _LineWriter, name: str, lines: Iterable[dict[str, Any]], last: bool) -> None:
    writer.write(f'"{name}":[')
    separator = "\n"
    for line in lines:
        writer.write(separator + _dumps(line))
        separator = ",\n"
    writer.write("\n]}\n" if last else "\n],\n")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _LineWriter:
    """Collects text and hands it to the binary stream in large chunks."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= _FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._out.write("".join(self._parts).encode("utf-8"))
            self._parts.clear()
            self._size = 0
