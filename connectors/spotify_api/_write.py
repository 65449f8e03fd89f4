"""Spotify Web API calls for transfers: catalog search and playlist writes.

- Search (https://developer.spotify.com/documentation/web-api/reference/search): ``limit`` is
  at most 10 since 2026. An ISRC lookup is the field filter ``isrc:CODE``: when it hits, no
  text search is spent on that track.
- Create a playlist: ``POST /users/{user_id}/playlists``.
- Add items: ``POST /playlists/{id}/items`` (``/tracks`` before 2026), at most 100 URIs per
  request, at an explicit ``position`` so a retried batch lands where it belongs.
- Replace items: ``PUT /playlists/{id}/items`` (at most 100; used by a mirror's first batch,
  and idempotent, so a resume may repeat it safely).
- Save liked songs with their dates: ``PUT /me/tracks`` with ``timestamped_ids``
  (``[{"id", "added_at"}]``, at most 50 per call; shared/docs/services.md "Spotify"). Where that
  deprecated endpoint is gone (404/410) the generic ``PUT /me/library`` with ``uris`` takes over:
  at most 40 per call and no dates, which the caller is told.
"""

from __future__ import annotations

from typing import Any

from connectors._endpoints import ServiceEndpoints
from connectors._transport import ServiceHttp
from connectors.errors import ClientError
from connectors.spotify_api._payloads import ItemObject

SEARCH_LIMIT = 10
ADD_LIMIT = 100
SAVE_LIMIT = 50
LIBRARY_SAVE_LIMIT = 40


class SpotifyWriter:
    def __init__(self, http: ServiceHttp, endpoints: ServiceEndpoints) -> None:
        self.http = http
        self._base = endpoints.api
        self._items_endpoint: bool | None = None
        #: ``None`` until known: whether ``PUT /me/tracks`` with ``timestamped_ids`` still exists.
        self._dated_saves: bool | None = None

    def search_tracks(self, query: str, limit: int = SEARCH_LIMIT) -> list[ItemObject]:
        params: dict[str, str | int] = {
            "q": query,
            "type": "track",
            "limit": min(limit, SEARCH_LIMIT),
        }
        data = self.http.get_json(self._base + "search", params)
        tracks = (data or {}).get("tracks") or {}
        return [t for t in tracks.get("items") or [] if t]

    def create_playlist(self, user_id: str, name: str, description: str) -> str:
        body = {"name": name, "description": description, "public": False}
        data = self.http.request_json("POST", self._base + f"users/{user_id}/playlists", json=body)
        playlist_id = (data or {}).get("id")
        if not playlist_id:
            raise ClientError("spotify", "Spotify did not return the new playlist")
        return str(playlist_id)

    def add_items(self, playlist_id: str, uris: list[str], position: int | None) -> None:
        if len(uris) > ADD_LIMIT:
            raise ValueError(f"at most {ADD_LIMIT} items per request")
        body: dict[str, Any] = {"uris": uris}
        if position is not None:
            body["position"] = position
        self._items("POST", playlist_id, body)

    def replace_items(self, playlist_id: str, uris: list[str]) -> None:
        if len(uris) > ADD_LIMIT:
            raise ValueError(f"at most {ADD_LIMIT} items per request")
        self._items("PUT", playlist_id, {"uris": uris})

    def _items(self, method: str, playlist_id: str, body: dict[str, Any]) -> None:
        if self._items_endpoint is not False:
            try:
                self.http.request_json(
                    method, self._base + f"playlists/{playlist_id}/items", json=body
                )
            except ClientError as e:
                if e.status != 404 or self._items_endpoint:
                    raise
                self._items_endpoint = False
            else:
                self._items_endpoint = True
                return
        self.http.request_json(method, self._base + f"playlists/{playlist_id}/tracks", json=body)

    def save_tracks(self, items: list[tuple[str, str | None]]) -> bool:
        """Save ``(track id, ISO date added or None)`` as liked songs. Returns whether the dates
        were kept (``False`` after falling back to ``/me/library``)."""
        if len(items) > SAVE_LIMIT:
            raise ValueError(f"at most {SAVE_LIMIT} items per request")
        if self._dated_saves is not False:
            stamped = [{"id": i, **({"added_at": at} if at else {})} for i, at in items]
            try:
                self.http.request_json(
                    "PUT", self._base + "me/tracks", json={"timestamped_ids": stamped}
                )
            except ClientError as e:
                if e.status not in (404, 410) or self._dated_saves:
                    raise
                self._dated_saves = False
            else:
                self._dated_saves = True
                return True
        for start in range(0, len(items), LIBRARY_SAVE_LIMIT):
            uris = [f"spotify:track:{i}" for i, _ in items[start : start + LIBRARY_SAVE_LIMIT]]
            self.http.request_json("PUT", self._base + "me/library", json={"uris": uris})
        return False
