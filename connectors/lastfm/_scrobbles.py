"""Scrobble CSVs from Last.fm and Libre.fm, with or without a header."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from connectors._parsing.ids import mbid
from connectors._parsing.sniffing import name_hint
from connectors._parsing.text import head_text, header_index, iter_csv_rows
from connectors._parsing.times import from_unix, parse_iso
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, ServiceTrack

SERVICE = "lastfm"
_UTF7_BOM = b"+ACM-"  # "#" in UTF-7: Libre.fm's export starts with "# Data export from Libre.fm"
_WRITTEN_DATE = re.compile(r"^\d{1,2} \w{3,4}\.? \d{4},? \d{1,2}:\d{2}$")
_WRITTEN_FORMATS = ("%d %b %Y %H:%M", "%d %b %Y, %H:%M")
#: Header spellings of each column, across the tools that write these files.
_ALIASES = {
    "artist": ("artist", "artist name", "artist_name"),
    "title": ("track", "title", "track name", "track_name", "name"),
    "album": ("album", "album name", "album_name", "release"),
    "time": ("uts", "time", "timestamp", "date", "utc_time", "listened_at"),
    "mbid": ("track_mbid", "mbid", "recording_mbid"),
}
_HEADERLESS = {"artist": 0, "album": 1, "title": 2, "time": 3}


class ScrobbleCsv:
    name = "lastfm_scrobbles_csv"
    label = "Last.fm / Libre.fm scrobbles (CSV)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        if head.startswith(_UTF7_BOM) and "libre.fm" in head_text(head, "utf-7").casefold():
            return 0.95
        first = next((line for line in head_text(head).splitlines() if line.strip()), "")
        columns = {c.strip().strip('"').casefold() for c in first.split(",")}
        if {"artist", "track"} <= columns and columns & {"uts", "utc_time", "time", "date"}:
            return 0.85 + name_hint(file.basename, "lastfm", "scrobble", "libre")
        if _headerless_row(first):
            return 0.6 + name_hint(file.basename, "lastfm", "scrobble")
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one :class:`~domain.Listen` per scrobble."""
        encoding = "utf-7" if file.head(len(_UTF7_BOM)) == _UTF7_BOM else "utf-8-sig"
        columns: dict[str, int] | None = None
        for line, row in iter_csv_rows(file, encoding=encoding):
            if row[0].lstrip().startswith("#"):
                continue  # Libre.fm's comment lines
            if columns is None:
                columns = _columns(row)
                if columns is not _HEADERLESS:
                    continue
            try:
                yield _listen(row, columns)
            except (ValueError, IndexError) as e:
                raise BadExport(file.name, str(e) or "unreadable scrobble", f"line {line}") from e


def _headerless_row(line: str) -> bool:
    fields = next(csv.reader([line]), [])
    return len(fields) == 4 and bool(_WRITTEN_DATE.match(fields[3].strip()))


def _columns(row: list[str]) -> dict[str, int]:
    """Column positions from a header row, or the fixed lastfm-to-csv order if it is data."""
    index = header_index(row)
    found = {}
    for column, names in _ALIASES.items():
        for name in names:
            if name in index:
                found[column] = index[name]
                break
    if {"artist", "title", "time"} <= found.keys():
        return found
    return _HEADERLESS


def _listen(row: list[str], columns: dict[str, int]) -> Listen:
    def get(column: str) -> str | None:
        position = columns.get(column)
        value = row[position].strip() if position is not None and position < len(row) else ""
        return value or None

    title = get("title")
    if title is None:
        raise ValueError("scrobble without a track title")
    artist = get("artist")
    album = get("album")
    recording = mbid(get("mbid"))
    track = ServiceTrack(
        service=SERVICE,
        service_id=recording,
        title=title,
        artists=(artist,) if artist else (),
        album=album,
    )
    return Listen(track=track, played_at=scrobble_time(get("time")), source=SERVICE)


def scrobble_time(value: str | None) -> datetime:
    """A scrobble time: Unix seconds (or ms), ISO 8601, or ``31 Jan 2021[,] 19:03`` (UTC)."""
    if value is None:
        raise ValueError("scrobble without a time")
    if value.isdigit():
        when = from_unix(value)
        if when is None:
            raise ValueError("scrobble at time 0")
        return when
    for fmt in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            pass
    when = parse_iso(value)
    if when is None:
        raise ValueError(f"unreadable scrobble time {value!r}")
    return when
