"""Read Mixtape JSON back into domain records, exactly as they were written.

Files in the writer's layout (one record per line) are read line by line, so memory stays
bounded by the track table however long the history is. Any other valid JSON of the same schema
(a pretty-printed or hand-edited file) is read whole instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from connectors._playlist_files import load_json
from connectors.errors import BadExport
from connectors.mixtape_json._codec import (
    RecordError,
    decode_listen,
    decode_playlist,
    decode_saved,
    decode_track,
)
from connectors.mixtape_json._writer import FORMAT, SECTIONS, VERSION
from connectors.sources import ExportFile
from domain.model import ImportRecord, ServiceTrack

_HEADER = re.compile(rb'^\s*\{\s*"format"\s*:\s*"mixtape"')
_ANYWHERE = re.compile(rb'"format"\s*:\s*"mixtape"')
_SECTION = re.compile(r'^"(\w+)":\[$')
_KINDS = ("library", "playlist")


class _Layout(Exception):
    """The file is not in the writer's line layout (read it whole instead)."""


class MixtapeJsonImporter:
    """Mixtape's own full-fidelity JSON: a whole library or one playlist."""

    name = "mixtape_json"
    label = "Mixtape JSON"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        head = head.removeprefix(b"\xef\xbb\xbf")
        if _HEADER.match(head):
            return 1.0
        if _ANYWHERE.search(head) and b'"version"' in head:
            return 0.9
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Tracks, then playlists, saved items and listens, in file order."""
        lines = _Lines(file)
        try:
            header = lines.header()
        except _Layout:
            yield from _read_whole(file)
            return
        _check_header(file, header)
        yield from _read_lines(file, lines)


class _Tracks:
    """The tracks read so far, by key: what records that name a track by its key point at."""

    def __init__(self) -> None:
        self._known: dict[str, ServiceTrack] = {}

    def add(self, raw: object) -> ServiceTrack:
        track = decode_track(raw)
        self._known.setdefault(track.key, track)
        return track

    def resolve(self, ref: object) -> ServiceTrack:
        if isinstance(ref, str):
            try:
                return self._known[ref]
            except KeyError:
                raise RecordError(f"track {ref!r} is not in the file's tracks") from None
        if ref is None:
            raise RecordError("field 'track' is missing")
        return decode_track(ref)


def _decode(section: str, raw: object, tracks: _Tracks) -> ImportRecord | None:
    if section == "tracks":
        return tracks.add(raw)
    if section == "playlists":
        return decode_playlist(raw, tracks.resolve)
    if section == "saved":
        return decode_saved(raw, tracks.resolve)
    if section == "listens":
        return decode_listen(raw, tracks.resolve)
    return None  # a section from a later minor revision: skipped, not refused


def _check_header(file: ExportFile, header: dict[str, Any]) -> None:
    if header.get("format") != FORMAT:
        raise BadExport(file.name, 'not a Mixtape JSON file (no "format": "mixtape")')
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadExport(file.name, f"format version {version!r} is not a number")
    if version > VERSION:
        raise BadExport(
            file.name, f"written by a newer Mixtape (format version {version}); update Mixtape"
        )
    if header.get("kind", "library") not in _KINDS:
        raise BadExport(file.name, f"unknown kind {header.get('kind')!r}")


class _Lines:
    """The file as numbered text lines (split on ``\\n`` only, as JSON allows U+2028 in text)."""

    def __init__(self, file: ExportFile) -> None:
        self.file = file
        self._stream = file.open()
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        with self._stream:
            for raw in self._stream:
                self.number += 1
                try:
                    yield raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as e:
                    raise BadExport(self.file.name, "not UTF-8 text", f"line {self.number}") from e

    def header(self) -> dict[str, Any]:
        first = self._stream.readline(1 << 16).decode("utf-8", "replace").strip()
        self.number = 1
        if first.startswith("\ufeff"):
            first = first[1:]
        if not first.endswith(","):
            self._stream.close()
            raise _Layout
        try:
            value = json.loads(first[:-1] + "}")
        except json.JSONDecodeError:
            self._stream.close()
            raise _Layout from None
        if not isinstance(value, dict):
            self._stream.close()
            raise _Layout
        return value


def _read_lines(file: ExportFile, lines: _Lines) -> Iterator[ImportRecord]:
    tracks = _Tracks()
    section: str | None = None
    count = 0
    for line in lines:
        where = f"line {lines.number}"
        if section is None:
            if line.strip() == "":
                continue
            if line == "}" or line == "]}":
                return
            match = _SECTION.match(line)
            if not match:
                raise BadExport(file.name, 'expected a section such as "tracks":[', where)
            section, count = match.group(1), 0
            continue
        if line in ("],", "]}"):
            if line == "]}":
                return
            section = None
            continue
        count += 1
        try:
            raw = json.loads(line.rstrip(","))
            record = _decode(section, raw, tracks)
        except json.JSONDecodeError as e:
            raise BadExport(file.name, f"broken JSON ({e.msg})", where) from e
        except RecordError as e:
            raise BadExport(file.name, str(e), f"{section} #{count} ({where})") from e
        if record is not None:
            yield record
    raise BadExport(file.name, "file ends early (truncated?)", f"line {lines.number}")


def _read_whole(file: ExportFile) -> Iterator[ImportRecord]:
    document = load_json(file)
    if not isinstance(document, dict):
        raise BadExport(file.name, "not a Mixtape JSON file (top level is not an object)")
    _check_header(file, document)
    tracks = _Tracks()
    for section in SECTIONS:
        records = document.get(section) or []
        if not isinstance(records, list):
            raise BadExport(file.name, f"{section!r} should be a list")
        for index, raw in enumerate(records):
            try:
                record = _decode(section, raw, tracks)
            except RecordError as e:
                raise BadExport(file.name, str(e), f"{section} #{index + 1}") from e
            if record is not None:
                yield record
