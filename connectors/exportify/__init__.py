"""Exportify CSV playlists (https://exportify.net), read in every header variant, written in
the newest.

Columns are found by name, not position, so each variant reads: the newest with a leading
``Name`` column (one file may then hold several playlists, told apart by it), an older one
with ``Added By``/``Added At`` first, one with ``Is Playable``, ``Explicit?`` for ``Explicit``,
and any extra columns (audio features, genres) ignored. Commas inside an artist's name are
written ``\\,`` (Exportify's escape); artists are separated by ", ".

A CSV carries no playlist service or id: a file whose tracks are all Spotify tracks is read as
a Spotify playlist (that is what Exportify exports), any other as a local one. Tracks on other
services are written with their service URL in ``Track URI`` so they read back as themselves.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from connectors._playlist_files import (
    Appearances,
    format_time,
    parse_time_or_none,
    read_document,
)
from connectors.errors import BadExport
from connectors.exportify._rows import Columns, track_from_row, track_uri
from connectors.sources import ExportFile
from domain.model import ImportRecord, Playlist, PlaylistEntry

#: Exportify's newest header, written as is so that tools reading Exportify files read ours.
HEADER = (
    "Name", "Track URI", "Track Name", "Artist URI(s)", "Artist Name(s)", "Album URI",
    "Album Name", "Album Artist URI(s)", "Album Artist Name(s)", "Album Release Date",
    "Album Image URL", "Disc Number", "Track Number", "Track Duration (ms)", "Track Preview URL",
    "Explicit", "Popularity", "ISRC", "Added By", "Added At",
)  # fmt: skip
_SPOTIFY_USER = "spotify:user:"
_SNIFF = re.compile(rb"track uri", re.IGNORECASE)


class ExportifyImporter:
    """Playlists exported by Exportify (or written by Mixtape in its format)."""

    name = "exportify_csv"
    label = "Exportify CSV"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].lower()
        if _SNIFF.search(first) and b"track name" in first:
            return 0.95
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """One playlist per ``Name`` (or one named after the file), entries in file order."""
        data = read_document(file)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            raise BadExport(file.name, "not UTF-8 text", f"line {line}") from e
        rows = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(rows, None)
            if header is None:
                raise BadExport(file.name, "empty file")
            columns = Columns.from_header(file.name, header)
            playlists = self._collect(file, rows, columns)
        except csv.Error as e:
            raise BadExport(file.name, f"broken CSV ({e})", f"line {rows.line_num}") from e
        stem = file.basename.rsplit(".", 1)[0]
        for name, entries in playlists.items():
            spotify = all(e.track.service == "spotify" for e in entries)
            yield Playlist("spotify" if spotify else "local", name or stem, tuple(entries))

    def _collect(
        self, file: ExportFile, rows: Iterator[list[str]], columns: Columns
    ) -> dict[str, list[PlaylistEntry]]:
        playlists: dict[str, list[PlaylistEntry]] = {}
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            where = f"line {getattr(rows, 'line_num', '?')}"
            fields = columns.fields(file.name, row, where)
            entries = playlists.setdefault(fields.get("name", ""), [])
            added_by = fields.get("addedby") or None
            entries.append(
                PlaylistEntry(
                    position=len(entries),
                    track=track_from_row(file.name, fields, where),
                    added_at=parse_time_or_none(fields.get("addedat"), file.name, where),
                    added_by=added_by.removeprefix(_SPOTIFY_USER) if added_by else None,
                )
            )
        return playlists


def write_playlist(
    playlist: Playlist, out: BinaryIO, appearances: Appearances | None = None
) -> None:
    """Write ``playlist`` in Exportify's newest header. ``appearances`` gives a missing ISRC."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    for entry in playlist.entries:
        track = entry.track
        isrc = track.isrc or next(
            (t.isrc for t in (appearances or {}).get(track.key, ()) if t.isrc), None
        )
        artists = ", ".join(a.replace(",", "\\,") for a in track.artists)
        row = dict.fromkeys(HEADER, "")
        row |= {
            "Name": playlist.name,
            "Track URI": track_uri(track),
            "Track Name": track.title,
            "Artist Name(s)": artists,
            "Album Name": track.album or "",
            "Track Duration (ms)": "" if track.duration_ms is None else str(track.duration_ms),
            "Explicit": "" if track.explicit is None else str(track.explicit).lower(),
            "ISRC": isrc or "",
            "Added By": f"{_SPOTIFY_USER}{entry.added_by}" if entry.added_by else "",
            "Added At": format_time(entry.added_at) if entry.added_at else "",
        }
        writer.writerow(row[column] for column in HEADER)
    out.write(text.getvalue().encode("utf-8"))


IMPORTERS = (ExportifyImporter(),)

__all__ = ["HEADER", "IMPORTERS", "ExportifyImporter", "write_playlist"]
