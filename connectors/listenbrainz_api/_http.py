"""The ListenBrainz API calls Mixtape makes, with its rate-limit headers fed to the governor.

ListenBrainz announces its budget in every answer (``X-RateLimit-Limit``, ``-Remaining``,
``-Reset-In`` in seconds): when ``Remaining`` reaches 0 the governor blocks the service until
the reset instead of spending a request on a 429. Listens come newest first; with ``min_ts``
the server returns the ``count`` listens right after it, so paging forward is "``min_ts`` = the
newest timestamp seen" until a page comes back short.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import quote

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._transport import ServiceHttp
from connectors.errors import ClientError
from connectors.listenbrainz_api._payloads import ListensResponse, ValidateTokenResponse

#: The documented maximum per GET (``MAX_ITEMS_PER_GET``).
MAX_LISTENS = 1000


def observe_rate_headers(response: httpx.Response, gate: ServiceGate) -> None:
    """Feed ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset-In`` to the service's governor."""
    remaining = _number(response.headers.get("X-RateLimit-Remaining"))
    reset_in = _number(response.headers.get("X-RateLimit-Reset-In"))
    gate.governor.observe_remaining(None if remaining is None else int(remaining), reset_in)


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class ListenBrainzApi:
    def __init__(self, http: ServiceHttp, endpoints: ServiceEndpoints) -> None:
        self.http = http
        self._base = endpoints.api

    def validate_token(self) -> str:
        """GET /1/validate-token → the user name the token belongs to."""
        data = cast(ValidateTokenResponse, self.http.get_json(self._base + "1/validate-token"))
        if not data.get("valid") or not data.get("user_name"):
            raise ClientError("listenbrainz", "the token is not valid", 401)
        return str(data["user_name"])

    def listens(self, user: str, min_ts: int | None, count: int = MAX_LISTENS) -> ListensResponse:
        """GET /1/user/{user}/listens (newest first; ``min_ts`` excluded)."""
        params: dict[str, str | int] = {"count": count}
        if min_ts is not None:
            params["min_ts"] = min_ts
        path = f"1/user/{quote(user, safe='')}/listens"
        return cast(ListensResponse, self.http.get_json(self._base + path, params))
