"""Loved tracks as the Last.fm API (``user.getLovedTracks``) and Libre.fm write them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from connectors._parsing.ids import mbid
from connectors._parsing.json_stream import load_json
from connectors._parsing.records import need_object, reading, text
from connectors._parsing.sniffing import first_key
from connectors._parsing.times import from_unix
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, SavedItem, ServiceTrack

SERVICE = "lastfm"


class LovedTracks:
    name = "lastfm_loved_tracks"
    label = "Last.fm / Libre.fm loved tracks (JSON)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        return 0.95 if first_key(head) == "lovedtracks" else 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one liked :class:`~domain.SavedItem` per loved track, with the date loved."""
        document = load_json(file)
        loved = document.get("lovedtracks") if isinstance(document, dict) else None
        tracks = loved.get("track") if isinstance(loved, dict) else None
        if isinstance(tracks, dict):
            tracks = [tracks]  # the API gives a single object when there is one loved track
        if not isinstance(tracks, list):
            raise BadExport(file.name, "no 'lovedtracks.track' list")
        for number, raw in enumerate(tracks, start=1):
            with reading(file, f"record {number}"):
                item = _saved(need_object(raw))
            yield item


def _saved(raw: Mapping[str, Any]) -> SavedItem:
    title = text(raw, "name")
    if title is None:
        raise ValueError("loved track without a name")
    artist = raw.get("artist")
    artist_name = (
        text(artist, "name") or text(artist, "#text")
        if isinstance(artist, dict)
        else (artist if isinstance(artist, str) else None)
    )
    date = raw.get("date")
    loved_at = from_unix(text(date, "uts")) if isinstance(date, dict) else None
    track = ServiceTrack(
        service=SERVICE,
        service_id=mbid(text(raw, "mbid")),
        title=title,
        artists=(artist_name,) if artist_name else (),
        uri=text(raw, "url"),
    )
    return SavedItem(service=SERVICE, kind="track", track=track, added_at=loved_at)
