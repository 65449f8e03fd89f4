"""Last.fm scrobbles and loved tracks → domain listens and saved items.

A scrobble without a service id keeps its MBID when Last.fm gives one (the CLI contract:
scrobble sources use the MBID, else no id). The track playing right now comes first in recent
tracks with ``@attr.nowplaying`` and no date: it is not a scrobble yet and is skipped.
"""

from __future__ import annotations

from connectors._parsing.ids import mbid
from connectors._parsing.times import from_unix
from connectors.lastfm_api._payloads import NamedText, ScrobbleObject, TrackList
from domain import Listen, SavedItem, ServiceTrack

SERVICE = "lastfm"


def tracks_of(page: TrackList) -> list[ScrobbleObject]:
    tracks = page.get("track") or []
    return [tracks] if isinstance(tracks, dict) else list(tracks)


def _name(value: NamedText | str | None) -> str | None:
    if isinstance(value, str):
        return value or None
    if not value:
        return None
    return value.get("#text") or value.get("name") or None


def service_track(raw: ScrobbleObject) -> ServiceTrack | None:
    title = raw.get("name")
    if not title:
        return None
    artist = _name(raw.get("artist"))
    return ServiceTrack(
        service=SERVICE,
        service_id=mbid(raw.get("mbid") or None),
        title=title,
        artists=(artist,) if artist else (),
        album=_name(raw.get("album")),
        uri=raw.get("url") or None,
    )


def played_at(raw: ScrobbleObject) -> int | None:
    uts = (raw.get("date") or {}).get("uts")
    return int(uts) if uts and uts.isdigit() else None


def listen(raw: ScrobbleObject) -> Listen | None:
    if (raw.get("@attr") or {}).get("nowplaying") == "true":
        return None
    track = service_track(raw)
    when = from_unix(played_at(raw))
    if track is None or when is None:
        return None
    return Listen(track, when, SERVICE, platform="last.fm api")


def loved(raw: ScrobbleObject) -> SavedItem | None:
    track = service_track(raw)
    if track is None:
        return None
    return SavedItem(SERVICE, "track", track=track, added_at=from_unix(played_at(raw)))
