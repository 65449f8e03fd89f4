"""``YourLibrary.json``: liked songs, saved albums and episodes, followed artists and shows, and
banned tracks and artists, each as a :class:`~domain.SavedItem` (the file has no dates)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from connectors._parsing.ids import spotify_id
from connectors._parsing.json_stream import load_json
from connectors._parsing.records import need_object, reading, text
from connectors._parsing.sniffing import first_key, first_record_of, has_keys, name_hint
from connectors._parsing.spotify import SERVICE, spotify_episode, spotify_track
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, SavedItem
from domain.model import SavedKind

logger = logging.getLogger(__name__)

_SECTIONS = ("tracks", "albums", "shows", "episodes", "artists", "bannedTracks", "bannedArtists")


class SpotifyLibrary:
    name = "spotify_account_library"
    label = "Spotify account data: library (YourLibrary.json)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        if has_keys(first_record_of(head, "tracks"), "artist", "track"):
            return 0.9 + name_hint(file.basename, "YourLibrary")
        if first_key(head) in _SECTIONS and name_hint(file.basename, "YourLibrary"):
            return 0.6
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield the saved items section by section, in file order."""
        document = load_json(file)
        if not isinstance(document, dict) or not any(k in document for k in _SECTIONS):
            raise BadExport(file.name, "not a Spotify YourLibrary.json (no tracks, albums …)")
        for section in _SECTIONS:
            rows = document.get(section) or []
            if not isinstance(rows, list):
                raise BadExport(file.name, f"{section!r} should be a list")
            to_item = _MAPPERS[section]
            for number, raw in enumerate(rows, start=1):
                with reading(file, f"{section} record {number}"):
                    item = to_item(need_object(raw))
                yield item
        if document.get("other"):
            logger.info("%s: ignored %d 'other' items", file.name, len(document["other"]))


def _track(kind: SavedKind) -> Callable[[Mapping[str, Any]], SavedItem]:
    def to_item(raw: Mapping[str, Any]) -> SavedItem:
        track = spotify_track(
            text(raw, "uri"), text(raw, "track"), text(raw, "artist"), text(raw, "album")
        )
        return SavedItem(service=SERVICE, kind=kind, track=track)

    return to_item


def _named(
    kind: SavedKind, id_kind: str, name: str, by: str | None
) -> Callable[[Mapping[str, Any]], SavedItem]:
    def to_item(raw: Mapping[str, Any]) -> SavedItem:
        title = text(raw, name)
        uri = text(raw, "uri")
        if not title and not uri:
            raise ValueError(f"{kind} without a name")
        return SavedItem(
            service=SERVICE,
            kind=kind,
            name=title,
            artist=text(raw, by) if by else None,
            service_id=spotify_id(uri, id_kind) if uri else None,
        )

    return to_item


def _episode(raw: Mapping[str, Any]) -> SavedItem:
    episode = spotify_episode(text(raw, "uri"), text(raw, "name"), text(raw, "show"))
    return SavedItem(service=SERVICE, kind="episode", track=episode)


_MAPPERS: dict[str, Callable[[Mapping[str, Any]], SavedItem]] = {
    "tracks": _track("track"),
    "bannedTracks": _track("banned_track"),
    "albums": _named("album", "album", "album", "artist"),
    "artists": _named("artist", "artist", "name", None),
    "bannedArtists": _named("banned_artist", "artist", "name", None),
    "shows": _named("show", "show", "name", "publisher"),
    "episodes": _episode,
}
