"""YouTube Data API resources → domain objects, the way ``connectors.youtube_takeout`` maps
YouTube Music rows: the video id is the service id; the artist is the channel of an
auto-generated "Artist - Topic" channel, else the "Artist" of an "Artist - Title" video title,
else the channel's name; the duration comes from ``contentDetails.duration`` (ISO 8601).
Deleted and private videos give ``None`` (the caller skips them and keeps every other entry's
position).
"""

from __future__ import annotations

import re
from datetime import datetime

from connectors._parsing.times import parse_iso
from connectors.youtube_api._payloads import PlaylistItemResource, VideoResource
from domain import PlaylistEntry, SavedItem, ServiceTrack

SERVICE = "youtube_music"
TOPIC = " - Topic"
MUSIC_CATEGORY = "10"
_UNAVAILABLE = frozenset({"Deleted video", "Private video"})
_DURATION = re.compile(
    r"P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)


def duration_ms(value: str | None) -> int | None:
    """``PT3M33S`` → 213000; ``P0D`` (a live stream) and anything unreadable → ``None``."""
    match = _DURATION.fullmatch(value or "")
    if match is None:
        return None
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    seconds = parts["d"] * 86_400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
    return int(seconds * 1000) or None


def title_and_artists(title: str, channel: str | None) -> tuple[str, tuple[str, ...]]:
    """The song's title and artists from a video title and its channel's name."""
    title = title.strip()
    channel = (channel or "").strip()
    if channel.endswith(TOPIC):
        artist = channel.removesuffix(TOPIC).strip()
        return title, (artist,) if artist else ()
    artist, dash, song = title.partition(" - ")
    if dash and artist.strip() and song.strip():
        return song.strip(), (artist.strip(),)
    return title, (channel,) if channel else ()


def service_track(
    video_id: str, title: str, channel: str | None, duration: int | None
) -> ServiceTrack:
    song, artists = title_and_artists(title, channel)
    return ServiceTrack(
        service=SERVICE,
        service_id=video_id,
        title=song,
        artists=artists,
        duration_ms=duration,
        uri=f"https://music.youtube.com/watch?v={video_id}",
    )


def video_track(video: VideoResource | None) -> ServiceTrack | None:
    if not video or not video.get("id"):
        return None
    snippet = video.get("snippet") or {}
    title = snippet.get("title") or ""
    if not title or title in _UNAVAILABLE:
        return None
    duration = duration_ms((video.get("contentDetails") or {}).get("duration"))
    return service_track(video["id"], title, snippet.get("channelTitle"), duration)


def liked_video(video: VideoResource | None) -> SavedItem | None:
    """A liked song (``videos?myRating=like``); the API does not say when it was liked.

    The likes of all of YouTube come back; only videos in the Music category (id 10, which
    YouTube Music's songs and music videos are in) are kept, not the cat videos.
    """
    category = ((video or {}).get("snippet") or {}).get("categoryId")
    if category is not None and category != MUSIC_CATEGORY:
        return None
    track = video_track(video)
    return None if track is None else SavedItem(SERVICE, "track", track=track)


def item_video_id(item: PlaylistItemResource | None) -> str | None:
    if not item:
        return None
    details = item.get("contentDetails") or {}
    resource = (item.get("snippet") or {}).get("resourceId") or {}
    return details.get("videoId") or resource.get("videoId") or None


def playlist_entry(
    position: int, item: PlaylistItemResource | None, durations: dict[str, int | None]
) -> PlaylistEntry | None:
    """``added_at`` is the item's ``publishedAt`` (when it was added), ``added_by`` the
    ``channelId`` of the user who added it."""
    video_id = item_video_id(item)
    if item is None or video_id is None:
        return None
    snippet = item.get("snippet") or {}
    title = snippet.get("title") or ""
    owner = snippet.get("videoOwnerChannelTitle")
    if not title or (title in _UNAVAILABLE and not owner):
        return None
    track = service_track(video_id, title, owner, durations.get(video_id))
    return PlaylistEntry(
        position, track, _time(snippet.get("publishedAt")), snippet.get("channelId") or None
    )


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        return None
