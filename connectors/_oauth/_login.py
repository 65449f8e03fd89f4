"""Sign-in with the authorization code flow + PKCE through the loopback redirect.

RFC 6749 §4.1 with RFC 7636 (PKCE) and RFC 8252 (native apps: loopback redirect). Each attempt
gets a fresh ``state``, verifier and port. The browser is opened with ``webbrowser`` (so the
``BROWSER`` environment variable is honoured); when no redirect with the right state arrives
within ``timeout`` the attempt ends as ``LoginCancelled`` and nothing is saved.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from urllib.parse import urlencode

import httpx

from connectors._jobs import Clock
from connectors._oauth._loopback import LoopbackRedirect
from connectors._oauth._pkce import challenge_for, new_state, new_verifier
from connectors._oauth._tokens import OAuthClient, TokenSet, request_tokens
from connectors.errors import LoginCancelled

DEFAULT_TIMEOUT = 300.0


def authorize_url(client: OAuthClient, redirect_uri: str, state: str, challenge: str) -> str:
    params = {
        "client_id": client.client_id,
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "code_challenge_method": "S256",
        "code_challenge": challenge,
        "state": state,
        "scope": " ".join(client.scopes),
    }
    return f"{client.authorize_url}?{urlencode(params)}"


def sign_in_with_pkce(
    client: OAuthClient,
    http: httpx.Client,
    clock: Clock,
    *,
    open_browser: Callable[[str], bool] = webbrowser.open,
    show_url: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> TokenSet:
    """Run one sign-in attempt; return the tokens (the caller saves them)."""
    verifier, state = new_verifier(), new_state()
    with LoopbackRedirect(state) as redirect:
        url = authorize_url(client, redirect.redirect_uri, state, challenge_for(verifier))
        if show_url is not None:
            show_url(url)
        open_browser(url)
        result = redirect.wait(timeout)
        redirect_uri = redirect.redirect_uri
    if result is None:
        raise LoginCancelled(client.service, "sign-in timed out; nothing was saved")
    if not result.code:
        raise LoginCancelled(client.service, f"sign-in declined ({result.error or 'no code'})")
    form = {
        "grant_type": "authorization_code",
        "code": result.code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    return request_tokens(http, client, form, clock)
