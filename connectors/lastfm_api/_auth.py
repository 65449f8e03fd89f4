"""Last.fm desktop authentication (https://www.last.fm/api/desktopauth).

1. ``auth.getToken`` (signed) gives a request token;
2. the user approves it in the browser at ``{auth}api/auth/?api_key=…&token=…``;
3. ``auth.getSession`` (signed) turns the approved token into a session key that never expires.
There is no redirect to wait on: Mixtape asks for the session every few seconds until the user
has approved (error 14 until then), the token expires (error 15) or the time is up.

Signatures: the MD5 of every parameter except ``format`` and ``callback``, sorted by name and
concatenated as name + value, followed by the shared secret.
"""

from __future__ import annotations

import time
import webbrowser
from collections.abc import Callable
from urllib.parse import urlencode

from connectors._endpoints import ServiceEndpoints
from connectors.errors import ClientError, LoginCancelled
from connectors.lastfm_api._http import LastfmApi, LastfmError
from connectors.lastfm_api._payloads import SessionObject

SERVICE = "lastfm"
NOT_AUTHORISED = 14
TOKEN_EXPIRED = 15


def sign_in_desktop(
    api: LastfmApi,
    endpoints: ServiceEndpoints,
    *,
    open_browser: Callable[[str], bool] = webbrowser.open,
    show_url: Callable[[str], None] | None = None,
    timeout: float = 300.0,
    poll_every: float = 3.0,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> SessionObject:
    """Run the desktop flow; return the session (``name`` and ``key``)."""
    token = api.get_token()
    url = f"{endpoints.auth}api/auth/?{urlencode({'api_key': api.api_key, 'token': token})}"
    if show_url is not None:
        show_url(url)
    open_browser(url)
    deadline = monotonic() + timeout
    while True:
        try:
            return api.get_session(token)
        except LastfmError as e:
            if e.code == TOKEN_EXPIRED:
                raise LoginCancelled(SERVICE, "the sign-in expired; nothing was saved") from e
            if e.code != NOT_AUTHORISED:
                raise ClientError(SERVICE, f"Last.fm refused the sign-in (error {e.code})") from e
        if monotonic() >= deadline:
            raise LoginCancelled(SERVICE, "sign-in timed out; nothing was saved")
        sleep(poll_every)
