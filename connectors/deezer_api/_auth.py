"""Deezer sign-in: the OAuth code flow with the user's own app (https://developers.deezer.com/api/oauth).

New app registration has been closed since 2024, so the user brings an existing app's id and
secret. Deezer has no PKCE and wants the secret at the token step; a token with
``offline_access`` never expires, so it is kept as a static token and a refusal means
"reconnect needed". Without an app Mixtape reads a user's public playlists, no sign-in at all.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from urllib.parse import urlencode

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._oauth import LoopbackRedirect, new_state
from connectors.errors import ClientError, LoginCancelled, NeedsReauth, Transient

SERVICE = "deezer"
PERMS = ("basic_access", "offline_access", "manage_library")


def sign_in_with_app(
    app_id: str,
    secret: str,
    endpoints: ServiceEndpoints,
    http: httpx.Client,
    *,
    open_browser: Callable[[str], bool] = webbrowser.open,
    show_url: Callable[[str], None] | None = None,
    timeout: float = 300.0,
) -> str:
    """Run one sign-in through the loopback redirect; return the access token."""
    state = new_state()
    with LoopbackRedirect(state) as redirect:
        query = {
            "app_id": app_id,
            "redirect_uri": redirect.redirect_uri,
            "perms": ",".join(PERMS),
            "state": state,
        }
        url = f"{endpoints.auth}oauth/auth.php?{urlencode(query)}"
        if show_url is not None:
            show_url(url)
        open_browser(url)
        result = redirect.wait(timeout)
    if result is None:
        raise LoginCancelled(SERVICE, "sign-in timed out; nothing was saved")
    if not result.code:
        raise LoginCancelled(SERVICE, f"sign-in declined ({result.error or 'no code'})")
    return _exchange(app_id, secret, result.code, endpoints, http)


def _exchange(
    app_id: str, secret: str, code: str, endpoints: ServiceEndpoints, http: httpx.Client
) -> str:
    params = {"app_id": app_id, "secret": secret, "code": code, "output": "json"}
    try:
        response = http.get(endpoints.auth + "oauth/access_token.php", params=params)
    except httpx.TimeoutException as e:
        raise Transient(SERVICE, "the sign-in server did not answer in time") from e
    except httpx.TransportError as e:
        raise Transient(SERVICE, "could not reach the sign-in server") from e
    if response.status_code >= 500:
        raise Transient(SERVICE, f"sign-in server error {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        body = None  # Deezer answers a bad code with plain text ("wrong code")
    if isinstance(body, dict) and body.get("access_token"):
        return str(body["access_token"])
    if response.status_code == 200:
        raise NeedsReauth(SERVICE, "Deezer refused the sign-in code; try again")
    raise ClientError(SERVICE, "the sign-in server refused", response.status_code)
