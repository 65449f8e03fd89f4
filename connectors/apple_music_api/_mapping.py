"""Apple Music resources → domain objects.

``service_id`` is the catalog id when known (``songs`` resources, or a library song's
``playParams.catalogId``), else the library id (``i.…``): the CLI contract's rule, so a song
in the library, in a playlist and in the recently played list is one service track. Library
songs have no ISRC; :func:`with_isrc` adds one from a catalog lookup. Playlist entries have no
date added in the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from connectors._parsing.times import parse_iso
from connectors.apple_music_api._payloads import SongResource
from domain import PlaylistEntry, SavedItem, ServiceTrack

SERVICE = "apple_music"
_SONG_TYPES = frozenset({"songs", "library-songs"})


def catalog_id(obj: SongResource) -> str | None:
    """The catalog id of a song resource (a catalog song's own id), if any."""
    if obj.get("type") == "songs":
        return obj.get("id") or None
    params = (obj.get("attributes") or {}).get("playParams") or {}
    return params.get("catalogId") or None


def service_track(obj: SongResource | None) -> ServiceTrack | None:
    if not obj or not obj.get("id"):
        return None
    attrs = obj.get("attributes") or {}
    if not attrs.get("name"):
        return None
    artist = attrs.get("artistName")
    duration = attrs.get("durationInMillis")
    rating = attrs.get("contentRating")
    return ServiceTrack(
        service=SERVICE,
        service_id=catalog_id(obj) or obj["id"],
        title=attrs["name"],
        artists=(artist,) if artist else (),
        album=attrs.get("albumName") or None,
        duration_ms=duration if isinstance(duration, int) and duration > 0 else None,
        isrc=attrs.get("isrc") or None,
        explicit=None if rating is None else rating == "explicit",
        uri=attrs.get("url") or None,
        kind="track" if obj.get("type") in _SONG_TYPES else "video",
    )


def saved_song(obj: SongResource | None) -> SavedItem | None:
    track = service_track(obj)
    if track is None or obj is None:
        return None
    added = (obj.get("attributes") or {}).get("dateAdded")
    return SavedItem(SERVICE, "track", track=track, added_at=_time(added))


def playlist_entry(position: int, obj: SongResource | None) -> PlaylistEntry | None:
    track = service_track(obj)
    return None if track is None else PlaylistEntry(position, track)


def with_isrc(track: ServiceTrack, isrcs: Mapping[str, str]) -> ServiceTrack:
    if track.isrc or not track.service_id or track.service_id not in isrcs:
        return track
    return replace(track, isrc=isrcs[track.service_id])


def _time(value: str | None) -> datetime | None:
    try:
        return parse_iso(value)
    except ValueError:
        return None
