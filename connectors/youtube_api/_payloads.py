"""The raw JSON of the YouTube Data API v3 (https://developers.google.com/youtube/v3/docs),
only the fields Mixtape reads.

Lists come as ``{"items": [...], "nextPageToken": ..., "pageInfo": {"totalResults": ...}}``;
at most 50 items a page. A playlist item's ``snippet.publishedAt`` is when it was added to the
playlist, ``snippet.channelId`` the user who added it, ``snippet.videoOwnerChannelTitle`` the
video's channel ("Artist - Topic" for YouTube Music's auto-generated artist channels); deleted
and private videos stay in playlists as "Deleted video" / "Private video" without an owner.
Durations are ISO 8601 (``PT3M33S``) in ``contentDetails.duration`` of a video. Errors:
``{"error": {"code": 403, "errors": [{"reason": "quotaExceeded"}]}}``.
"""

from __future__ import annotations

from typing import TypedDict


class PageInfo(TypedDict, total=False):
    totalResults: int
    resultsPerPage: int


class ListResponse(TypedDict, total=False):
    kind: str
    etag: str
    nextPageToken: str
    pageInfo: PageInfo
    items: list[object]


class ResourceId(TypedDict, total=False):
    kind: str
    videoId: str


class PlaylistSnippet(TypedDict, total=False):
    title: str
    description: str
    channelId: str
    channelTitle: str
    publishedAt: str


class PlaylistContentDetails(TypedDict, total=False):
    itemCount: int


class PlaylistResource(TypedDict, total=False):
    id: str
    etag: str
    snippet: PlaylistSnippet
    contentDetails: PlaylistContentDetails


class PlaylistItemSnippet(TypedDict, total=False):
    publishedAt: str
    channelId: str
    title: str
    playlistId: str
    position: int
    resourceId: ResourceId
    videoOwnerChannelTitle: str
    videoOwnerChannelId: str


class PlaylistItemContentDetails(TypedDict, total=False):
    videoId: str
    videoPublishedAt: str


class PlaylistItemResource(TypedDict, total=False):
    id: str
    etag: str
    snippet: PlaylistItemSnippet
    contentDetails: PlaylistItemContentDetails


class VideoSnippet(TypedDict, total=False):
    title: str
    channelId: str
    channelTitle: str
    categoryId: str
    publishedAt: str


class VideoContentDetails(TypedDict, total=False):
    duration: str


class VideoResource(TypedDict, total=False):
    id: str
    etag: str
    snippet: VideoSnippet
    contentDetails: VideoContentDetails


class SearchResult(TypedDict, total=False):
    id: ResourceId
    snippet: VideoSnippet


class ChannelSnippet(TypedDict, total=False):
    title: str


class ChannelResource(TypedDict, total=False):
    id: str
    snippet: ChannelSnippet


class ErrorItem(TypedDict, total=False):
    reason: str
    domain: str
    message: str


class ErrorObject(TypedDict, total=False):
    code: int
    message: str
    errors: list[ErrorItem]
