"""The raw JSON of the Deezer API (https://developers.deezer.com/api), only what Mixtape reads.

Deezer answers errors with HTTP 200 and an ``error`` object (code 4 = quota/rate limit,
300 = invalid OAuth token, 800 = no data); durations are seconds; list endpoints carry no ISRC
(only ``/track/{id}`` does); ``time_add`` is 0 in editorial playlists.
"""

from __future__ import annotations

from typing import TypedDict


class ErrorObject(TypedDict, total=False):
    type: str
    message: str
    code: int


class ArtistObject(TypedDict, total=False):
    id: int
    name: str


class AlbumObject(TypedDict, total=False):
    id: int
    title: str
    release_date: str


class TrackObject(TypedDict, total=False):
    id: int
    type: str
    title: str
    title_version: str
    duration: int
    isrc: str
    explicit_lyrics: bool
    link: str
    time_add: int
    artist: ArtistObject
    album: AlbumObject
    release_date: str


class UserObject(TypedDict, total=False):
    id: int
    name: str


class PlaylistObject(TypedDict, total=False):
    id: int
    title: str
    description: str
    checksum: str
    nb_tracks: int
    is_loved_track: bool
    creator: UserObject
    user: UserObject


class ListObject(TypedDict, total=False):
    data: list[object]
    total: int
    checksum: str
    next: str
    prev: str
