"""JSPF playlists (XSPF as JSON, https://xspf.org/jspf/), in ListenBrainz's dialect.

Reading: ``identifier`` and ``location`` as a list (ListenBrainz) or a string (its frontend);
``added_at``/``added_by`` and the artist list from the ListenBrainz track extension
``https://musicbrainz.org/doc/jspf#track``; MusicBrainz recording URLs become ListenBrainz
tracks identified by their MBID. Writing: identifiers always as a list (every known service
URL, then ``isrc:…``), durations in ms, the ListenBrainz extension, and Mixtape's own extension
for an exact round trip (see ``_xspf_model``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from connectors._playlist_files import Appearances, load_json
from connectors._xspf_model import playlist_to_jspf, records_from_jspf
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain.model import ImportRecord, Playlist

_PLAYLIST_KEY = re.compile(rb'^\s*\{\s*"playlist"\s*:')
_TRACKS = re.compile(rb'"track"\s*:\s*\[')


class JspfImporter:
    """JSPF playlist files, including ListenBrainz playlist exports."""

    name = "jspf"
    label = "JSPF playlist"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        head = head.removeprefix(b"\xef\xbb\xbf")
        if _PLAYLIST_KEY.match(head) and (_TRACKS.search(head) or b'"title"' in head):
            return 0.9
        if file.basename.lower().endswith(".jspf") and head.lstrip().startswith(b"{"):
            return 0.8
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        document = load_json(file)
        if not isinstance(document, dict) or "playlist" not in document:
            raise BadExport(file.name, 'not a JSPF playlist (no top-level "playlist" object)')
        stem = file.basename.rsplit(".", 1)[0]
        yield from records_from_jspf(document["playlist"], file.name, stem)


def write_playlist(
    playlist: Playlist, out: BinaryIO, appearances: Appearances | None = None
) -> None:
    """Write ``playlist`` as JSPF; ``appearances[track.key]`` adds each recording's other URLs."""
    document = {"playlist": playlist_to_jspf(playlist, appearances)}
    out.write(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")


IMPORTERS = (JspfImporter(),)

__all__ = ["IMPORTERS", "JspfImporter", "write_playlist"]
