"""The raw JSON of the Apple Music API (https://developer.apple.com/documentation/applemusicapi),
only what Mixtape reads.

Every answer is a ``ResponseRoot``: ``data`` (resources), ``next`` (a path from the host root,
``/v1/me/library/songs?offset=100``) and ``meta.total``. Library songs (``library-songs``) carry
no ISRC; their ``playParams.catalogId`` points at the catalog song (``songs``), whose
``attributes.isrc`` does. Library playlists have ``lastModifiedDate`` (used as the change
token) and a ``description`` object. Errors come as ``{"errors": [{"status", "code", "title"}]}``.
"""

from __future__ import annotations

from typing import Any, TypedDict


class PlayParams(TypedDict, total=False):
    id: str
    kind: str
    isLibrary: bool
    catalogId: str
    globalId: str


class SongAttributes(TypedDict, total=False):
    name: str
    artistName: str
    albumName: str
    durationInMillis: int
    isrc: str
    contentRating: str
    url: str
    dateAdded: str
    playParams: PlayParams


class SongResource(TypedDict, total=False):
    id: str
    type: str  # "songs" (catalog), "library-songs", "library-music-videos", …
    href: str
    attributes: SongAttributes


class Description(TypedDict, total=False):
    standard: str
    short: str


class PlaylistAttributes(TypedDict, total=False):
    name: str
    description: Description
    canEdit: bool
    isPublic: bool
    hasCatalog: bool
    dateAdded: str
    lastModifiedDate: str
    playParams: PlayParams


class PlaylistResource(TypedDict, total=False):
    id: str
    type: str  # "library-playlists"
    href: str
    attributes: PlaylistAttributes


class Meta(TypedDict, total=False):
    total: int


class ResponseRoot(TypedDict, total=False):
    data: list[Any]
    next: str
    meta: Meta


class SearchResults(TypedDict, total=False):
    songs: ResponseRoot


class SearchResponse(TypedDict, total=False):
    results: SearchResults


class StorefrontResource(TypedDict, total=False):
    id: str
    type: str
