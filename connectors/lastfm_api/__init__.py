"""Last.fm, live: desktop sign-in, scrobbles since a cursor, loved tracks
(https://www.last.fm/api). The file importers are ``connectors.lastfm``."""

from __future__ import annotations

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.lastfm_api import _mapping
from connectors.lastfm_api._auth import sign_in_desktop
from connectors.lastfm_api._http import (
    LOVED_PAGE,
    LastfmApi,
    check_lastfm_body,
    observe_lastfm_errors,
)
from connectors.live import AccountInfo, Capability, Page
from domain import Listen, SavedItem

SERVICE = "lastfm"


class LastfmConnector:
    service = SERVICE
    capabilities: frozenset[Capability] = frozenset({"read_history", "read_saved_tracks"})

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        gate: ServiceGate,
        *,
        api_key: str,
        user: str | None = None,
        secret: str | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self._http = ServiceHttp(
            SERVICE,
            gate,
            client=client or httpx.Client(timeout=DEFAULT_TIMEOUT),
            check_body=check_lastfm_body,
            observe=observe_lastfm_errors,
        )
        self.api = LastfmApi(self._http, endpoints, api_key, secret)
        self.endpoints = endpoints
        self.user = user

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def account(self) -> AccountInfo:
        return AccountInfo(self._user(), self.user)

    def _user(self) -> str:
        if not self.user:
            raise ValueError("no Last.fm user name")
        return self.user

    def scrobbles(
        self, page: int, since: int | None, until: int | None
    ) -> tuple[list[Listen], int, int | None]:
        """One page of scrobbles in ``(since, until]``: (listens, total pages, newest time)."""
        raw = self.api.recent_tracks(self._user(), page, since, until)
        tracks = _mapping.tracks_of(raw)
        listens = [x for x in map(_mapping.listen, tracks) if x is not None]
        stamps = [t for t in map(_mapping.played_at, tracks) if t is not None]
        pages = int((raw.get("@attr") or {}).get("totalPages") or 0)
        return listens, pages, max(stamps) if stamps else None

    def saved_tracks(self, offset: int) -> Page[SavedItem]:
        """Loved tracks as offset pages (Last.fm pages are 1-based)."""
        raw = self.api.loved_tracks(self._user(), offset // LOVED_PAGE + 1)
        attr = raw.get("@attr") or {}
        items = tuple(x for x in map(_mapping.loved, _mapping.tracks_of(raw)) if x is not None)
        total = int(attr.get("total") or 0)
        served = int(attr.get("perPage") or LOVED_PAGE)
        end = offset + served
        return Page(items, end if items and end < total else None, total, served)


__all__ = ["SERVICE", "LastfmConnector", "sign_in_desktop"]
