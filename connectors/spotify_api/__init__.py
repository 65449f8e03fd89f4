"""Spotify, live: sign-in (PKCE), saved tracks, playlists and recent plays as domain objects.

The importers of Spotify's export files are ``connectors.spotify_account`` and
``connectors.spotify_extended``; this package talks to the Web API.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._oauth import OAuthSession
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.live import AccountInfo, Capability, Page, PlaylistContents, PlaylistSummary
from connectors.spotify_api import _mapping
from connectors.spotify_api._auth import READ_SCOPES, WRITE_SCOPES, spotify_oauth_client
from connectors.spotify_api._http import SpotifyApi
from connectors.spotify_api._payloads import ItemObject, SimplifiedPlaylistObject
from connectors.spotify_api._write import ADD_LIMIT, SAVE_LIMIT, SEARCH_LIMIT, SpotifyWriter
from domain import Listen, PlaylistEntry, SavedItem, ServiceTrack

SERVICE = "spotify"


class SpotifyConnector:
    """The Spotify Web API as pages of domain objects; the app decides what to fetch."""

    service = SERVICE
    capabilities: frozenset[Capability] = frozenset(
        {
            "read_saved_tracks",
            "read_playlists",
            "read_history",
            "preserve_added_at",
            "write_playlist",
            "write_library",
            "search_isrc",
        }
    )
    #: Items per add/replace request (the API's limit).
    write_batch = ADD_LIMIT
    #: Liked songs per save request (``timestamped_ids``).
    save_batch = SAVE_LIMIT

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        session: OAuthSession,
        gate: ServiceGate,
        client: httpx.Client | None = None,
    ) -> None:
        self._http = ServiceHttp(
            SERVICE,
            gate,
            tokens=session,
            client=client or httpx.Client(timeout=DEFAULT_TIMEOUT),
        )
        self.api = SpotifyApi(self._http, endpoints)
        self.writer = SpotifyWriter(self._http, endpoints)
        self._me: str | None = None

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def account(self) -> AccountInfo:
        me = self.api.me()
        self._me = str(me["id"])
        return AccountInfo(self._me, me.get("display_name") or None)

    # -- transfer: catalog search and playlist writes ---------------------------------------
    def lookup_isrc(self, isrc: str) -> list[ServiceTrack]:
        """Catalog tracks with this ISRC (one ``isrc:`` search, no text search)."""
        return self._tracks(self.writer.search_tracks(f"isrc:{isrc}"))

    def search(
        self, title: str, artists: tuple[str, ...], limit: int = SEARCH_LIMIT
    ) -> list[ServiceTrack]:
        """A text search by title and first artist (``limit`` at most 10 since 2026)."""
        query = f'track:"{_quoted(title)}"'
        if artists:
            query += f' artist:"{_quoted(artists[0])}"'
        return self._tracks(self.writer.search_tracks(query, limit))

    def create_playlist(self, name: str, description: str) -> str:
        if self._me is None:
            self.account()
        assert self._me is not None
        return self.writer.create_playlist(self._me, name, description)

    def append_items(self, playlist_id: str, track_ids: list[str], position: int | None) -> None:
        self.writer.add_items(playlist_id, [f"spotify:track:{i}" for i in track_ids], position)

    def replace_items(self, playlist_id: str, track_ids: list[str]) -> None:
        self.writer.replace_items(playlist_id, [f"spotify:track:{i}" for i in track_ids])

    def read_item_ids(self, playlist_id: str, offset: int = 0) -> list[str | None]:
        """The playlist's track ids from ``offset`` on (``None`` for local files/nulls)."""
        ids: list[str | None] = []
        at: int | None = offset
        while at is not None:
            page = self.api.playlist_items(playlist_id, at)
            for raw in page.items:
                item = (
                    None
                    if raw is None
                    else (raw.get("item") if "item" in raw else raw.get("track"))
                )
                ids.append((item or {}).get("id") or None)
            at = page.next_offset
        return ids

    def saved_track_ids(self) -> list[str]:
        """The liked songs' track ids, newest first."""
        ids: list[str] = []
        offset: int | None = 0
        while offset is not None:
            page = self.api.saved_tracks(offset)
            for raw in page.items:
                track = (raw or {}).get("track") or {}
                if track.get("id"):
                    ids.append(str(track["id"]))
            offset = page.next_offset
        return ids

    def save_tracks(self, items: list[tuple[str, datetime | None]]) -> bool:
        """Save liked songs with the dates they were liked at; ``False`` if the dates could not
        be kept (see ``_write``)."""
        return self.writer.save_tracks([(i, _iso(at)) for i, at in items])

    def _tracks(self, found: list[ItemObject]) -> list[ServiceTrack]:
        return [t for t in map(_mapping.service_track, found) if t is not None and t.service_id]

    def saved_tracks(self, offset: int) -> Page[SavedItem]:
        page = self.api.saved_tracks(offset)
        items = tuple(s for s in map(_mapping.saved_track, page.items) if s is not None)
        return Page(items, page.next_offset, page.total, page.limit)

    def playlists(self, offset: int) -> Page[PlaylistSummary]:
        page = self.api.playlists(offset)
        items = tuple(_summary(p) for p in page.items if p and p.get("id"))
        return Page(items, page.next_offset, page.total, page.limit)

    def all_playlists(self) -> Iterator[PlaylistSummary]:
        offset: int | None = 0
        while offset is not None:
            page = self.playlists(offset)
            yield from page.items
            offset = page.next_offset

    def playlist_contents(self, summary: PlaylistSummary) -> PlaylistContents:
        """Every entry of a playlist, at its position on the service (null entries skipped)."""
        entries: list[PlaylistEntry] = []
        offset: int | None = 0
        while offset is not None:
            page = self.api.playlist_items(summary.service_id, offset)
            for i, raw in enumerate(page.items):
                entry = _mapping.playlist_entry(offset + i, raw)
                if entry is not None:
                    entries.append(entry)
            offset = page.next_offset
        return PlaylistContents(summary, tuple(entries))

    def recent_plays(self, after_ms: int | None) -> tuple[list[Listen], str | None]:
        items, cursor = self.api.recently_played(after_ms)
        listens = [x for x in map(_mapping.listen, items) if x is not None]
        return listens, cursor


def _iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _quoted(text: str) -> str:
    return text.replace('"', " ")


def _summary(p: SimplifiedPlaylistObject) -> PlaylistSummary:
    ref = p.get("items") or p.get("tracks") or {}
    owner = p.get("owner") or {}
    return PlaylistSummary(
        service_id=p["id"],
        name=p.get("name") or "",
        change_token=p.get("snapshot_id") or None,
        owner=owner.get("id") or None,
        description=p.get("description") or None,
        total=ref.get("total"),
    )


__all__ = [
    "ADD_LIMIT",
    "READ_SCOPES",
    "SERVICE",
    "WRITE_SCOPES",
    "SpotifyConnector",
    "spotify_oauth_client",
]
