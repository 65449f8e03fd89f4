"""The Apple Music API calls Mixtape makes, with paging hidden and refusals mapped.

- Library endpoints (``/v1/me/library/…``) page with ``limit`` (up to 100, default 25) and
  ``offset``; the answer's ``next`` (a path such as ``/v1/me/library/songs?offset=100``) says
  where the next page is: its ``offset`` is followed, against the configured base URL, so a
  proxy or a test's fake server stays in the loop. An empty library playlist answers 404.
- Recently played tracks: 10 per request, 50 in all (``offset`` 0…40).
- Catalog songs by id: up to 300 ids per request; by ISRC: ``filter[isrc]``; search:
  ``types=songs``, ``limit`` at most 25.
- Apple publishes no rate limit: the governor's budget is conservative, and a 429 with
  ``Retry-After`` is honoured by the transport like every service's.
- A 403 (and a second 401) from these endpoints means the Music User Token (or the developer
  token) is no longer accepted: "reconnect needed", mapped in one place (:func:`_refusals`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast
from urllib.parse import parse_qs, quote, urlsplit

from connectors._endpoints import ServiceEndpoints
from connectors._transport import ServiceHttp
from connectors.apple_music_api._payloads import (
    PlaylistResource,
    ResponseRoot,
    SearchResponse,
    SongResource,
)
from connectors.errors import ClientError, NeedsReauth
from connectors.live import Page

SERVICE = "apple_music"
PAGE_SIZE = 100
RECENT_PAGE = 10
RECENT_MAX = 50
CATALOG_IDS_MAX = 300
SEARCH_LIMIT = 25
ADD_LIMIT = 100


@contextmanager
def _refusals() -> Iterator[None]:
    """Apple's 403 on a user endpoint means the sign-in is gone (the MUT expired)."""
    try:
        yield
    except ClientError as e:
        if e.status in (401, 403):
            raise NeedsReauth(
                SERVICE, "reconnect needed: Apple Music no longer accepts the sign-in"
            ) from e
        raise


def next_offset(next_path: str | None) -> int | None:
    """The ``offset`` of Apple's ``next`` path (``None``: the last page)."""
    if not next_path:
        return None
    values = parse_qs(urlsplit(next_path).query).get("offset")
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


class AppleMusicApi:
    def __init__(self, http: ServiceHttp, endpoints: ServiceEndpoints) -> None:
        self.http = http
        self._base = endpoints.api

    # -- the user's library -------------------------------------------------------------------
    def storefront(self) -> str:
        """GET /v1/me/storefront: the user's country storefront (``us``, ``gb``…)."""
        data = cast(ResponseRoot, self._get("v1/me/storefront"))
        found = [s.get("id") for s in data.get("data") or [] if isinstance(s, dict)]
        if not found or not found[0]:
            raise ClientError(SERVICE, "Apple Music did not say which storefront you use")
        return str(found[0])

    def library_songs(self, offset: int) -> Page[SongResource]:
        """GET /v1/me/library/songs (up to 100 a page)."""
        return self._page("v1/me/library/songs", offset, PAGE_SIZE)

    def library_playlists(self, offset: int) -> Page[PlaylistResource]:
        """GET /v1/me/library/playlists (smart playlists are not returned by Apple)."""
        return self._page("v1/me/library/playlists", offset, PAGE_SIZE)

    def playlist_tracks(self, playlist_id: str, offset: int) -> Page[SongResource]:
        """GET /v1/me/library/playlists/{id}/tracks, in playlist order (404: empty)."""
        path = f"v1/me/library/playlists/{quote(playlist_id, safe='')}/tracks"
        try:
            return self._page(path, offset, PAGE_SIZE)
        except ClientError as e:
            if e.status == 404:
                return Page((), None, 0, PAGE_SIZE)
            raise

    def recently_played(self, offset: int) -> Page[SongResource]:
        """GET /v1/me/recent/played/tracks: 10 per request, the last 50 only, no times."""
        if offset >= RECENT_MAX:
            return Page((), None, None, RECENT_PAGE)
        page = self._page("v1/me/recent/played/tracks", offset, RECENT_PAGE)
        more = page.next_offset if page.next_offset and page.next_offset < RECENT_MAX else None
        return Page(page.items, more, page.total, page.limit)

    # -- the catalog --------------------------------------------------------------------------
    def catalog_songs(self, storefront: str, ids: list[str]) -> list[SongResource]:
        """GET /v1/catalog/{storefront}/songs?ids=… (at most 300 ids)."""
        if len(ids) > CATALOG_IDS_MAX:
            raise ValueError(f"at most {CATALOG_IDS_MAX} ids per request")
        if not ids:
            return []
        data = self._get(self._catalog(storefront, "songs"), {"ids": ",".join(ids)})
        return _songs(data)

    def songs_by_isrc(self, storefront: str, isrc: str) -> list[SongResource]:
        """GET /v1/catalog/{storefront}/songs?filter[isrc]=…"""
        data = self._get(self._catalog(storefront, "songs"), {"filter[isrc]": isrc})
        return _songs(data)

    def search_songs(self, storefront: str, term: str, limit: int) -> list[SongResource]:
        """GET /v1/catalog/{storefront}/search?types=songs (``limit`` at most 25)."""
        params: dict[str, str | int] = {
            "term": term,
            "types": "songs",
            "limit": max(1, min(limit, SEARCH_LIMIT)),
        }
        data = cast(SearchResponse, self._get(self._catalog(storefront, "search"), params))
        songs = (data or {}).get("results", {}).get("songs") or {}
        return _songs(songs)

    # -- writes -------------------------------------------------------------------------------
    def create_playlist(self, name: str, description: str) -> str:
        """POST /v1/me/library/playlists → the new library playlist's id."""
        body = {"attributes": {"name": name, "description": description}}
        with _refusals():
            data = self.http.request_json("POST", self._base + "v1/me/library/playlists", json=body)
        created = [p.get("id") for p in (data or {}).get("data") or [] if isinstance(p, dict)]
        if not created or not created[0]:
            raise ClientError(SERVICE, "Apple Music did not return the new playlist")
        return str(created[0])

    def add_tracks(self, playlist_id: str, catalog_ids: list[str]) -> None:
        """POST /v1/me/library/playlists/{id}/tracks: appends (Apple cannot insert or remove)."""
        if len(catalog_ids) > ADD_LIMIT:
            raise ValueError(f"at most {ADD_LIMIT} tracks per request")
        body = {"data": [{"id": i, "type": "songs"} for i in catalog_ids]}
        path = f"v1/me/library/playlists/{quote(playlist_id, safe='')}/tracks"
        with _refusals():
            self.http.request_json("POST", self._base + path, json=body)

    def add_to_library(self, catalog_ids: list[str]) -> None:
        """POST /v1/me/library?ids[songs]=…: adds catalog songs to the user's library (202;
        a song already there is left as it is). At most ``ADD_LIMIT`` ids a call."""
        if len(catalog_ids) > ADD_LIMIT:
            raise ValueError(f"at most {ADD_LIMIT} songs per request")
        if not catalog_ids:
            return
        params = {"ids[songs]": ",".join(catalog_ids)}
        with _refusals():
            self.http.request_json("POST", self._base + "v1/me/library", params=params)

    # -- plumbing -----------------------------------------------------------------------------
    def _catalog(self, storefront: str, what: str) -> str:
        return f"v1/catalog/{quote(storefront, safe='')}/{what}"

    def _get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        with _refusals():
            return self.http.get_json(self._base + path, params)

    def _page(self, path: str, offset: int, limit: int) -> Page[Any]:
        data = cast(ResponseRoot, self._get(path, {"limit": limit, "offset": offset}))
        items = tuple(x for x in data.get("data") or () if isinstance(x, dict))
        total = (data.get("meta") or {}).get("total")
        after = next_offset(data.get("next"))
        if after is not None and after <= offset:
            after = None  # a ``next`` that does not move forward would loop
        return Page(items, after, None if total is None else int(total), limit)


def _songs(data: Any) -> list[SongResource]:
    if not isinstance(data, dict):
        return []
    songs = [s for s in data.get("data") or [] if isinstance(s, dict) and s.get("id")]
    return cast(list[SongResource], songs)
