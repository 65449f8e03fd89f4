"""The Deezer API calls Mixtape makes, with paging hidden and Deezer's error style mapped.

Deezer answers almost every error with HTTP 200 and ``{"error": {"code": …}}``; the body check
maps them like the transport maps statuses: code 4 ("Quota limit exceeded", 50 requests per
5 seconds) is a rate limit, so the gate slows down and the request is retried after a short
wait, and if it persists the job parks (``RateLimited``); an OAuth error means "reconnect
needed"; 800 ("no data") is a not-found. The token goes in the ``access_token`` query
parameter, as Deezer wants. Paging: ``index`` and ``limit``; ``next`` is only read as "there is
more" (following it would bypass a proxy or a test's fake server).
"""

from __future__ import annotations

from typing import Any, cast

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._oauth import StaticToken
from connectors._transport import RETRY, ServiceHttp
from connectors.deezer_api._payloads import (
    ErrorObject,
    ListObject,
    PlaylistObject,
    TrackObject,
    UserObject,
)
from connectors.errors import ClientError, NeedsReauth
from connectors.live import Page

SERVICE = "deezer"
PAGE_SIZE = 100
RATE_LIMITED = 4
NO_DATA = 800
_OAUTH_CODES = frozenset({200, 300})


def check_deezer_body(payload: Any, gate: ServiceGate) -> Any:
    """Deezer's "HTTP 200 + error object" → our errors (see the module docstring)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("error"), dict):
        return payload
    error = cast(ErrorObject, payload["error"])
    code = error.get("code")
    if code == RATE_LIMITED:
        gate.slow_down(None)  # Deezer sends no Retry-After: the budget's penalty applies
        return RETRY
    if code in _OAUTH_CODES or error.get("type") == "OAuthException":
        raise NeedsReauth(SERVICE)
    if code == NO_DATA:
        raise ClientError(SERVICE, "not found", 404)
    raise ClientError(SERVICE, f"Deezer refused the request (error {code})")


class DeezerApi:
    def __init__(
        self, http: ServiceHttp, endpoints: ServiceEndpoints, token: StaticToken | None
    ) -> None:
        self.http = http
        self._base = endpoints.api
        self._token = token

    @property
    def signed_in(self) -> bool:
        return self._token is not None

    def user(self, user_id: str) -> UserObject:
        """GET /user/{id} (public) or /user/me (signed in)."""
        return cast(UserObject, self._get(f"user/{user_id}"))

    def track(self, track_id: str) -> TrackObject:
        """GET /track/{id}: the only place a track's ISRC is given."""
        return cast(TrackObject, self._get(f"track/{track_id}"))

    def playlists(self, user_id: str, offset: int) -> Page[PlaylistObject]:
        """GET /user/{id}/playlists (public ones only without a sign-in)."""
        return self._page(f"user/{user_id}/playlists", offset)

    def playlist_tracks(self, playlist_id: str, offset: int) -> Page[TrackObject]:
        """GET /playlist/{id}/tracks."""
        return self._page(f"playlist/{playlist_id}/tracks", offset)

    def favourite_tracks(self, offset: int) -> Page[TrackObject]:
        """GET /user/me/tracks: the user's Favourite tracks, newest first (needs a sign-in)."""
        return self._page("user/me/tracks", offset)

    def _get(self, path: str, params: dict[str, str | int] | None = None) -> Any:
        query: dict[str, str | int] = dict(params or {})
        if self._token is not None:
            query["access_token"] = self._token.access_token()
        return self.http.get_json(self._base + path, query)

    def _page(self, path: str, offset: int) -> Page[Any]:
        data = cast(ListObject, self._get(path, {"index": offset, "limit": PAGE_SIZE}))
        items = tuple(data.get("data") or ())
        total = data.get("total")
        end = offset + len(items)
        more = bool(items) and (data.get("next") is not None if total is None else end < int(total))
        return Page(items, end if more else None, None if total is None else int(total), len(items))
