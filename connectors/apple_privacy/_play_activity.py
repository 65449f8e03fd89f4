"""``Apple Music Play Activity.csv``: one row per playback event, in several header variants.

Older exports name the song ``Content Name`` and have ``Artist Name``; newer ones have
``Song Name`` and ``Album Name`` and no artist column at all. Headers may carry a typographic
apostrophe (``User’s Audio Quality``) and durations may be written as floats (``186000.0``).

Which rows are listens (the rule, kept in one place):
- the event is a play (``Event Type`` blank or ``PLAY_END``; not ``LYRIC_DISPLAY`` …);
- it names a song (ads and "aggregate non-catalog play time" rows do not) and is not a radio
  ``STREAM``;
- its play duration is not negative (negative durations are scrubbing events);
- it is not a repeat: Apple repeats rows, and rows giving the same song, start and duration
  are one listen.
The listen starts at ``Event Start Timestamp`` (else end minus duration); all times are UTC.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

from connectors._parsing.sniffing import name_hint
from connectors._parsing.text import field, head_text, header_index, iter_csv_rows
from connectors._parsing.times import minus_ms, parse_iso
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, ServiceTrack

logger = logging.getLogger(__name__)

SERVICE = "apple_music"
_PLAY_EVENTS = {"", "PLAY_END"}
_NOT_SONGS = {"STREAM", "AD", "NON_SONG_CLIP", "AGGREGATE_NON_CATALOG_PLAY_TIME"}
_Columns = dict[str, int]


class ApplePlayActivity:
    name = "apple_privacy_play_activity"
    label = "Apple privacy export: Apple Music Play Activity.csv"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        first_line = head_text(head).split("\n", 1)[0]
        if "Play Duration Milliseconds" in first_line and "Event" in first_line:
            return 0.9 + name_hint(file.basename, "Play Activity")
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield a :class:`~domain.Listen` for each play row (see the module's rule)."""
        rows = iter_csv_rows(file)
        columns = _header(file, next(rows, None))
        seen: set[tuple[object, ...]] = set()
        repeats = 0
        for line, row in rows:
            try:
                listen = to_listen(row, columns)
            except ValueError as e:
                raise BadExport(file.name, str(e), f"line {line}") from e
            if listen is None:
                continue
            identity = (listen.track.key, listen.played_at, listen.ms_played)
            if identity in seen:
                repeats += 1
                continue
            seen.add(identity)
            yield listen
        if repeats:
            logger.info("%s: %d repeated rows counted once", file.name, repeats)


def _header(file: ExportFile, first: tuple[int, list[str]] | None) -> _Columns:
    if first is None:
        raise BadExport(file.name, "empty file")
    columns = header_index(first[1])
    if "play duration milliseconds" not in columns:
        raise BadExport(file.name, "no 'Play Duration Milliseconds' column", "line 1")
    if "song name" not in columns and "content name" not in columns:
        raise BadExport(file.name, "no 'Song Name' or 'Content Name' column", "line 1")
    return columns


def to_listen(row: list[str], columns: _Columns) -> Listen | None:
    """The listen a row describes, or ``None`` for rows that are not plays of a song."""
    if (field(row, columns, "Event Type") or "") not in _PLAY_EVENTS:
        return None
    if field(row, columns, "Item Type") in _NOT_SONGS:
        return None
    title = field(row, columns, "Song Name") or field(row, columns, "Content Name")
    if title is None:
        return None
    ms_played = _milliseconds(field(row, columns, "Play Duration Milliseconds"))
    if ms_played is not None and ms_played < 0:
        return None
    played_at = _start(row, columns, ms_played)
    artist = field(row, columns, "Artist Name")
    media = (field(row, columns, "Media Type") or "") + (
        field(row, columns, "Content Specific Type") or ""
    )
    track = ServiceTrack(
        service=SERVICE,
        service_id=None,
        title=title,
        artists=(artist,) if artist else (),
        album=field(row, columns, "Album Name") or field(row, columns, "Container Album Name"),
        duration_ms=_milliseconds(field(row, columns, "Media Duration In Milliseconds")),
        kind="video" if "video" in media.casefold() else "track",
    )
    offline = field(row, columns, "Offline")
    return Listen(
        track=track,
        played_at=played_at,
        source=SERVICE,
        ms_played=ms_played,
        platform=field(row, columns, "Device Type") or field(row, columns, "Device OS Name"),
        reason_end=field(row, columns, "End Reason Type"),
        offline=offline.casefold() == "true" if offline else None,
    )


def _start(row: list[str], columns: _Columns, ms_played: int | None) -> datetime:
    start = parse_iso(field(row, columns, "Event Start Timestamp"))
    if start is not None:
        return start
    end = parse_iso(field(row, columns, "Event End Timestamp")) or parse_iso(
        field(row, columns, "Event Timestamp")
    )
    if end is None:
        raise ValueError("play without a start or end time")
    return minus_ms(end, ms_played)


def _milliseconds(value: str | None) -> int | None:
    return None if value is None else round(float(value))
