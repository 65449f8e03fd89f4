"""The Spotify Web API calls Mixtape makes, with paging hidden and page sizes read back.

Why httpx and not spotipy (which shared/docs/connectors.md suggested): spotipy's auth managers
fall back to an interactive prompt or their own fixed-port login server when the token cache is
empty, which must never happen inside a background job; its retries honour day-long
``Retry-After`` values and have to be disabled, and even then the header is lost unless a custom
session is passed; it logs ``Authorization`` headers at DEBUG; it returns untyped dicts; and it
predates the 2026 ``/playlists/{id}/items`` endpoint. A thin httpx client shares the transport,
gate and error mapping of every other service instead, in about a hundred lines.

Paging: we ask for the documented maximum (50) but take ``limit`` and ``offset`` from each
response, because the service may serve fewer; ``next`` URLs are not followed (they name the
production host, which would bypass a proxy or a test's fake server).
"""

from __future__ import annotations

from typing import Any, cast

from connectors._endpoints import ServiceEndpoints
from connectors._transport import ServiceHttp
from connectors.errors import ClientError
from connectors.live import Page
from connectors.spotify_api._payloads import (
    PagingObject,
    PlayHistoryObject,
    PlaylistItemObject,
    SavedTrackObject,
    SimplifiedPlaylistObject,
)

PAGE_SIZE = 50
RECENT_LIMIT = 50


class SpotifyApi:
    def __init__(self, http: ServiceHttp, endpoints: ServiceEndpoints) -> None:
        self.http = http
        self._base = endpoints.api
        #: ``None`` until known: whether this server has the 2026 ``/items`` endpoint.
        self._items_endpoint: bool | None = None

    def me(self) -> dict[str, Any]:
        """GET /me (https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile)."""
        data = self.http.get_json(self._base + "me")
        return cast(dict[str, Any], data)

    def saved_tracks(self, offset: int) -> Page[SavedTrackObject]:
        """GET /me/tracks, newest first."""
        return self._page("me/tracks", offset, PAGE_SIZE)

    def playlists(self, offset: int) -> Page[SimplifiedPlaylistObject]:
        """GET /me/playlists."""
        return self._page("me/playlists", offset, PAGE_SIZE)

    def playlist_items(self, playlist_id: str, offset: int) -> Page[PlaylistItemObject]:
        """GET /playlists/{id}/items (2026), falling back to /playlists/{id}/tracks (legacy)."""
        if self._items_endpoint is not False:
            try:
                page: Page[PlaylistItemObject] = self._page(
                    f"playlists/{playlist_id}/items", offset, PAGE_SIZE
                )
            except ClientError as e:
                if e.status != 404 or self._items_endpoint:
                    raise
                self._items_endpoint = False
            else:
                self._items_endpoint = True
                return page
        return self._page(f"playlists/{playlist_id}/tracks", offset, PAGE_SIZE)

    def recently_played(self, after_ms: int | None) -> tuple[list[PlayHistoryObject], str | None]:
        """GET /me/player/recently-played (only the last 50 plays exist; ``after`` cursor)."""
        params: dict[str, str | int] = {"limit": RECENT_LIMIT}
        if after_ms is not None:
            params["after"] = after_ms
        data = cast(
            PagingObject, self.http.get_json(self._base + "me/player/recently-played", params)
        )
        items = cast(list[PlayHistoryObject], data.get("items") or [])
        cursor = (data.get("cursors") or {}).get("after")
        return items, cursor

    def _page(self, path: str, offset: int, limit: int) -> Page[Any]:
        data = cast(
            PagingObject,
            self.http.get_json(self._base + path, {"offset": offset, "limit": limit}),
        )
        items = tuple(data.get("items") or ())
        served = int(data.get("limit") or len(items) or limit)
        start = int(data.get("offset") or offset)
        total = data.get("total")
        end = start + max(served, len(items))
        more = data.get("next") is not None if total is None else end < int(total)
        if not items:
            more = False
        return Page(items, end if more else None, None if total is None else int(total), served)
