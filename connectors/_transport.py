"""The HTTP transport every live connector shares: timeouts, the gate, auth, error mapping.

One ``httpx.Client`` per connector instance with explicit timeouts. Each request passes the
service's gate (circuit breaker + rate governor; short waits are slept off there, long ones
raise ``RateLimited``). Every response is mapped to the connector errors in one place:

    2xx                         → JSON (then the service's own in-body check, e.g. Deezer's)
    401 with a token            → refresh once and retry; a second 401 → ``NeedsReauth``
    429                         → governor slows down, honours ``Retry-After``; retried while
                                  the wait is short, else ``RateLimited`` (the job parks)
    503 with ``Retry-After``    → like 429, and it counts against the circuit breaker
    other 5xx, timeouts, drops  → ``Transient`` (counted by the breaker)
    other 4xx                   → ``ClientError``

Nothing here logs a header, a token, a body or a full URL with its query; and because some
services take their credentials in the query (Deezer's ``access_token``, Last.fm's signed
calls), a filter on httpx's own logger blanks those values should its INFO lines be enabled.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import httpx

from connectors._jobs import ServiceGate
from connectors.errors import ClientError, NeedsReauth, RateLimited, Transient

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_TRIES = 6  # rate-limit retries of one request, each after a short wait


class BearerTokens(Protocol):
    def access_token(self) -> str: ...

    def refresh_after_401(self, rejected: str) -> str: ...


#: A service's in-body check of a 2xx answer (Deezer's and Last.fm's error objects); it raises
#: or calls the gate itself, and returns the payload to use.
BodyCheck = Callable[[Any, ServiceGate], Any]


def retry_after(headers: Mapping[str, str]) -> float | None:
    """``Retry-After`` in seconds (the HTTP-date form is rare from APIs; treated as absent)."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class ServiceHttp:
    def __init__(
        self,
        service: str,
        gate: ServiceGate,
        *,
        tokens: BearerTokens | None = None,
        client: httpx.Client | None = None,
        check_body: BodyCheck | None = None,
        observe: Callable[[httpx.Response, ServiceGate], None] | None = None,
        auth_scheme: str = "Bearer",
    ) -> None:
        _quiet_secrets_in_httpx_logs()
        self.service = service
        self._scheme = auth_scheme
        self.gate = gate
        self._tokens = tokens
        self._client = client or httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=False)
        self._check_body = check_body
        self._observe = observe
        self.requests_sent = 0

    def close(self) -> None:
        self._client.close()

    def get_json(self, url: str, params: Mapping[str, str | int] | None = None) -> Any:
        return self.request_json("GET", url, params=params)

    def request_json(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
    ) -> Any:
        refreshed = False
        token = self._tokens.access_token() if self._tokens is not None else None
        for _ in range(MAX_TRIES):
            self.gate.before_request()
            headers = {"Accept": "application/json"}
            if token is not None:
                headers["Authorization"] = f"{self._scheme} {token}"
            response = self._send(method, url, params, json, data, headers)
            if self._observe is not None:
                self._observe(response, self.gate)
            status = response.status_code
            if status == 401 and self._tokens is not None and token is not None:
                self.gate.answered()
                if refreshed:
                    raise NeedsReauth(self.service, "the service refused the new sign-in")
                token = self._tokens.refresh_after_401(token)
                refreshed = True
                continue
            if status == 429 or (status == 503 and "Retry-After" in response.headers):
                self.gate.slow_down(retry_after(response.headers), server_error=status == 503)
                continue  # the gate sleeps a short wait off, or raises RateLimited
            if status >= 500:
                self.gate.failed()
                raise Transient(self.service, f"server error {status}")
            self.gate.answered()
            if status >= 400:
                raise ClientError(self.service, _client_error(status), status)
            payload = _decode(self.service, response)
            if self._check_body is None:
                return payload
            checked = self._check_body(payload, self.gate)
            if checked is not _RETRY:
                return checked
        # Still refused after several short waits: park rather than hammer the service.
        now = self.gate.clock.now()
        governor = self.gate.governor
        until = max(governor.blocked_until or 0.0, now + governor.budget.default_penalty)
        raise RateLimited(self.service, until, until - now)

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str | int] | None,
        json: Any,
        data: Mapping[str, str] | None,
        headers: dict[str, str],
    ) -> httpx.Response:
        self.requests_sent += 1
        try:
            return self._client.request(
                method, url, params=params, json=json, data=data, headers=headers
            )
        except httpx.TimeoutException as e:
            self.gate.failed()
            raise Transient(self.service, "the service did not answer in time") from e
        except httpx.TransportError as e:
            self.gate.failed()
            raise Transient(self.service, f"connection failed ({type(e).__name__})") from e


#: Returned by a ``BodyCheck`` to ask for the same request again (after the gate's wait).
_RETRY: Any = object()
RETRY = _RETRY


def _decode(service: str, response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError as e:
        raise ClientError(service, "the service sent an unreadable answer") from e


def _client_error(status: int) -> str:
    return {
        400: "the service rejected the request (400)",
        403: "not allowed: the sign-in lacks a permission, or the app is not approved (403)",
        404: "not found (404)",
    }.get(status, f"the service refused the request ({status})")


_SECRET_QUERY = re.compile(r"((?:access_token|token|sk|api_sig|secret|code)=)[^&\s\"']+")


class _RedactQuerySecrets(logging.Filter):
    """Blanks credential values in httpx's request lines (``GET …?access_token=…``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = _SECRET_QUERY.sub(r"\1***", record.getMessage())
            record.args = ()
        return True


def _quiet_secrets_in_httpx_logs() -> None:
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactQuerySecrets) for f in httpx_logger.filters):
        httpx_logger.addFilter(_RedactQuerySecrets())
