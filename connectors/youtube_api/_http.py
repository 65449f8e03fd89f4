"""The YouTube Data API v3 calls Mixtape makes, each charged to the daily quota first.

Costs (https://developers.google.com/youtube/v3/determine_quota_cost): every ``list`` 1 unit,
every ``insert`` 50, ``videos.rate`` 50, ``search.list`` 100. The charge is booked before the
request goes out (Google charges failed calls too); when it would pass the day's budget nothing
is sent and ``QuotaExhausted`` parks the job until midnight Pacific time.

Errors beyond the shared transport's mapping, read from 403 bodies: ``quotaExceeded`` /
``dailyLimitExceeded`` → the day's quota is gone (also recorded in the ledger);
``rateLimitExceeded`` / ``userRateLimitExceeded`` → a short rate limit.

Paging: ``maxResults=50`` (the maximum) and ``pageToken``; ``pageInfo.totalResults`` is read
back as the collection's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import DailyQuota, ServiceGate
from connectors._transport import ServiceHttp
from connectors.errors import ClientError, RateLimited
from connectors.youtube_api._payloads import (
    ChannelResource,
    ErrorObject,
    ListResponse,
    PlaylistItemResource,
    PlaylistResource,
    SearchResult,
    VideoResource,
)

SERVICE = "youtube_music"
PAGE_SIZE = 50
LIST, INSERT, SEARCH = 1, 50, 100
RATE = 50  # videos.rate
QUOTA_GONE = frozenset({"quotaExceeded", "dailyLimitExceeded"})
SLOW_DOWN = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TokenPage(Generic[T]):
    items: tuple[T, ...]
    next_token: str | None
    total: int | None


def error_reason(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = cast(ErrorObject, body.get("error") or {}) if isinstance(body, dict) else {}
    errors = error.get("errors") or [] if isinstance(error, dict) else []
    return next((e.get("reason") for e in errors if isinstance(e, dict)), None)


class YouTubeApi:
    def __init__(self, http: ServiceHttp, endpoints: ServiceEndpoints, quota: DailyQuota) -> None:
        self.http = http
        self.quota = quota
        self._base = endpoints.api

    def observe(self, response: httpx.Response, gate: ServiceGate) -> None:
        """The transport's hook: YouTube's quota and rate errors are 403s with a reason."""
        if response.status_code != 403:
            return
        reason = error_reason(response)
        if reason in QUOTA_GONE:
            gate.answered()
            raise self.quota.exhausted()
        if reason in SLOW_DOWN:
            wait = gate.governor.slow_down(None)
            raise RateLimited(SERVICE, gate.clock.now() + wait, wait)

    # -- reads ------------------------------------------------------------------------------
    def my_channel(self) -> ChannelResource:
        """channels.list?mine=true: the signed-in user's channel (its id is the account id)."""
        data = self._call(LIST, "GET", "channels", {"part": "snippet", "mine": "true"})
        items = (data or {}).get("items") or []
        if not items:
            raise ClientError(SERVICE, "this Google account has no YouTube channel")
        return cast(ChannelResource, items[0])

    def playlists(self, page_token: str | None) -> TokenPage[PlaylistResource]:
        """playlists.list?mine=true (snippet + contentDetails, so the etag follows the count)."""
        params = {"part": "snippet,contentDetails", "mine": "true"}
        return self._page("playlists", params, page_token)

    def playlist_items(
        self, playlist_id: str, page_token: str | None
    ) -> TokenPage[PlaylistItemResource]:
        params = {"part": "snippet,contentDetails", "playlistId": playlist_id}
        return self._page("playlistItems", params, page_token)

    def liked_videos(self, page_token: str | None) -> TokenPage[VideoResource]:
        """videos.list?myRating=like: the user's likes, newest first."""
        params = {"part": "snippet,contentDetails", "myRating": "like"}
        return self._page("videos", params, page_token)

    def videos(self, ids: list[str]) -> list[VideoResource]:
        """videos.list?id=…: up to 50 videos in one call (their durations)."""
        if not ids:
            return []
        params = {"part": "contentDetails", "id": ",".join(ids[:PAGE_SIZE])}
        data = cast(ListResponse, self._call(LIST, "GET", "videos", params) or {})
        return [cast(VideoResource, v) for v in data.get("items") or [] if v]

    # -- writes and search (transfers) -------------------------------------------------------
    def search_videos(self, query: str, limit: int) -> list[SearchResult]:
        params: dict[str, str | int] = {
            "part": "snippet",
            "type": "video",
            "videoCategoryId": "10",  # Music
            "q": query,
            "maxResults": limit,
        }
        data = cast(ListResponse, self._call(SEARCH, "GET", "search", params) or {})
        return [cast(SearchResult, r) for r in data.get("items") or [] if r]

    def insert_playlist(self, title: str, description: str) -> str:
        body = {"snippet": {"title": title, "description": description}}
        body["status"] = {"privacyStatus": "private"}
        data = self._call(INSERT, "POST", "playlists", {"part": "snippet,status"}, body)
        playlist_id = (data or {}).get("id")
        if not playlist_id:
            raise ClientError(SERVICE, "YouTube did not return the new playlist")
        return str(playlist_id)

    def insert_playlist_item(self, playlist_id: str, video_id: str, position: int | None) -> None:
        snippet: dict[str, Any] = {
            "playlistId": playlist_id,
            "resourceId": {"kind": "youtube#video", "videoId": video_id},
        }
        if position is not None:
            snippet["position"] = position
        self._call(INSERT, "POST", "playlistItems", {"part": "snippet"}, {"snippet": snippet})

    def rate_video(self, video_id: str, rating: str = "like") -> None:
        """videos.rate?id=…&rating=like (50 units): one video per call; 204, no body."""
        self._call(RATE, "POST", "videos/rate", {"id": video_id, "rating": rating})

    # -- plumbing ---------------------------------------------------------------------------
    def _call(
        self,
        cost: int,
        method: str,
        path: str,
        params: Mapping[str, str | int],
        body: Any = None,
    ) -> Any:
        self.quota.charge(cost)
        return self.http.request_json(method, self._base + path, params=params, json=body)

    def _page(
        self, path: str, params: Mapping[str, str | int], page_token: str | None
    ) -> TokenPage[Any]:
        query: dict[str, str | int] = {**params, "maxResults": PAGE_SIZE}
        if page_token:
            query["pageToken"] = page_token
        data = cast(ListResponse, self._call(LIST, "GET", path, query) or {})
        items = tuple(i for i in data.get("items") or () if i)
        total = (data.get("pageInfo") or {}).get("totalResults")
        next_token = data.get("nextPageToken") or None
        return TokenPage(items, next_token if items else None, total)
