"""Sniffing and reading ``.scrobbler.log`` files."""

from __future__ import annotations

from collections.abc import Iterator

from connectors._parsing.ids import mbid
from connectors._parsing.text import head_text, iter_lines
from connectors._parsing.times import from_unix
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, ServiceTrack

SERVICE = "local"
_MAGIC = "#AUDIOSCROBBLER/"
#: Rockbox writes this artist for files without tags.
_NO_ARTIST = "<Untagged>"


class ScrobblerLog:
    name = "scrobbler_log"
    label = "Audioscrobbler .scrobbler.log"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        return 0.95 if head_text(head).lstrip().startswith(_MAGIC) else 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one :class:`~domain.Listen` per logged play; skipped plays are kept as such."""
        for number, line in iter_lines(file):
            if number == 1 and not line.lstrip("\ufeff").startswith(_MAGIC):
                raise BadExport(file.name, "not a .scrobbler.log (no #AUDIOSCROBBLER header)")
            if not line.strip() or line.startswith("#"):
                continue
            try:
                yield to_listen(line.rstrip("\r"))
            except (ValueError, IndexError) as e:
                raise BadExport(file.name, str(e), f"line {number}") from e


def to_listen(line: str) -> Listen:
    fields = line.split("\t")
    if len(fields) < 7:
        raise ValueError(f"expected 7 or 8 tab-separated fields, found {len(fields)}")
    artist, album, title, _number, length, rating, timestamp = (f.strip() for f in fields[:7])
    played_at = from_unix(timestamp)
    if played_at is None or not title:
        raise ValueError("play without a title or a time")
    if rating not in ("L", "S"):
        raise ValueError(f"rating should be L or S, not {rating!r}")
    track = ServiceTrack(
        service=SERVICE,
        service_id=mbid(fields[7]) if len(fields) > 7 else None,
        title=title,
        artists=(artist,) if artist and artist != _NO_ARTIST else (),
        album=album or None,
        duration_ms=int(length) * 1000 if length.isdigit() else None,
    )
    return Listen(track=track, played_at=played_at, source=SERVICE, skipped=rating == "S")
