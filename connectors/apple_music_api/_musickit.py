"""The Music User Token through a MusicKit JS page served on loopback.

Apple gives a Music User Token only to MusicKit (JS in a browser, or the native frameworks).
So, like the OAuth loopback redirect (``connectors._oauth._loopback``), Mixtape serves one page
on ``http://127.0.0.1:<random port>/`` and opens it in the user's browser (``webbrowser``, so
``BROWSER`` works). The page loads MusicKit JS from Apple's CDN, configures it with the
developer token, calls ``authorize()`` (Apple's sign-in sheet) and POSTs the token back to
``/token`` with this attempt's one-time ``state``. The server accepts exactly one POST whose
state matches (anything else gets a 400 and is ignored), then the caller shuts it down; when no
token arrives within the timeout the attempt ends as ``LoginCancelled`` and nothing is saved.
No request is ever logged: the body holds the token. The page itself carries the developer
token (MusicKit JS needs it in the page, as on any website using MusicKit), so it is served
only on loopback and only while the attempt lasts.
"""

from __future__ import annotations

import hmac
import json
import threading
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from connectors._oauth import OneShotListener, OneShotServer, new_state
from connectors.errors import LoginCancelled

SERVICE = "apple_music"
MAX_BODY = 16_384  # a Music User Token is a few hundred bytes

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mixtape: connect Apple Music</title>
<meta name="mixtape-state" content="{state}">
<script src="{musickit_js}" data-web-components async></script>
</head><body>
<h1>Connect Apple Music to Mixtape</h1>
<p id="status">Loading Apple's MusicKit…</p>
<script>
const STATE = {state_json};
const DEVELOPER_TOKEN = {token_json};
function say(text) {{ document.getElementById("status").textContent = text; }}
document.addEventListener("musickitloaded", async () => {{
  try {{
    const music = await MusicKit.configure({{
      developerToken: DEVELOPER_TOKEN, app: {{ name: "Mixtape", build: "1" }}
    }});
    say("Sign in with your Apple ID in the window Apple opens…");
    const userToken = await music.authorize();
    const answer = await fetch("/token", {{
      method: "POST",
      headers: {{ "Content-Type": "application/json" }},
      body: JSON.stringify({{ state: STATE, music_user_token: userToken }})
    }});
    say(answer.ok ? "Connected. You can close this tab and return to Mixtape."
                  : "Mixtape did not accept this sign-in; start again from Mixtape.");
  }} catch (e) {{
    say("Apple Music sign-in did not finish: " + e);
  }}
}});
</script></body></html>
"""


class _Server(OneShotServer):
    page: bytes
    expected_state: str
    user_token: str | None
    lock: threading.Lock


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        if urlsplit(self.path).path != "/":
            self._answer(404, "text/plain", b"Not found.")
            return
        self._answer(200, "text/html; charset=utf-8", self.server.page)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/token":
            self._answer(404, "text/plain", b"Not found.")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            self._answer(400, "text/plain", b"Bad request.")
            return
        state, token = _read_body(self.rfile.read(length), self.headers.get("Content-Type", ""))
        expected = self.server.expected_state.encode()
        if not token or not hmac.compare_digest(state.encode(), expected):
            self._answer(400, "text/plain", b"This sign-in does not belong to the current attempt.")
            return
        with self.server.lock:
            if self.server.user_token is not None:  # exactly one token per attempt
                self._answer(409, "text/plain", b"Already connected.")
                return
            self.server.user_token = token
            self.server.arrived.set()
        self._answer(200, "text/plain", b"Connected.")

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the page holds the developer token and the POST the user token."""


def _read_body(raw: bytes, content_type: str) -> tuple[str, str | None]:
    text = raw.decode("utf-8", "replace")
    if content_type.startswith("application/json"):
        try:
            data = json.loads(text)
        except ValueError:
            return "", None
        if not isinstance(data, dict):
            return "", None
        state, token = data.get("state"), data.get("music_user_token")
    else:
        form = {k: v[0] for k, v in parse_qs(text).items()}
        state, token = form.get("state"), form.get("music_user_token")
    return (
        state if isinstance(state, str) else "",
        token.strip() if isinstance(token, str) and token.strip() else None,
    )


def _script_json(value: str) -> str:
    """A JSON string safe inside a ``<script>`` element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class MusicKitPage(OneShotListener):
    """Use as a context manager: ``url`` to open, ``wait()`` for the Music User Token."""

    def __init__(self, developer_token: str, musickit_js: str, state: str | None = None) -> None:
        self.state = state or new_state()
        server = _Server(_Handler)
        server.page = _PAGE.format(
            state=self.state,
            musickit_js=musickit_js.replace('"', "%22"),
            state_json=_script_json(self.state),
            token_json=_script_json(developer_token),
        ).encode()
        server.expected_state = self.state
        server.user_token = None
        server.lock = threading.Lock()
        super().__init__(server, "mixtape-musickit-loopback")
        self._page = server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def wait(self, timeout: float) -> str | None:
        """The Music User Token, or ``None`` when none with the right state came in time."""
        return self._page.user_token if self._arrived(timeout) else None


def music_user_token_from_browser(
    developer_token: str,
    musickit_js: str,
    *,
    open_browser: Callable[[str], bool] = webbrowser.open,
    show_url: Callable[[str], None] | None = None,
    timeout: float = 300.0,
) -> str:
    """Serve the MusicKit page, open it, and return the Music User Token it posts back."""
    with MusicKitPage(developer_token, musickit_js) as page:
        if show_url is not None:
            show_url(page.url)
        open_browser(page.url)
        token = page.wait(timeout)
    if token is None:
        raise LoginCancelled(SERVICE, "sign-in timed out; nothing was saved")
    return token
