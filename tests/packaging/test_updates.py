"""The update check against a releases JSON file served on loopback (real HTTP)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from app.core import updates

RELEASES: dict[str, Any] = {
    "releases": [
        {"version": "0.1.0", "url": "https://example.org/0.1.0"},
        {"version": "0.3.0rc1", "url": "https://example.org/0.3.0rc1"},
        {"version": "0.2.0", "url": "https://example.org/0.2.0", "notes": "Faster imports"},
        {"version": "9.9.9", "url": "javascript:alert(1)"},  # refused: not https
        {"version": "not a version", "url": "https://example.org/x"},
        "junk",
    ]
}


class Server:
    def __init__(self) -> None:
        self.body: bytes = json.dumps(RELEASES).encode()
        self.status = 200
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(dict(self.headers))
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/releases.json"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.delenv(updates.DISABLE_ENV, raising=False)
    running = Server()
    yield running
    running.close()


def test_a_newer_release_is_reported_with_its_page(server: Server) -> None:
    update = updates.check_for_update("0.1.0", enabled=True, url=server.url)
    assert update == updates.Update("0.2.0", "https://example.org/0.2.0", "Faster imports")
    assert server.requests[0]["User-Agent"] == "Mixtape/0.1.0"


def test_nothing_when_up_to_date(server: Server) -> None:
    assert updates.check_for_update("0.2.0", enabled=True, url=server.url) is None


def test_the_user_and_the_build_can_turn_it_off(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert updates.check_for_update("0.1.0", enabled=False, url=server.url) is None
    monkeypatch.setenv(updates.DISABLE_ENV, "1")
    assert updates.check_for_update("0.1.0", enabled=True, url=server.url) is None
    monkeypatch.delenv(updates.DISABLE_ENV)
    monkeypatch.setattr(updates, "UPDATES_ENABLED", False)
    assert updates.check_for_update("0.1.0", enabled=True, url=server.url) is None
    assert server.requests == []  # off means not even asking


def test_at_most_once_a_day(server: Server, tmp_path: Path) -> None:
    state = tmp_path / "update-check.json"
    first = updates.check_for_update(
        "0.1.0", enabled=True, url=server.url, state_file=state, now=1e9
    )
    assert first is not None
    again = updates.check_for_update(
        "0.1.0", enabled=True, url=server.url, state_file=state, now=1e9 + 3600
    )
    assert again is None
    assert len(server.requests) == 1
    later = updates.check_for_update(
        "0.1.0", enabled=True, url=server.url, state_file=state, now=1e9 + 2 * 86400
    )
    assert later is not None
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, b"{}"), (200, b"not json"), (200, b"[1, 2]"), (200, b"x" * (updates.MAX_BYTES + 10))],
)
def test_failures_are_silent(server: Server, status: int, body: bytes) -> None:
    server.status, server.body = status, body
    assert updates.check_for_update("0.1.0", enabled=True, url=server.url) is None


def test_only_https_or_loopback_urls() -> None:
    assert updates.check_for_update("0.1.0", enabled=True, url="http://example.org/r.json") is None
    with pytest.raises(ValueError, match="https"):
        updates.fetch_releases("ftp://example.org/r.json", "0.1.0")


def test_versions_and_prereleases() -> None:
    assert updates.parse_version("1.2") == ((1, 2, 0, 0), False)
    assert updates.parse_version("v1.2.3rc2") == ((1, 2, 3, 0), True)
    assert updates.parse_version("1.2.3; rm -rf /") is None
    newest = updates.newest_release(RELEASES, "0.1.0", prereleases=True)
    assert newest is not None
    assert newest.version == "0.3.0rc1"
