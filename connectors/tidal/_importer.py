"""Sniffing and reading Tidal's streaming CSV."""

from __future__ import annotations

import re
from collections.abc import Iterator

from connectors._parsing.sniffing import name_hint
from connectors._parsing.text import field, head_text, header_index, iter_csv_rows
from connectors._parsing.times import parse_local
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, ServiceTrack

SERVICE = "tidal"
_FEAT = re.compile(r"\s+feat\.\s+", re.IGNORECASE)
_REQUIRED = ("artist_name", "track_title", "entry_date")


class TidalStreams:
    name = "tidal_streaming_csv"
    label = "Tidal streaming history (GDPR CSV)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        first = head_text(head).split("\n", 1)[0].casefold()
        if all(column in first for column in _REQUIRED) and "stream_duration_ms" in first:
            return 0.9 + name_hint(file.basename, "tidal", "streaming")
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one :class:`~domain.Listen` per ``TRACK`` row."""
        rows = iter_csv_rows(file)
        first = next(rows, None)
        columns = header_index(first[1]) if first else {}
        if not all(c in columns for c in _REQUIRED):
            raise BadExport(file.name, "not a Tidal streaming CSV (missing columns)", "line 1")
        for line, row in rows:
            try:
                listen = to_listen(row, columns)
            except ValueError as e:
                raise BadExport(file.name, str(e), f"line {line}") from e
            if listen is not None:
                yield listen


def to_listen(row: list[str], columns: dict[str, int]) -> Listen | None:
    product = field(row, columns, "product_type")
    if product is not None and product.upper() != "TRACK":
        return None
    title = field(row, columns, "track_title")
    entry = field(row, columns, "entry_date")
    if title is None or entry is None:
        raise ValueError("stream without a title or a date")
    credit = field(row, columns, "artist_name")
    duration = field(row, columns, "stream_duration_ms")
    track = ServiceTrack(
        service=SERVICE,
        service_id=None,
        title=title,
        artists=tuple(a for a in _FEAT.split(credit) if a) if credit else (),
    )
    return Listen(
        track=track,
        played_at=parse_local(entry, "%d/%m/%Y %H:%M", field(row, columns, "time_zone")),
        source=SERVICE,
        ms_played=round(float(duration)) if duration else None,
        platform=field(row, columns, "client_name_from_session"),
    )
