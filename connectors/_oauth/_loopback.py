"""The loopback redirect: a one-shot HTTP listener on ``127.0.0.1`` with a random port.

Spotify (and Google, Tidal) accept ``http://127.0.0.1:PORT/...`` redirect URIs with the port
chosen at run time; ``localhost`` is refused. The listener binds port 0 (the OS picks a free
port), serves in a background thread so the browser can be launched from this one, and accepts
only a redirect whose ``state`` matches this attempt's: anything else gets a 400 and is ignored
(a forged or stale redirect cannot end the sign-in). No request is ever logged: the query
holds the authorization code.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

_DONE_PAGE = (
    "<!doctype html><meta charset=utf-8><title>Mixtape</title>"
    "<p>{message}</p><p>You can close this tab and return to Mixtape.</p>"
)


@dataclass(frozen=True, slots=True)
class RedirectResult:
    code: str | None
    error: str | None


class OneShotServer(ThreadingHTTPServer):
    """A listener on ``127.0.0.1`` (port chosen by the OS) whose handler sets ``arrived`` once
    the one answer it waits for came in."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.arrived = threading.Event()


class OneShotListener:
    """Serves a ``OneShotServer`` from a background thread inside a ``with`` block (so the
    browser can be opened from this one) and stops it on the way out."""

    def __init__(self, server: OneShotServer, name: str) -> None:
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def _arrived(self, timeout: float) -> bool:
        return self._server.arrived.wait(timeout)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _Server(OneShotServer):
    expected_path: str
    expected_state: str
    result: RedirectResult | None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != self.server.expected_path:
            self._answer(404, "Not found.")
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        state = query.get("state", "")
        if not hmac.compare_digest(state.encode(), self.server.expected_state.encode()):
            self._answer(400, "This sign-in link does not belong to the current attempt.")
            return
        if self.server.result is None:
            self.server.result = RedirectResult(query.get("code"), query.get("error"))
            self.server.arrived.set()
        if query.get("code"):
            self._answer(200, "Signed in.")
        else:
            self._answer(200, "Sign-in was cancelled.")

    def _answer(self, status: int, message: str) -> None:
        body = _DONE_PAGE.format(message=message).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the request line carries the authorization code."""


class LoopbackRedirect(OneShotListener):
    """Use as a context manager; ``redirect_uri`` to send, ``wait()`` for the answer."""

    def __init__(self, state: str, path: str = "/callback") -> None:
        server = _Server(_Handler)
        server.expected_path = path
        server.expected_state = state
        server.result = None
        super().__init__(server, "mixtape-oauth-loopback")
        self._redirect = server
        self._path = path

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}{self._path}"

    def wait(self, timeout: float) -> RedirectResult | None:
        """The redirect's result, or ``None`` when none with the right state came in time."""
        return self._redirect.result if self._arrived(timeout) else None
