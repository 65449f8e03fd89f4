"""Sniffing and reading ``Library.xml``."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from connectors._parsing.records import reading
from connectors._parsing.sniffing import name_hint
from connectors._parsing.text import head_text
from connectors.apple_library_xml._mapping import (
    SERVICE,
    PlayDates,
    is_user_playlist,
    last_listen,
    playlist_entries,
    saved_item,
    to_track,
)
from connectors.apple_library_xml._plist import iter_library
from connectors.sources import ExportFile
from domain import ImportRecord, Playlist, ServiceTrack

logger = logging.getLogger(__name__)


class AppleLibraryXml:
    """Library.xml → saved tracks (with date added), each track's last play, and playlists."""

    name = "apple_library_xml"
    label = "Apple Music / iTunes Library.xml"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        start = head_text(head)[:8192]
        if "<plist" not in start:
            return 0.0
        if "<key>Tracks</key>" in start or "<key>Library Persistent ID</key>" in start:
            return 0.95
        return 0.3 + name_hint(file.basename, "Library", "iTunes")

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield, per track, a saved item and its last play; then each user playlist."""
        tracks: dict[int, ServiceTrack] = {}
        dates = PlayDates()
        number = {"track": 0, "playlist": 0}
        # Music.app writes Tracks before Playlists; a file in the other order (plistlib sorts
        # keys) has its playlists held back until the tracks they point at are known.
        waiting: list[tuple[int, dict[str, object]]] = []
        with file.open() as stream:
            for section, raw in iter_library(stream, file.name):
                if section == "header":
                    continue
                number[section] += 1
                if section == "playlist" and not tracks:
                    waiting.append((number[section], raw))
                    continue
                with reading(file, f"{section} {number[section]}"):
                    if section == "track":
                        records = self._track(raw, tracks, dates)
                    else:
                        records = self._playlist(file, raw, tracks)
                yield from records
        for playlist_number, raw in waiting:
            with reading(file, f"playlist {playlist_number}"):
                records = self._playlist(file, raw, tracks)
            yield from records

    @staticmethod
    def _track(
        raw: dict[str, object], tracks: dict[int, ServiceTrack], dates: PlayDates
    ) -> list[ImportRecord]:
        track = to_track(raw)
        track_id = raw.get("Track ID")
        if isinstance(track_id, int):
            tracks[track_id] = track
        records: list[ImportRecord] = []
        saved = saved_item(raw, track)
        if saved is not None:
            records.append(saved)
        listen = last_listen(raw, track, dates)
        if listen is not None:
            records.append(listen)
        return records

    @staticmethod
    def _playlist(
        file: ExportFile, raw: dict[str, object], tracks: dict[int, ServiceTrack]
    ) -> list[ImportRecord]:
        if not is_user_playlist(raw):
            return []
        entries, missing = playlist_entries(raw, tracks)
        if missing:
            logger.info("%s: left out %d playlist items of unknown tracks", file.name, missing)
        name = raw.get("Name")
        persistent_id = raw.get("Playlist Persistent ID")
        description = raw.get("Description")
        return [
            Playlist(
                service=SERVICE,
                name=name if isinstance(name, str) else "",
                entries=entries,
                service_id=persistent_id if isinstance(persistent_id, str) else None,
                description=description if isinstance(description, str) and description else None,
            )
        ]
