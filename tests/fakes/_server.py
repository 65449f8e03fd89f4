"""A tiny real-HTTP server on 127.0.0.1 for the fake services: each fake supplies ``route``.

Requests are recorded (method, path, query; never headers); the query of a recorded request
keeps only the parameter names a test asks about, never a token's value unless a test reads
it back through ``seen_tokens``.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, dict[str, str], Any]
Route = Callable[[str, str, dict[str, str], dict[str, str], str | None], Answer]


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    status: int = 0


@dataclass
class Fault:
    status: int
    headers: dict[str, str]
    body: Any
    path: str | None


class FakeServer:
    """Runs ``route(method, path, query, form, authorization)`` for every request."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(
        self,
        count: int,
        status: int,
        headers: dict[str, str] | None = None,
        body: Any = None,
        path: str | None = None,
    ) -> None:
        for _ in range(count):
            self.faults.append(Fault(status, headers or {}, body, path))

    def route(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> Answer:
        raise NotImplementedError

    def handle(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> Answer:
        with self._lock:
            seen = Seen(method, path, query)
            self.requests.append(seen)
            if self.faults and (
                self.faults[0].path is None or path.startswith(self.faults[0].path)
            ):
                fault = self.faults.popleft()
                seen.status = fault.status
                return fault.status, fault.headers, fault.body
            status, headers, body = self.route(method, path, query, form, auth)
            seen.status = status
            return status, headers, body


def _handler_for(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every keep-alive request.
        disable_nagle_algorithm = True

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            if raw.startswith(("{", "[")):
                form = {"json": raw}
            status, headers, body = fake.handle(
                method, parts.path, query, form, self.headers.get("Authorization")
            )
            if isinstance(body, str) and headers.get("Content-Type", "").startswith("text/"):
                data = body.encode()
            else:
                data = b"" if body is None else json.dumps(body).encode()
                headers = {"Content-Type": "application/json", **headers}
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
