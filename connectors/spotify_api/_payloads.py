"""The raw JSON of the Spotify Web API, as TypedDicts (only the fields Mixtape reads).

https://developer.spotify.com/documentation/web-api — every field may be missing or null in
practice: entries can be null, local files have ``id: null``, ``added_at``/``added_by`` may be
null, playlists may hold episodes. Since 2026 playlist entries carry ``item`` instead of
``track`` (``/playlists/{id}/items``); both shapes are read.
"""

from __future__ import annotations

from typing import TypedDict


class ArtistObject(TypedDict, total=False):
    id: str | None
    name: str


class AlbumObject(TypedDict, total=False):
    id: str | None
    name: str
    release_date: str


class ShowObject(TypedDict, total=False):
    id: str
    name: str


class ExternalIds(TypedDict, total=False):
    isrc: str


class LinkedTrackObject(TypedDict, total=False):
    """The track asked for, when Spotify relinked it to a playable copy (``linked_from``)."""

    id: str | None
    type: str
    uri: str | None


class ItemObject(TypedDict, total=False):
    """A track or an episode (``type`` tells which)."""

    id: str | None
    type: str
    name: str
    uri: str | None
    artists: list[ArtistObject]
    album: AlbumObject | None
    show: ShowObject | None
    duration_ms: int | None
    explicit: bool | None
    external_ids: ExternalIds | None
    is_local: bool
    linked_from: LinkedTrackObject | None


class SavedTrackObject(TypedDict, total=False):
    added_at: str | None
    track: ItemObject | None


class UserObject(TypedDict, total=False):
    id: str
    display_name: str | None


class PlaylistItemObject(TypedDict, total=False):
    added_at: str | None
    added_by: UserObject | None
    is_local: bool
    track: ItemObject | None  # before 2026
    item: ItemObject | None  # since 2026


class PlayHistoryObject(TypedDict, total=False):
    track: ItemObject | None
    played_at: str


class ItemsRef(TypedDict, total=False):
    href: str
    total: int


class SimplifiedPlaylistObject(TypedDict, total=False):
    id: str
    name: str
    description: str | None
    owner: UserObject | None
    snapshot_id: str | None
    tracks: ItemsRef | None  # before 2026
    items: ItemsRef | None  # since 2026


class Cursors(TypedDict, total=False):
    after: str | None
    before: str | None


class PagingObject(TypedDict, total=False):
    items: list[object]
    limit: int
    offset: int
    total: int
    next: str | None
    cursors: Cursors | None
