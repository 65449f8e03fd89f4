"""The Last.fm API calls Mixtape makes (https://www.last.fm/api/rest), with errors mapped.

Last.fm reports errors in the body (``{"error": 29, "message": …}``), with HTTP 200 or a 4xx:
29 is "rate limit exceeded" (about 5 requests per second): the gate slows down and the request
is retried after a short wait, parking the job if it persists; 9 ("invalid session key") and 4
("authentication failed") mean "reconnect needed"; 8 and 16 are temporary; 14 and 15 belong to
the sign-in and are raised as ``LastfmError`` for it to decide. Reads are unsigned (API key
only); ``auth.*`` calls are signed with the user's shared secret.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, cast

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._transport import RETRY, ServiceHttp
from connectors.errors import ClientError, NeedsReauth, Transient
from connectors.lastfm_api._payloads import SessionObject, TrackList

SERVICE = "lastfm"
RECENT_PAGE = 200  # user.getRecentTracks maximum
LOVED_PAGE = 200
RATE_LIMITED = 29
_REAUTH = frozenset({4, 9})
_TEMPORARY = frozenset({8, 11, 16})
_SIGN_IN = frozenset({14, 15})


class LastfmError(ClientError):
    """An error the caller handles itself (the sign-in's "not yet approved")."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        super().__init__(SERVICE, f"error {code}: {message}")


_UNSIGNED = frozenset({"format", "callback"})


def api_signature(params: Mapping[str, str], secret: str) -> str:
    """MD5 over the sorted ``name + value`` pairs (``format``/``callback`` excluded) + secret."""
    signed = "".join(f"{k}{params[k]}" for k in sorted(params) if k not in _UNSIGNED)
    return hashlib.md5((signed + secret).encode("utf-8"), usedforsecurity=False).hexdigest()


def _error(payload: Any) -> tuple[int, str] | None:
    if isinstance(payload, dict) and isinstance(payload.get("error"), int):
        return int(payload["error"]), str(payload.get("message") or "")
    return None


def check_lastfm_body(payload: Any, gate: ServiceGate) -> Any:
    found = _error(payload)
    if found is None:
        return payload
    code, message = found
    if code == RATE_LIMITED:
        gate.slow_down(None)
        return RETRY
    raise _mapped(code, message)


def observe_lastfm_errors(response: httpx.Response, gate: ServiceGate) -> None:
    """Last.fm's 4xx answers carry the same error object: map it before the transport's
    generic "client error" (a 429 is left to the transport)."""
    if (
        response.status_code < 400
        or response.status_code in (401, 429)
        or response.status_code >= 500
    ):
        return
    try:
        found = _error(response.json())
    except ValueError:
        return
    if found is not None:
        gate.answered()
        raise _mapped(*found)


def _mapped(code: int, message: str) -> ClientError | NeedsReauth | Transient:
    if code in _REAUTH:
        return NeedsReauth(SERVICE)
    if code in _TEMPORARY:
        return Transient(SERVICE, f"temporary error {code}")
    if code in _SIGN_IN:
        return LastfmError(code, message)
    return ClientError(SERVICE, f"Last.fm refused the request (error {code})")


class LastfmApi:
    def __init__(
        self,
        http: ServiceHttp,
        endpoints: ServiceEndpoints,
        api_key: str,
        secret: str | None = None,
    ) -> None:
        self.http = http
        self._base = endpoints.api
        self.api_key = api_key
        self._secret = secret

    def get_token(self) -> str:
        data = self._call("auth.getToken", {}, signed=True)
        token = data.get("token") if isinstance(data, dict) else None
        if not token:
            raise ClientError(SERVICE, "Last.fm gave no sign-in token")
        return str(token)

    def get_session(self, token: str) -> SessionObject:
        data = self._call("auth.getSession", {"token": token}, signed=True)
        session = data.get("session") if isinstance(data, dict) else None
        if not isinstance(session, dict) or not session.get("key"):
            raise ClientError(SERVICE, "Last.fm gave no session")
        return cast(SessionObject, session)

    def recent_tracks(
        self, user: str, page: int, since: int | None, until: int | None
    ) -> TrackList:
        """user.getRecentTracks, newest first, ``from``/``to`` in Unix seconds."""
        params = {"user": user, "page": str(page), "limit": str(RECENT_PAGE)}
        if since is not None:
            params["from"] = str(since)
        if until is not None:
            params["to"] = str(until)
        data = self._call("user.getRecentTracks", params)
        return cast(TrackList, (data or {}).get("recenttracks") or {})

    def loved_tracks(self, user: str, page: int) -> TrackList:
        """user.getLovedTracks, newest first."""
        params = {"user": user, "page": str(page), "limit": str(LOVED_PAGE)}
        data = self._call("user.getLovedTracks", params)
        return cast(TrackList, (data or {}).get("lovedtracks") or {})

    def _call(self, method: str, params: dict[str, str], *, signed: bool = False) -> Any:
        query = {"method": method, "api_key": self.api_key, **params}
        if signed:
            if not self._secret:
                raise ClientError(
                    SERVICE, "the shared secret of your Last.fm API account is needed"
                )
            query["api_sig"] = api_signature(query, self._secret)
        query["format"] = "json"
        return self.http.get_json(self._base, dict(query))
