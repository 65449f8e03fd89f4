"""``Apple Music Library Tracks.json``: the cloud library, one object per track."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from connectors._parsing.json_stream import iter_json_list
from connectors._parsing.records import integer, need_object, reading, text
from connectors._parsing.sniffing import first_list_record, has_keys, name_hint
from connectors._parsing.times import minus_ms, parse_iso
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, SavedItem, ServiceTrack

SERVICE = "apple_music"


class AppleLibraryTracks:
    name = "apple_privacy_library_tracks"
    label = "Apple privacy export: Apple Music Library Tracks.json"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        first = first_list_record(head)
        if has_keys(first, "Track Identifier", "Title") or has_keys(
            first, "Apple Music Track Identifier", "Title"
        ):
            return 0.9 + name_hint(file.basename, "Library Tracks")
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Per track: a saved item (unless only in a playlist) and its last play, if any."""
        for number, raw in iter_json_list(file):
            with reading(file, f"record {number}"):
                records = _records(need_object(raw))
            yield from records


def _records(raw: Mapping[str, Any]) -> list[ImportRecord]:
    track = to_track(raw)
    records: list[ImportRecord] = []
    if not raw.get("Playlist Only Track"):
        added = _date(raw, "Date Added To Library")
        records.append(SavedItem(service=SERVICE, kind="track", track=track, added_at=added))
    last = _date(raw, "Last Played Date")
    if last is not None:
        # Like Library.xml, the date is stamped when a play completes.
        records.append(
            Listen(
                track=track,
                played_at=minus_ms(last, track.duration_ms),
                source=SERVICE,
                ms_played=track.duration_ms,
            )
        )
    return records


def to_track(raw: Mapping[str, Any]) -> ServiceTrack:
    catalog_id = integer(raw, "Apple Music Track Identifier")
    library_id = integer(raw, "Track Identifier")
    if catalog_id is None and library_id is None:
        raise ValueError("track without an identifier")
    artist = text(raw, "Artist")
    content = text(raw, "Content Type")
    return ServiceTrack(
        service=SERVICE,
        service_id=str(catalog_id if catalog_id is not None else library_id),
        title=text(raw, "Title") or "",
        artists=(artist,) if artist else (),
        album=text(raw, "Album"),
        duration_ms=integer(raw, "Track Duration"),
        kind="video" if content and "video" in content.casefold() else "track",
    )


def _date(raw: Mapping[str, Any], key: str) -> datetime | None:
    value = text(raw, key)
    # Apple writes the literal "Invalid" for dates it lost; that is no date, not a broken file.
    return None if value == "Invalid" else parse_iso(value)
