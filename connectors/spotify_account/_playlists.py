"""``Playlist1.json`` (and ``Playlist2.json`` …): the user's playlists with their entries.

Entries keep their order and, in current exports, the day they were added (``addedDate``, a
date without a time: midnight UTC). 2020 exports have neither URIs nor dates. An entry may be a
track, a podcast episode, an audiobook or a local file; an entry with none of them (Spotify
writes such rows for items that were removed from the catalogue) is skipped and counted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from connectors._parsing.json_stream import load_json
from connectors._parsing.records import need_object, reading, text
from connectors._parsing.sniffing import first_key, name_hint
from connectors._parsing.spotify import SERVICE, spotify_chapter, spotify_episode, spotify_track
from connectors._parsing.text import head_text
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, Playlist, PlaylistEntry, ServiceTrack

logger = logging.getLogger(__name__)


class SpotifyPlaylists:
    name = "spotify_account_playlists"
    label = "Spotify account data: playlists (Playlist*.json)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        if first_key(head) != "playlists":
            return 0.0
        start = head_text(head)[:4096]
        # The Spotify shape, not any other {"playlists": [...]} document.
        if '"lastModifiedDate"' in start or '"numberOfFollowers"' in start:
            return 0.9 + name_hint(file.basename, "Playlist")
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one :class:`~domain.Playlist` per playlist, entries in playlist order."""
        document = load_json(file)
        playlists = document.get("playlists") if isinstance(document, dict) else None
        if not isinstance(playlists, list):
            raise BadExport(file.name, "not a Spotify playlist file (no 'playlists' list)")
        for number, raw in enumerate(playlists, start=1):
            with reading(file, f"playlist {number}"):
                playlist = _playlist(file, need_object(raw), number)
            yield playlist


def _playlist(file: ExportFile, raw: Mapping[str, Any], number: int) -> Playlist:
    name = raw.get("name")
    # Kept exactly as the user typed it (trailing spaces included): it is what they search for.
    if not isinstance(name, str) or not name.strip():
        raise ValueError("playlist without a name")
    items = raw.get("items") or []
    if not isinstance(items, list):
        raise ValueError("'items' should be a list")
    entries: list[PlaylistEntry] = []
    empty = 0
    for index, item in enumerate(items, start=1):
        with reading(file, f"playlist {number}, item {index}"):
            entry = _entry(need_object(item), len(entries))
        if entry is None:
            empty += 1
        else:
            entries.append(entry)
    if empty:
        logger.info("%s: playlist %d: skipped %d empty items", file.name, number, empty)
    return Playlist(
        service=SERVICE, name=name, entries=tuple(entries), description=text(raw, "description")
    )


def _entry(raw: Mapping[str, Any], position: int) -> PlaylistEntry | None:
    track = _item(raw)
    if track is None:
        return None
    added = text(raw, "addedDate")
    added_at = datetime.strptime(added, "%Y-%m-%d").replace(tzinfo=UTC) if added else None
    return PlaylistEntry(position=position, track=track, added_at=added_at)


def _item(raw: Mapping[str, Any]) -> ServiceTrack | None:
    track = raw.get("track")
    if track:
        return spotify_track(
            text(track, "trackUri"),
            text(track, "trackName"),
            text(track, "artistName"),
            text(track, "albumName"),
        )
    episode = raw.get("episode")
    if episode:
        return spotify_episode(
            text(episode, "episodeUri"), text(episode, "episodeName"), text(episode, "showName")
        )
    local = raw.get("localTrack")
    if local:
        return spotify_track(
            text(local, "uri") or "spotify:local::::",
            text(local, "trackName"),
            text(local, "artistName"),
            text(local, "albumName"),
        )
    book = raw.get("audiobook")
    if book:
        return spotify_chapter(
            text(book, "chapterUri") or text(book, "audiobookUri"),
            text(book, "chapterName") or text(book, "audiobookName"),
            text(book, "audiobookName"),
            text(book, "authorName"),
        )
    return None
