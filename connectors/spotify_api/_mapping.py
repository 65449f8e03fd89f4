"""Spotify Web API objects → domain objects.

Local files (``is_local``, ``id: null``) become tracks without a service id, identified by
their names and kept with ``kind="local"`` so a transfer can report them as unsupported.
Episodes become ``kind="episode"`` with the show as artist and album. Null entries give
``None`` and are skipped by the caller, keeping every other entry's service position.
"""

from __future__ import annotations

from datetime import datetime

from connectors._parsing.times import parse_iso
from connectors.spotify_api._payloads import (
    ItemObject,
    PlayHistoryObject,
    PlaylistItemObject,
    SavedTrackObject,
)
from domain import Listen, PlaylistEntry, SavedItem, ServiceTrack
from domain.release_year import release_year

SERVICE = "spotify"


def service_track(item: ItemObject | None, is_local: bool = False) -> ServiceTrack | None:
    if not item or not item.get("name"):
        return None
    uri = item.get("uri") or None
    if item.get("type") == "episode":
        show = (item.get("show") or {}).get("name")
        return ServiceTrack(
            service=SERVICE,
            service_id=item.get("id") or None,
            title=item["name"],
            artists=(show,) if show else (),
            album=show,
            duration_ms=item.get("duration_ms"),
            explicit=item.get("explicit"),
            uri=uri,
            kind="episode",
        )
    local = bool(item.get("is_local")) or is_local or (uri or "").startswith("spotify:local:")
    artists = tuple(a["name"] for a in item.get("artists") or () if a and a.get("name"))
    # Track relinking (Web API guide "Track Relinking"): asked with a market, an unavailable
    # track comes back as a playable copy whose ``linked_from`` names the id asked for.
    linked = (item.get("linked_from") or {}).get("id") or None
    return ServiceTrack(
        service=SERVICE,
        service_id=None if local else item.get("id") or None,
        title=item["name"],
        artists=artists,
        album=(item.get("album") or {}).get("name") or None,
        duration_ms=item.get("duration_ms") or None,
        isrc=None if local else (item.get("external_ids") or {}).get("isrc"),
        explicit=item.get("explicit"),
        uri=uri,
        kind="local" if local else "track",
        linked_from=None if local or linked == item.get("id") else linked,
        year=release_year((item.get("album") or {}).get("release_date")),
    )


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        return None


def saved_track(obj: SavedTrackObject | None) -> SavedItem | None:
    track = service_track((obj or {}).get("track"))
    if obj is None or track is None:
        return None
    return SavedItem(SERVICE, "track", track=track, added_at=_time(obj.get("added_at")))


def playlist_entry(position: int, obj: PlaylistItemObject | None) -> PlaylistEntry | None:
    if obj is None:
        return None
    item = obj.get("item") if "item" in obj else obj.get("track")
    track = service_track(item, bool(obj.get("is_local")))
    if track is None:
        return None
    added_by = (obj.get("added_by") or {}).get("id") or None
    return PlaylistEntry(position, track, _time(obj.get("added_at")), added_by)


def listen(obj: PlayHistoryObject | None) -> Listen | None:
    if obj is None:
        return None
    track = service_track(obj.get("track"))
    played_at = _time(obj.get("played_at"))
    if track is None or played_at is None:
        return None
    return Listen(track, played_at, SERVICE, platform="spotify web api")
