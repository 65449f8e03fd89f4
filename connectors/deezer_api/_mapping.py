"""Deezer objects → domain objects. Durations are seconds; ``time_add`` 0 means "unknown"
(editorial playlists); list endpoints carry no ISRC."""

from __future__ import annotations

from datetime import datetime

from connectors._parsing.times import from_unix
from connectors.deezer_api._payloads import TrackObject
from domain import PlaylistEntry, SavedItem, ServiceTrack
from domain.release_year import release_year

SERVICE = "deezer"


def service_track(obj: TrackObject | None) -> ServiceTrack | None:
    if not obj or not obj.get("title") or not obj.get("id"):
        return None
    artist = (obj.get("artist") or {}).get("name")
    duration = obj.get("duration")
    return ServiceTrack(
        service=SERVICE,
        service_id=str(obj["id"]),
        title=obj["title"],
        artists=(artist,) if artist else (),
        album=(obj.get("album") or {}).get("title") or None,
        duration_ms=duration * 1000 if isinstance(duration, int) and duration > 0 else None,
        isrc=obj.get("isrc") or None,
        explicit=obj.get("explicit_lyrics"),
        uri=obj.get("link") or None,
        year=release_year(obj.get("release_date") or (obj.get("album") or {}).get("release_date")),
    )


def saved_track(obj: TrackObject | None) -> SavedItem | None:
    track = service_track(obj)
    if track is None or obj is None:
        return None
    return SavedItem(SERVICE, "track", track=track, added_at=_added(obj))


def playlist_entry(position: int, obj: TrackObject | None) -> PlaylistEntry | None:
    track = service_track(obj)
    if track is None or obj is None:
        return None
    return PlaylistEntry(position, track, _added(obj))


def _added(obj: TrackObject) -> datetime | None:
    value = obj.get("time_add")
    return from_unix(value) if isinstance(value, int) and value > 0 else None
