"""Apple Music, live: the user's library songs, library playlists and recently played tracks,
catalog lookups (ids, ISRCs, search), writing library playlists and adding songs to the library
(https://developer.apple.com/documentation/applemusicapi).

The importers of Apple's export files are ``connectors.apple_library_xml`` and
``connectors.apple_privacy``; this package talks to the API. Credentials are user-supplied:
a developer token (pasted, or made from the user's MusicKit key with
:func:`make_developer_token`) and a Music User Token (from :func:`music_user_token_from_browser`
or pasted). Apple's API can only *add* tracks to a library playlist, never remove or reorder
them, so a transfer to Apple Music appends and cannot mirror.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.apple_music_api import _mapping
from connectors.apple_music_api._auth import (
    MAX_LIFETIME,
    AppleMusicTokens,
    MusicUserTokenAuth,
    check_developer_token,
    developer_token_expiry,
    make_developer_token,
)
from connectors.apple_music_api._http import (
    ADD_LIMIT,
    CATALOG_IDS_MAX,
    PAGE_SIZE,
    RECENT_MAX,
    RECENT_PAGE,
    SEARCH_LIMIT,
    AppleMusicApi,
)
from connectors.apple_music_api._musickit import MusicKitPage, music_user_token_from_browser
from connectors.apple_music_api._payloads import PlaylistResource, SongResource
from connectors.errors import ClientError
from connectors.live import AccountInfo, Capability, Page, PlaylistContents, PlaylistSummary
from domain import PlaylistEntry, SavedItem, ServiceTrack

SERVICE = "apple_music"
#: What a transfer report says about writing to Apple Music.
WRITE_CAVEAT = (
    "Apple Music's API can only add tracks to a playlist: Mixtape cannot remove or reorder "
    "tracks there, so it writes new playlists and never mirrors"
)
#: What a liked-songs transfer report says: Apple's API has no liked-songs list.
LIKED_CAVEAT = (
    "Apple Music has no liked-songs list in its API: liked songs become songs in your Apple "
    "Music library, dated the day of the transfer"
)


class AppleMusicConnector:
    """The Apple Music API as pages of domain objects; the app decides what to fetch.

    ``storefront`` (``us``, ``gb``…) is used for catalog calls; when not given it is asked of
    Apple once, on the first catalog call.
    """

    service = SERVICE
    capabilities: frozenset[Capability] = frozenset(
        {"read_saved_tracks", "read_playlists", "read_history", "write_playlist", "search_isrc"}
    )
    #: Tracks per add request (Apple documents no limit; 100 like the library pages).
    write_batch = ADD_LIMIT
    #: Apple cannot remove or reorder playlist tracks (``app.core.transfer`` refuses a mirror).
    can_remove = False
    write_caveat = WRITE_CAVEAT
    #: Liked songs are added to the library, up to 100 catalog songs a call.
    save_batch = ADD_LIMIT
    liked_caveat = LIKED_CAVEAT

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        tokens: AppleMusicTokens,
        gate: ServiceGate,
        *,
        storefront: str | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        client = client or httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=False)
        # The developer token goes in the transport's Authorization header; the Music User
        # Token in its own header, added by an httpx auth flow on this connector's client.
        client.auth = MusicUserTokenAuth(tokens)
        self._http = ServiceHttp(SERVICE, gate, tokens=tokens, client=client)
        self.api = AppleMusicApi(self._http, endpoints)
        self._storefront = storefront or None
        self._isrcs: dict[str, str | None] = {}  # catalog id → ISRC (None: the catalog has none)

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    @property
    def storefront(self) -> str:
        if self._storefront is None:
            self._storefront = self.api.storefront()
        return self._storefront

    def account(self) -> AccountInfo:
        """Apple gives no user id or name: the account is "the library" in its storefront."""
        self._storefront = self.api.storefront()
        return AccountInfo("library", f"Apple Music library ({self._storefront.upper()})")

    # -- sync -------------------------------------------------------------------------------
    def library_songs(self, offset: int) -> Page[SavedItem]:
        """One page of library songs (without ISRCs: see :meth:`with_isrcs`)."""
        page = self.api.library_songs(offset)
        items = tuple(s for s in map(_mapping.saved_song, page.items) if s is not None)
        return Page(items, page.next_offset, page.total, page.limit)

    def with_isrcs(self, tracks: Iterable[ServiceTrack]) -> dict[str, str]:
        """ISRCs of the catalog songs behind ``tracks`` that lack one: catalog id → ISRC,
        looked up in requests of up to 300 ids, only for ids this connector has not looked up
        yet (a playlist's songs are usually library songs looked up a moment before)."""
        ids = {t.service_id for t in tracks if not t.isrc and t.service_id and _is_catalog(t)}
        wanted = sorted(i for i in ids if i not in self._isrcs)
        for start in range(0, len(wanted), CATALOG_IDS_MAX):
            chunk = wanted[start : start + CATALOG_IDS_MAX]
            found = {str(s["id"]): s for s in self.api.catalog_songs(self.storefront, chunk)}
            for catalog_id in chunk:
                song = found.get(catalog_id)
                self._isrcs[catalog_id] = ((song or {}).get("attributes") or {}).get("isrc")
        return {i: isrc for i in ids if (isrc := self._isrcs.get(i))}

    def all_playlists(self) -> Iterator[PlaylistSummary]:
        offset: int | None = 0
        while offset is not None:
            page = self.api.library_playlists(offset)
            yield from (_summary(p) for p in page.items if p.get("id"))
            offset = page.next_offset

    def playlist_contents(self, summary: PlaylistSummary) -> PlaylistContents:
        """Every track of a library playlist, in order, with ISRCs looked up in the catalog."""
        entries: list[PlaylistEntry] = []
        offset: int | None = 0
        position = 0
        while offset is not None:
            page = self.api.playlist_tracks(summary.service_id, offset)
            for raw in page.items:
                entry = _mapping.playlist_entry(position, raw)
                position += 1
                if entry is not None:
                    entries.append(entry)
            offset = page.next_offset
        isrcs = self.with_isrcs(e.track for e in entries)
        enriched = tuple(
            PlaylistEntry(e.position, _mapping.with_isrc(e.track, isrcs), e.added_at, e.added_by)
            for e in entries
        )
        return PlaylistContents(summary, enriched)

    def recently_played(self, offset: int) -> Page[ServiceTrack]:
        """One page (10) of the recently played list (the last 50; no play times)."""
        page = self.api.recently_played(offset)
        items = tuple(t for t in map(_mapping.service_track, page.items) if t is not None)
        return Page(items, page.next_offset, page.total, page.limit)

    # -- transfer: catalog search and playlist writes ---------------------------------------
    def lookup_isrc(self, isrc: str) -> list[ServiceTrack]:
        """Catalog songs with this ISRC (``filter[isrc]``; no text search is spent)."""
        return self._tracks(self.api.songs_by_isrc(self.storefront, isrc))

    def search(
        self, title: str, artists: tuple[str, ...], limit: int = SEARCH_LIMIT
    ) -> list[ServiceTrack]:
        """A catalog text search by title and first artist."""
        term = " ".join([title, *artists[:1]])
        return self._tracks(self.api.search_songs(self.storefront, term, limit))

    def create_playlist(self, name: str, description: str) -> str:
        return self.api.create_playlist(name, description)

    def append_items(self, playlist_id: str, track_ids: list[str], position: int | None) -> None:
        """Append catalog songs. ``position`` cannot be honoured: Apple only appends, so a
        resumed transfer relies on reading the playlist's tail first (``app.core.transfer``)."""
        self.api.add_tracks(playlist_id, track_ids)

    def replace_items(self, playlist_id: str, track_ids: list[str]) -> None:
        raise ClientError(SERVICE, "Apple Music playlists cannot be emptied or reordered")

    def read_item_ids(self, playlist_id: str, offset: int = 0) -> list[str | None]:
        """The playlist's catalog ids from ``offset`` on (``None`` for songs not in the
        catalog, such as uploaded files)."""
        ids: list[str | None] = []
        at: int | None = offset
        while at is not None:
            page = self.api.playlist_tracks(playlist_id, at)
            ids.extend(_mapping.catalog_id(raw) for raw in page.items)
            at = page.next_offset
        return ids

    # -- transfer: liked songs become library songs ------------------------------------------
    def saved_track_ids(self) -> list[str]:
        """The catalog ids of the library's songs (``playParams.catalogId``; uploads and
        other songs not in the catalog have none and are left out)."""
        ids: list[str] = []
        at: int | None = 0
        while at is not None:
            page = self.api.library_songs(at)
            ids.extend(i for i in map(_mapping.catalog_id, page.items) if i)
            at = page.next_offset
        return ids

    def save_tracks(self, items: list[tuple[str, datetime | None]]) -> bool:
        """Add the catalog songs to the library in one call. Returns ``False``: Apple dates
        each at the moment it is added."""
        self.api.add_to_library([i for i, _ in items])
        return False

    def _tracks(self, found: list[SongResource]) -> list[ServiceTrack]:
        return [t for t in map(_mapping.service_track, found) if t is not None and t.service_id]


def _is_catalog(track: ServiceTrack) -> bool:
    """Catalog ids are numbers; library ids start with ``i.`` (uploads, unmatched files)."""
    return bool(track.service_id and track.service_id.isdigit())


def _summary(p: PlaylistResource) -> PlaylistSummary:
    attrs = p.get("attributes") or {}
    return PlaylistSummary(
        service_id=p["id"],
        name=attrs.get("name") or "",
        change_token=attrs.get("lastModifiedDate") or None,
        owner=None,
        description=(attrs.get("description") or {}).get("standard") or None,
        total=None,
    )


__all__ = [
    "LIKED_CAVEAT",
    "MAX_LIFETIME",
    "PAGE_SIZE",
    "RECENT_MAX",
    "RECENT_PAGE",
    "SERVICE",
    "WRITE_CAVEAT",
    "AppleMusicConnector",
    "AppleMusicTokens",
    "MusicKitPage",
    "check_developer_token",
    "developer_token_expiry",
    "make_developer_token",
    "music_user_token_from_browser",
]
