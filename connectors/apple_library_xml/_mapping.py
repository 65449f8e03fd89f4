"""Library.xml track and playlist dicts → domain objects.

Nothing here reads the localised ``Kind`` string ("Аудиофайл AAC из Apple Music", "Apple Music
AAC audio file", …): what a track is comes from the language-neutral keys (``Track Type``,
``Apple Music``, ``Podcast``, ``Has Video``…).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from connectors._parsing.times import MAC_EPOCH_OFFSET, from_mac_epoch, minus_ms
from domain import Listen, PlaylistEntry, SavedItem, ServiceTrack
from domain.model import SavedKind, TrackKind
from domain.release_year import release_year

SERVICE = "apple_music"
_VIDEO_KEYS = ("Has Video", "Movie", "TV Show", "Music Video")
#: Built-in playlists that are views of the library, not lists the user made.
_BUILT_IN_KEYS = ("Master", "Distinguished Kind", "Folder", "Smart Info", "Genius Track ID")


def to_track(raw: Mapping[str, Any]) -> ServiceTrack:
    """A library track. Library.xml carries no catalog id, so the id is the persistent id."""
    persistent_id = raw.get("Persistent ID")
    if not isinstance(persistent_id, str) or not persistent_id:
        raise ValueError("track without a 'Persistent ID'")
    artist = _text(raw, "Artist")
    location = _text(raw, "Location")
    explicit = True if raw.get("Explicit") else (False if raw.get("Clean") else None)
    return ServiceTrack(
        service=SERVICE,
        service_id=persistent_id,
        title=_text(raw, "Name") or "",
        artists=(artist,) if artist else (),
        album=_text(raw, "Album"),
        duration_ms=_int(raw, "Total Time"),
        explicit=explicit,
        uri=normalise_file_url(location) if location else None,
        kind=_kind(raw),
        year=release_year(raw.get("Year")),
    )


def _kind(raw: Mapping[str, Any]) -> TrackKind:
    if raw.get("Podcast"):
        return "episode"
    if any(raw.get(k) for k in _VIDEO_KEYS):
        return "video"
    if raw.get("Track Type") == "File" and not raw.get("Apple Music"):
        return "local"
    return "track"


def normalise_file_url(location: str) -> str:
    """``file://localhost/…`` (older iTunes) and ``file:///…`` name the same file: use the
    second form, keeping the percent-encoding as written."""
    if location.startswith("file://localhost/"):
        return "file:///" + location[len("file://localhost/") :]
    return location


def saved_item(raw: Mapping[str, Any], track: ServiceTrack) -> SavedItem | None:
    """Library membership as a saved item, unless the track is only in a playlist."""
    if raw.get("Playlist Only"):
        return None
    added = raw.get("Date Added")
    kind: SavedKind = "episode" if track.kind == "episode" else "track"
    return SavedItem(service=SERVICE, kind=kind, track=track, added_at=added if added else None)


class PlayDates:
    """Reads ``Play Date``/``Play Date UTC``, learning the library's UTC offset as it goes.

    ``Play Date UTC`` is exact. ``Play Date`` alone counts seconds since 1904-01-01 in the
    computer's local time; the offset is learned from tracks that have both (else UTC).
    """

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def last_played(self, raw: Mapping[str, Any]) -> datetime | None:
        utc = raw.get("Play Date UTC")
        local = _int(raw, "Play Date")
        if isinstance(utc, datetime):
            if local is not None:
                seconds = local - MAC_EPOCH_OFFSET - utc.timestamp()
                self._offset = timedelta(seconds=round(seconds / 900) * 900)
            return utc
        if local is not None:
            return from_mac_epoch(local, self._offset)
        return None


def last_listen(raw: Mapping[str, Any], track: ServiceTrack, dates: PlayDates) -> Listen | None:
    """The track's last play, the only dated play a library file keeps.

    iTunes stamps ``Play Date`` when a play *completes*, so the listen started one track
    length earlier. ``Play Count`` is a total, not plays; it is not turned into listens.
    """
    ended = dates.last_played(raw)
    if ended is None:
        return None
    return Listen(
        track=track,
        played_at=minus_ms(ended, track.duration_ms),
        source=SERVICE,
        ms_played=track.duration_ms,
    )


def is_user_playlist(raw: Mapping[str, Any]) -> bool:
    """Playlists the user made: not the library itself, the media-kind views, folders, smart
    or Genius playlists (those are rules, recomputed by Music.app, not lists)."""
    return not any(raw.get(key) for key in _BUILT_IN_KEYS)


def playlist_entries(
    raw: Mapping[str, Any], tracks: Mapping[int, ServiceTrack]
) -> tuple[tuple[PlaylistEntry, ...], int]:
    """Entries in playlist order, and how many items named a track missing from the file
    (trimmed or hand-edited files); those are left out. No ``Playlist Items``: empty."""
    items = raw.get("Playlist Items") or []
    entries: list[PlaylistEntry] = []
    missing = 0
    for item in items:
        track = tracks.get(item.get("Track ID"))
        if track is None:
            missing += 1
        else:
            entries.append(PlaylistEntry(position=len(entries), track=track))
    return tuple(entries), missing


def _text(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _int(raw: Mapping[str, Any], key: str) -> int | None:
    value = raw.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
