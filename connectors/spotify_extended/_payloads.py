"""The raw shape of one play in Spotify's extended streaming history (all files, all years)."""

from __future__ import annotations

from typing import TypedDict


class ExtendedPlay(TypedDict, total=False):
    ts: str  # end of play, ISO 8601 UTC ("2023-09-25T12:26:38Z")
    platform: str
    ms_played: int
    conn_country: str
    master_metadata_track_name: str | None
    master_metadata_album_artist_name: str | None
    master_metadata_album_album_name: str | None
    spotify_track_uri: str | None
    episode_name: str | None
    episode_show_name: str | None
    spotify_episode_uri: str | None
    audiobook_title: str | None
    audiobook_uri: str | None
    audiobook_chapter_uri: str | None
    audiobook_chapter_title: str | None
    reason_start: str | None
    reason_end: str | None
    shuffle: bool | None
    skipped: bool | None  # null in older files
    offline: bool | None
    offline_timestamp: int | None  # seconds in new files, milliseconds in old ones; 0 = none
    incognito_mode: bool | None
