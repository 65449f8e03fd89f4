"""YouTube Music, live, through the YouTube Data API v3: sign-in with the user's own Google
OAuth client (loopback + PKCE, or the device flow), playlists and liked videos as domain
objects, playlist writes for transfers, all within the daily unit quota.

The importer of Google Takeout files is ``connectors.youtube_takeout``; tracks from both carry
the video id as their service id, so the two meet in one service track.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import DailyQuota, ServiceGate
from connectors._oauth import OAuthSession
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.errors import ClientError
from connectors.live import AccountInfo, Capability, Page, PlaylistContents, PlaylistSummary
from connectors.youtube_api import _mapping
from connectors.youtube_api._auth import (
    READ_SCOPES,
    WRITE_SCOPES,
    google_urls,
    revoke_token,
    youtube_oauth_client,
)
from connectors.youtube_api._device import ShowCode, sign_in_with_device_code
from connectors.youtube_api._http import PAGE_SIZE, YouTubeApi
from connectors.youtube_api._payloads import PlaylistResource
from domain import PlaylistEntry, SavedItem, ServiceTrack

SERVICE = "youtube_music"
SEARCH_LIMIT = 5


class YouTubeConnector:
    """The YouTube Data API as pages of domain objects; the app decides what to fetch."""

    service = SERVICE
    capabilities: frozenset[Capability] = frozenset(
        {"read_saved_tracks", "read_playlists", "preserve_added_at", "write_playlist"}
    )
    #: playlistItems.insert takes one video per call (50 units each).
    write_batch = 1

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        session: OAuthSession,
        gate: ServiceGate,
        quota: DailyQuota,
        client: httpx.Client | None = None,
    ) -> None:
        self.api: YouTubeApi
        self._http = ServiceHttp(
            SERVICE,
            gate,
            tokens=session,
            client=client or httpx.Client(timeout=DEFAULT_TIMEOUT),
            observe=lambda response, g: self.api.observe(response, g),
        )
        self.api = YouTubeApi(self._http, endpoints, quota)
        self.quota = quota
        #: pageToken of each offset of the liked list seen by this instance (the shared sync
        #: pages by offset; YouTube by token).
        self._liked_tokens: dict[int, str | None] = {0: None}

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def account(self) -> AccountInfo:
        channel = self.api.my_channel()
        return AccountInfo(str(channel["id"]), (channel.get("snippet") or {}).get("title"))

    # -- liked videos -----------------------------------------------------------------------
    def saved_tracks(self, offset: int) -> Page[SavedItem]:
        """The liked videos from ``offset`` on, newest first (one page of at most 50)."""
        known = max(o for o in self._liked_tokens if o <= offset)
        while True:
            page = self.api.liked_videos(self._liked_tokens[known])
            end = known + len(page.items)
            if page.next_token is not None:
                self._liked_tokens[end] = page.next_token
            if known >= offset or page.next_token is None:
                break
            known = end  # resuming a pass in a new process: walk to the offset
        items = tuple(s for s in map(_mapping.liked_video, page.items) if s is not None)
        more = page.next_token is not None
        return Page(items, end if more else None, page.total, PAGE_SIZE)

    def liked_video_ids(self) -> list[str]:
        """Every liked video's id, newest first (videos.list?myRating=like, 1 unit a page)."""
        ids: list[str] = []
        token: str | None = None
        while True:
            page = self.api.liked_videos(token)
            ids.extend(str(v["id"]) for v in page.items if v.get("id"))
            token = page.next_token
            if token is None:
                return ids

    def like_video(self, video_id: str) -> None:
        """videos.rate rating=like (50 units; the quota is booked before the call)."""
        self.api.rate_video(video_id, "like")

    # -- playlists --------------------------------------------------------------------------
    def all_playlists(self) -> Iterator[PlaylistSummary]:
        token: str | None = None
        while True:
            page = self.api.playlists(token)
            yield from (_summary(p) for p in page.items if p.get("id"))
            token = page.next_token
            if token is None:
                return

    def playlist_contents(self, summary: PlaylistSummary) -> PlaylistContents:
        """Every entry, in order; one videos.list per page of items for the durations."""
        entries: list[PlaylistEntry] = []
        token: str | None = None
        position = 0
        while True:
            page = self.api.playlist_items(summary.service_id, token)
            ids = [v for v in map(_mapping.item_video_id, page.items) if v]
            durations = {
                str(v["id"]): _mapping.duration_ms((v.get("contentDetails") or {}).get("duration"))
                for v in self.api.videos(ids)
                if v.get("id")
            }
            for raw in page.items:
                at = (raw.get("snippet") or {}).get("position")
                entry = _mapping.playlist_entry(at if at is not None else position, raw, durations)
                position += 1
                if entry is not None:
                    entries.append(entry)
            token = page.next_token
            if token is None:
                return PlaylistContents(summary, tuple(entries))

    # -- transfer: search and playlist writes ----------------------------------------------
    def lookup_isrc(self, isrc: str) -> list[ServiceTrack]:
        """YouTube has no ISRC lookup: nothing found, and no units spent."""
        return []

    def search(
        self, title: str, artists: tuple[str, ...], limit: int = SEARCH_LIMIT
    ) -> list[ServiceTrack]:
        """search.list (100 units): videos in the Music category for "artist title"."""
        query = " ".join([*artists[:1], title]).strip()
        found = []
        for result in self.api.search_videos(query, min(limit, PAGE_SIZE)):
            video_id = (result.get("id") or {}).get("videoId")
            snippet = result.get("snippet") or {}
            if video_id and snippet.get("title"):
                found.append(
                    _mapping.service_track(
                        video_id, snippet["title"], snippet.get("channelTitle"), None
                    )
                )
        return found

    def create_playlist(self, name: str, description: str) -> str:
        return self.api.insert_playlist(name, description)

    def append_items(self, playlist_id: str, track_ids: list[str], position: int | None) -> None:
        """One playlistItems.insert per video, each at its position (50 units each)."""
        for i, video_id in enumerate(track_ids):
            at = None if position is None else position + i
            self.api.insert_playlist_item(playlist_id, video_id, at)

    def replace_items(self, playlist_id: str, track_ids: list[str]) -> None:
        raise ClientError(SERVICE, "mirroring to YouTube is not available; transfer a new copy")

    def read_item_ids(self, playlist_id: str, offset: int = 0) -> list[str | None]:
        """The playlist's video ids from ``offset`` on (pages from the start: no offsets)."""
        ids: list[str | None] = []
        token: str | None = None
        while True:
            page = self.api.playlist_items(playlist_id, token)
            ids.extend(_mapping.item_video_id(raw) for raw in page.items)
            token = page.next_token
            if token is None:
                return ids[offset:]


def _summary(p: PlaylistResource) -> PlaylistSummary:
    snippet = p.get("snippet") or {}
    return PlaylistSummary(
        service_id=p["id"],
        name=snippet.get("title") or "",
        change_token=p.get("etag") or None,
        owner=snippet.get("channelId") or None,
        description=snippet.get("description") or None,
        total=(p.get("contentDetails") or {}).get("itemCount"),
    )


__all__ = [
    "READ_SCOPES",
    "SERVICE",
    "WRITE_SCOPES",
    "ShowCode",
    "YouTubeConnector",
    "google_urls",
    "revoke_token",
    "sign_in_with_device_code",
    "youtube_oauth_client",
]
