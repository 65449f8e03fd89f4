"""XSPF playlists (https://xspf.org/spec), read and written.

Reading: any XSPF 1 document; each track's entry is its first service URL among ``location``
and ``identifier``, later URLs become other appearances of the same recording, ``isrc:…``
identifiers give the ISRC, and the ListenBrainz track extension gives added_at/added_by.
Writing: durations in ms, an ``identifier`` for every known service URL of the recording and
its ISRC, added_at/added_by in the ListenBrainz extension, and Mixtape's own extension so that
reading the file back gives the same entries, order, dates and ids (see ``_xspf_model``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from connectors._playlist_files import Appearances, read_document
from connectors._xspf_model import playlist_to_jspf, records_from_jspf
from connectors.errors import BadExport
from connectors.sources import ExportFile
from connectors.xspf._xml import XmlRefused, parse, render
from domain.model import ImportRecord, Playlist


class XspfImporter:
    """XSPF ("spiff") playlist files."""

    name = "xspf"
    label = "XSPF playlist"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        if b"http://xspf.org/ns/0/" in head:
            return 0.95
        if file.basename.lower().endswith(".xspf") and b"<playlist" in head:
            return 0.8
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        try:
            doc = parse(read_document(file))
        except XmlRefused as e:
            raise BadExport(file.name, str(e), e.where) from e
        yield from records_from_jspf(doc, file.name, _stem(file.basename))


def write_playlist(
    playlist: Playlist, out: BinaryIO, appearances: Appearances | None = None
) -> None:
    """Write ``playlist`` as XSPF; ``appearances[track.key]`` adds each recording's other URLs."""
    out.write(render(playlist_to_jspf(playlist, appearances)))


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


IMPORTERS = (XspfImporter(),)

__all__ = ["IMPORTERS", "XspfImporter", "write_playlist"]
