"""The OAuth 2.0 device authorization grant (RFC 8628) against Google.

1. ``POST device/code`` with the client id and scopes → a ``device_code`` for us, a short
   ``user_code`` and a ``verification_url`` for the user (shown by the caller), how long they
   are valid and how often we may ask.
2. Poll the token endpoint every ``interval`` seconds (on the injectable clock) with the
   device-code grant: ``authorization_pending`` → ask again; ``slow_down`` → ask 5 s less often
   (RFC 8628 §3.5); ``access_denied`` → the user said no; ``expired_token`` or our own timeout →
   the attempt is over. Nothing is saved unless tokens come back.

Google accepts this flow only for clients of type "TVs and Limited Input devices".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx

from connectors._jobs import Clock
from connectors._oauth import OAuthClient, TokenSet
from connectors.errors import ClientError, LoginCancelled, RateLimited, Transient

logger = logging.getLogger(__name__)

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEFAULT_INTERVAL = 5.0
SLOW_DOWN_STEP = 5.0

#: Called with the verification URL and the code the user types there.
ShowCode = Callable[[str, str], None]


def sign_in_with_device_code(
    client: OAuthClient,
    device_url: str,
    http: httpx.Client,
    clock: Clock,
    *,
    show_code: ShowCode,
    timeout: float = 300.0,
) -> TokenSet:
    """Run one device-flow sign-in; return the tokens (the caller saves them)."""
    grant = _post(http, client, device_url, {"scope": " ".join(client.scopes)})
    if grant.status_code != 200 or "device_code" not in grant.body:
        error = str(grant.body.get("error") or grant.status_code)
        if error in ("invalid_client", "unauthorized_client"):
            raise ClientError(
                client.service,
                "this OAuth client cannot use a device code; it needs the type "
                "“TVs and Limited Input devices”",
                grant.status_code,
            )
        raise ClientError(client.service, f"Google refused the device code ({error})")
    body = grant.body
    url = str(body.get("verification_url") or body.get("verification_uri") or "")
    show_code(url, str(body.get("user_code", "")))
    interval = float(body.get("interval") or DEFAULT_INTERVAL)
    deadline = clock.now() + min(timeout, float(body.get("expires_in") or timeout))
    form = {"grant_type": DEVICE_GRANT, "device_code": str(body["device_code"])}
    while True:
        clock.sleep(interval)
        if clock.now() > deadline:
            raise LoginCancelled(client.service, "sign-in timed out; nothing was saved")
        answer = _post(http, client, client.token_url, form)
        if answer.status_code == 200 and "access_token" in answer.body:
            return _tokens(answer.body, client, clock)
        error = str(answer.body.get("error", ""))
        if error == "authorization_pending":
            continue
        if error == "slow_down":
            interval += SLOW_DOWN_STEP
            logger.debug("%s device sign-in: asked to poll less often", client.service)
            continue
        if error == "access_denied":
            raise LoginCancelled(client.service, "sign-in declined (access_denied)")
        if error == "expired_token":
            raise LoginCancelled(client.service, "the sign-in code expired; nothing was saved")
        if answer.status_code == 429:
            raise RateLimited(client.service, clock.now() + interval, interval)
        if answer.status_code >= 500:
            raise Transient(client.service, f"sign-in server error {answer.status_code}")
        raise ClientError(
            client.service, f"the sign-in server refused ({error or answer.status_code})"
        )


class _Answer:
    def __init__(self, status_code: int, body: dict[str, Any]) -> None:
        self.status_code = status_code
        self.body = body


def _post(http: httpx.Client, client: OAuthClient, url: str, form: dict[str, str]) -> _Answer:
    data = {**form, "client_id": client.client_id}
    if client.client_secret:
        data["client_secret"] = client.client_secret
    try:
        response = http.post(url, data=data)
    except httpx.TimeoutException as e:
        raise Transient(client.service, "the sign-in server did not answer in time") from e
    except httpx.TransportError as e:
        raise Transient(client.service, "could not reach the sign-in server") from e
    try:
        body = response.json()
    except ValueError:
        body = {}
    return _Answer(response.status_code, body if isinstance(body, dict) else {})


def _tokens(body: dict[str, Any], client: OAuthClient, clock: Clock) -> TokenSet:
    scope = body.get("scope")
    return TokenSet(
        access_token=str(body["access_token"]),
        expires_at=clock.now() + float(body.get("expires_in", 3600)),
        refresh_token=body.get("refresh_token"),
        scopes=tuple(str(scope).split()) if scope else client.scopes,
    )
