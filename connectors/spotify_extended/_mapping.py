"""One raw extended-history row → one :class:`~domain.Listen`."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from connectors._parsing.records import boolean, integer, text
from connectors._parsing.spotify import SERVICE, spotify_chapter, spotify_episode, spotify_track
from connectors._parsing.times import from_unix, minus_ms, parse_iso
from connectors.spotify_extended._payloads import ExtendedPlay
from domain import Listen, ServiceTrack
from domain.model import TrackKind

#: An offline play whose ``ts`` is further than this from its ``offline_timestamp`` was
#: stamped when the client synced, not when it played (seen: a year later).
OFFLINE_SYNC_GAP = timedelta(minutes=10)


def to_listen(row: ExtendedPlay, *, video: bool = False) -> Listen | None:
    """The listen a row describes, or ``None`` for a row with nothing to identify what played.

    ``ts`` is the *end* of the play; the listen starts ``ms_played`` earlier. Offline plays
    are the exception: their ``ts`` can be the time the device next synced, while
    ``offline_timestamp`` records the start of the play; when the two disagree by more than
    :data:`OFFLINE_SYNC_GAP`, the listen starts at ``offline_timestamp``.
    """
    raw = cast(dict[str, Any], row)
    track = _item(raw, video=video)
    if track is None:
        return None
    ended = parse_iso(text(raw, "ts"))
    if ended is None:
        raise ValueError("play without a time ('ts')")
    ms_played = integer(raw, "ms_played")
    if ms_played is not None and ms_played < 0:
        raise ValueError(f"negative ms_played ({ms_played})")
    played_at = minus_ms(ended, ms_played)
    offline = boolean(raw, "offline")
    offline_start = offline_started_at(row) if offline else None
    if offline_start is not None and abs(played_at - offline_start) > OFFLINE_SYNC_GAP:
        played_at = offline_start
    return Listen(
        track=track,
        played_at=played_at,
        source=SERVICE,
        ms_played=ms_played,
        platform=text(raw, "platform"),
        reason_start=text(raw, "reason_start"),
        reason_end=text(raw, "reason_end"),
        shuffle=boolean(raw, "shuffle"),
        skipped=boolean(raw, "skipped"),
        offline=offline,
    )


def _item(raw: dict[str, Any], *, video: bool) -> ServiceTrack | None:
    track_uri = text(raw, "spotify_track_uri")
    track_name = text(raw, "master_metadata_track_name")
    if track_uri or track_name:
        return _track(
            track_uri,
            track_name,
            text(raw, "master_metadata_album_artist_name"),
            text(raw, "master_metadata_album_album_name"),
        )
    episode_uri = text(raw, "spotify_episode_uri")
    episode_name = text(raw, "episode_name")
    if episode_uri or episode_name:
        kind: TrackKind = "video" if video else "episode"
        return spotify_episode(episode_uri, episode_name, text(raw, "episode_show_name"), kind)
    chapter_uri = text(raw, "audiobook_chapter_uri")
    book = text(raw, "audiobook_title")
    if chapter_uri or book:
        return spotify_chapter(chapter_uri, text(raw, "audiobook_chapter_title"), book)
    return None


# A history replays the same few thousand tracks many times over; a track is immutable, so
# each one is built (URI checked, id extracted) once and shared by all its plays.
_track = lru_cache(maxsize=1 << 14)(spotify_track)


def offline_started_at(row: ExtendedPlay) -> datetime | None:
    """``offline_timestamp`` as a time: seconds in files since ~2023, milliseconds before.

    For offline plays it is the start of the play, to the second; ``0`` means unknown.
    """
    return from_unix(integer(cast(dict[str, Any], row), "offline_timestamp"))
