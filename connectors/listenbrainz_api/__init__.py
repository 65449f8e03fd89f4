"""ListenBrainz, live: the user's token, and their listens since a cursor.

The export importer is ``connectors.listenbrainz``; this package talks to the API
(https://listenbrainz.readthedocs.io/en/latest/users/api/core.html).
"""

from __future__ import annotations

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._oauth import StaticToken
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.listenbrainz_api import _mapping
from connectors.listenbrainz_api._auth import AUTH_SCHEME
from connectors.listenbrainz_api._http import MAX_LISTENS, ListenBrainzApi, observe_rate_headers
from connectors.live import AccountInfo, Capability
from domain import Listen

SERVICE = "listenbrainz"


class ListenBrainzConnector:
    service = SERVICE
    capabilities: frozenset[Capability] = frozenset({"read_history"})

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        token: StaticToken,
        gate: ServiceGate,
        client: httpx.Client | None = None,
    ) -> None:
        self._http = ServiceHttp(
            SERVICE,
            gate,
            tokens=token,
            client=client or httpx.Client(timeout=DEFAULT_TIMEOUT),
            observe=observe_rate_headers,
            auth_scheme=AUTH_SCHEME,
        )
        self.api = ListenBrainzApi(self._http, endpoints)
        self._user: str | None = None

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def account(self) -> AccountInfo:
        self._user = self.api.validate_token()
        return AccountInfo(self._user, self._user)

    def listens_after(
        self, user: str, min_ts: int | None, count: int = MAX_LISTENS
    ) -> tuple[list[Listen], int | None, bool]:
        """Listens after ``min_ts``: (listens, newest timestamp in the page, more to come)."""
        data = self.api.listens(user, min_ts, count)
        raw = (data.get("payload") or {}).get("listens") or []
        listens = [x for x in map(_mapping.listen, raw) if x is not None]
        stamps = [t for t in map(_mapping.listened_at, raw) if t is not None]
        newest = max(stamps) if stamps else None
        return listens, newest, len(raw) >= count


__all__ = ["SERVICE", "ListenBrainzConnector"]
