"""Deezer, live: public playlists without a sign-in; Favourite tracks and private playlists
with the user's own app (https://developers.deezer.com/api). Signed in, Deezer is also a
transfer target: ISRC lookup, search, playlist writes and Favourites (see ``_write``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._oauth import StaticToken
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.deezer_api import _mapping
from connectors.deezer_api._auth import sign_in_with_app
from connectors.deezer_api._http import DeezerApi, check_deezer_body
from connectors.deezer_api._payloads import PlaylistObject, TrackObject
from connectors.deezer_api._write import ADD_LIMIT, SEARCH_LIMIT, DeezerWriter
from connectors.errors import ClientError
from connectors.live import AccountInfo, Capability, Page, PlaylistContents, PlaylistSummary
from domain import PlaylistEntry, SavedItem, ServiceTrack

SERVICE = "deezer"


class DeezerConnector:
    """``user_id`` is the account read; with a ``token`` it is the signed-in user (``me``)."""

    service = SERVICE
    #: Tracks per add request (a transfer's batch).
    write_batch = ADD_LIMIT
    #: Favourites are saved one track per call.
    save_batch = 1
    #: Said in every liked-songs transfer report: Deezer's API cannot set a favourite's date.
    liked_caveat = (
        "Deezer cannot keep the dates songs were liked: they are saved oldest first,"
        " so the order is kept and each is dated the day of the transfer"
    )

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        gate: ServiceGate,
        *,
        user_id: str,
        token: StaticToken | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self._http = ServiceHttp(
            SERVICE,
            gate,
            client=client or httpx.Client(timeout=DEFAULT_TIMEOUT),
            check_body=check_deezer_body,
        )
        self.api = DeezerApi(self._http, endpoints, token)
        self.user_id = "me" if token is not None else user_id
        self._writer = None if token is None else DeezerWriter(self._http, endpoints, token)
        caps: set[Capability] = {"read_playlists"}
        if token is not None:
            caps |= {
                "read_saved_tracks",
                "preserve_added_at",
                "search_isrc",
                "write_playlist",
                "write_library",
            }
        self.capabilities: frozenset[Capability] = frozenset(caps)

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def account(self) -> AccountInfo:
        user = self.api.user(self.user_id)
        return AccountInfo(str(user.get("id") or self.user_id), user.get("name") or None)

    def saved_tracks(self, offset: int) -> Page[SavedItem]:
        page = self.api.favourite_tracks(offset)
        items = tuple(s for s in map(_mapping.saved_track, page.items) if s is not None)
        return Page(items, page.next_offset, page.total, page.limit)

    def all_playlists(self) -> Iterator[PlaylistSummary]:
        offset: int | None = 0
        while offset is not None:
            page = self.api.playlists(self.user_id, offset)
            yield from (_summary(p) for p in page.items if p and p.get("id"))
            offset = page.next_offset

    def playlist_contents(self, summary: PlaylistSummary) -> PlaylistContents:
        entries: list[PlaylistEntry] = []
        offset: int | None = 0
        while offset is not None:
            page = self.api.playlist_tracks(summary.service_id, offset)
            for i, raw in enumerate(page.items):
                entry = _mapping.playlist_entry(offset + i, raw)
                if entry is not None:
                    entries.append(entry)
            offset = page.next_offset
        return PlaylistContents(summary, tuple(entries))

    # -- transfer: catalog lookups, playlist writes, Favourites --------------------------------
    @property
    def writer(self) -> DeezerWriter:
        if self._writer is None:
            raise ClientError(SERVICE, "writing needs a sign-in with your own Deezer app")
        return self._writer

    def lookup_isrc(self, isrc: str) -> list[ServiceTrack]:
        """The catalog track with this ISRC (``/track/isrc:…``; no text search spent)."""
        return _tracks([self.writer.track_by_isrc(isrc)])

    def search(
        self, title: str, artists: tuple[str, ...], limit: int = SEARCH_LIMIT
    ) -> list[ServiceTrack]:
        first = artists[0] if artists else None
        return _tracks(self.writer.search_tracks(title, first, None, limit))

    def search_around(
        self, title: str, artists: tuple[str, ...], duration_ms: int, limit: int = SEARCH_LIMIT
    ) -> list[ServiceTrack]:
        """A search filtered to the source's duration (``dur_min``/``dur_max``, seconds)."""
        first = artists[0] if artists else None
        return _tracks(self.writer.search_tracks(title, first, round(duration_ms / 1000), limit))

    def create_playlist(self, name: str, description: str) -> str:
        return self.writer.create_playlist(name, description)

    def append_items(self, playlist_id: str, track_ids: list[str], position: int | None) -> None:
        """Deezer only appends; ``position`` is where the batch lands anyway (the transfer
        writes in order and checks the tail before resuming)."""
        self.writer.add_tracks(playlist_id, track_ids)

    def replace_items(self, playlist_id: str, track_ids: list[str]) -> None:
        """Remove what is there, then add ``track_ids`` (idempotent: a resume may repeat it)."""
        current = [i for i in self.read_item_ids(playlist_id) if i]
        self.writer.remove_tracks(playlist_id, list(dict.fromkeys(current)))
        self.writer.add_tracks(playlist_id, track_ids)

    def read_item_ids(self, playlist_id: str, offset: int = 0) -> list[str | None]:
        ids: list[str | None] = []
        at: int | None = offset
        while at is not None:
            page = self.api.playlist_tracks(playlist_id, at)
            ids.extend(str(t["id"]) if t and t.get("id") else None for t in page.items)
            at = page.next_offset
        return ids

    def saved_track_ids(self) -> list[str]:
        """The Favourite tracks' ids, newest first."""
        ids: list[str] = []
        at: int | None = 0
        while at is not None:
            page = self.api.favourite_tracks(at)
            ids.extend(str(t["id"]) for t in page.items if t and t.get("id"))
            at = page.next_offset
        return ids

    def save_tracks(self, items: list[tuple[str, datetime | None]]) -> bool:
        """Favourite each track, one call each, in the order given. Returns ``False``: Deezer
        dates every favourite at the moment of the call, so the source's dates are not kept."""
        for track_id, _ in items:
            self.writer.favourite(track_id)
        return False


def _tracks(found: Sequence[TrackObject | None]) -> list[ServiceTrack]:
    return [t for t in map(_mapping.service_track, found) if t is not None]


def _summary(p: PlaylistObject) -> PlaylistSummary:
    creator = p.get("creator") or p.get("user") or {}
    return PlaylistSummary(
        service_id=str(p["id"]),
        name=p.get("title") or "",
        change_token=p.get("checksum") or None,
        owner=str(creator["id"]) if creator.get("id") else None,
        description=p.get("description") or None,
        total=p.get("nb_tracks"),
    )


__all__ = ["SERVICE", "DeezerConnector", "sign_in_with_app"]
