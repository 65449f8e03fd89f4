"""Deezer, live: public playlists without a sign-in; Favourite tracks and private playlists
with the user's own app (https://developers.deezer.com/api)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._oauth import StaticToken
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.deezer_api import _mapping
from connectors.deezer_api._auth import sign_in_with_app
from connectors.deezer_api._http import DeezerApi, check_deezer_body
from connectors.deezer_api._payloads import PlaylistObject
from connectors.live import AccountInfo, Capability, Page, PlaylistContents, PlaylistSummary
from domain import PlaylistEntry, SavedItem

SERVICE = "deezer"


class DeezerConnector:
    """``user_id`` is the account read; with a ``token`` it is the signed-in user (``me``)."""

    service = SERVICE

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
        caps: set[Capability] = {"read_playlists"}
        if token is not None:
            caps |= {"read_saved_tracks", "preserve_added_at"}
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
