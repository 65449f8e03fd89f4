"""Fixtures for the relay tests: real relay processes, a real redis-server, a small client.

Relays are real ``python -m relay serve`` processes on 127.0.0.1 and a random free port,
parametrized over both storage backends. ``relay`` is one process per backend shared by the
tests that only talk to it (each uses its own documents); ``make_relay`` starts relays a test
owns: to restart, kill -9, or give other limits. The Redis backend runs against a real
``redis-server`` started here (once per session, AOF with fsync on every write); every owned
relay gets a fresh Redis database.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
_VENV_PYTHON = REPO / ".venv" / "bin" / "python"
PYTHON = _VENV_PYTHON if _VENV_PYTHON.exists() else Path(sys.executable)
START_TIMEOUT_S = 20.0
RECV_TIMEOUT_S = 10.0

# Only for the tests: large enough that the functional tests never trip them.
TEST_LIMITS = ["ws_ping_interval_s=5", "conn_msgs_burst=2000", "doc_msgs_burst=5000"]


# Clients opened by the running scenario, whichever relay they talk to; closed at its end.
OPEN_CLIENTS: list[RelayClient] = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_doc_id() -> str:
    return "doc-" + secrets.token_hex(8)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


# -- redis-server -------------------------------------------------------------------------


@dataclass
class RedisServer:
    port: int
    data_dir: Path
    proc: subprocess.Popen[bytes] | None = None

    next_db: int = 1  # db 0 belongs to the shared relay; every other relay gets a fresh db

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def fresh_db(self) -> int:
        db, self.next_db = self.next_db, self.next_db + 1
        client = redis.Redis.from_url(self.url(db))
        try:
            client.flushdb()
        finally:
            client.close()
        return db

    def command(self, *args: str) -> str:
        cli = shutil.which("redis-cli")
        assert cli, "redis-cli missing (apt-get install -y redis-server)"
        out = subprocess.run(
            [cli, "-p", str(self.port), *args], capture_output=True, check=True, timeout=10
        )
        return out.stdout.decode().strip()

    def start(self) -> None:
        exe = shutil.which("redis-server")
        assert exe
        self.proc = subprocess.Popen(
            [
                exe,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.data_dir),
                "--appendonly", "yes",
                "--appendfsync", "always",
                "--save", "",
                "--daemonize", "no",
                "--logfile", str(self.data_dir / "redis.log"),
                "--databases", "1000",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                if self.command("PING") == "PONG":
                    return
            time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: apt-get update && apt-get install -y redis-server")
    # Our own temp dir: pytest prunes old base temp dirs, and other test runs share them.
    with tempfile.TemporaryDirectory(prefix="relay-redis-") as data_dir:
        server = RedisServer(free_port(), Path(data_dir))
        server.start()
        yield server
        server.stop()


# -- relay processes ----------------------------------------------------------------------


@dataclass
class RelayProcess:
    backend: str
    store_url: str
    data_dir: Path
    log_path: Path
    limits: list[str]
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, doc_id: str) -> str:
        return f"ws://127.0.0.1:{self.port}/v1/docs/{doc_id}"

    def start(self) -> None:
        args = [str(PYTHON), "-m", "relay", "serve", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--store", self.store_url]
        for limit in self.limits:
            args += ["--limit", limit]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                args, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ}
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"relay exited at start:\n{self.log_path.read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.http + "/healthz", timeout=1).status_code == 200:
                    return
            time.sleep(0.05)
        pytest.fail(f"relay did not become healthy:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def create_doc(self, doc_id: str, token: str, **extra: Any) -> httpx.Response:
        body = {"doc_id": doc_id, "token_hash": token_hash(token), **extra}
        return httpx.post(self.http + "/v1/docs", json=body, timeout=10)

    def delete_doc(self, doc_id: str, token: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.delete(f"{self.http}/v1/docs/{doc_id}", headers=headers, timeout=10)

    def new_doc(self, **extra: Any) -> tuple[str, str]:
        doc_id, token = new_doc_id(), new_token()
        response = self.create_doc(doc_id, token, **extra)
        assert response.status_code == 201, response.text
        return doc_id, token

    def metrics(self) -> str:
        return httpx.get(self.http + "/metrics", timeout=10).text

    def run(self, scenario: Callable[[], Awaitable[T]]) -> T:
        """Run an async scenario; every client it opened is closed at the end."""

        async def wrapper() -> T:
            try:
                return await scenario()
            finally:
                while OPEN_CLIENTS:
                    with contextlib.suppress(Exception):
                        await OPEN_CLIENTS.pop().ws.close()

        return asyncio.run(wrapper())

    async def client(self, doc_id: str, token: str, since: int = 0) -> RelayClient:
        """Connect and say hello; the welcome frame is in ``client.welcome``."""
        ws = await connect(
            self.ws_url(doc_id), max_size=None, open_timeout=RECV_TIMEOUT_S, close_timeout=1
        )
        client = RelayClient(ws)
        OPEN_CLIENTS.append(client)
        # The relay may refuse before the hello (malformed id): its error frame still counts.
        with contextlib.suppress(ConnectionClosed):
            await client.send({"type": "hello", "token": token, "since": since})
        client.welcome = await client.recv()
        return client


class RelayClient:
    """A thin test client: JSON frames in and out, with timeouts on every wait."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.welcome: dict[str, Any] = {}

    async def send(self, frame: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(frame))

    async def push(self, env: bytes, client_id: int | str | None = None) -> None:
        frame: dict[str, Any] = {"type": "push", "env": b64(env)}
        if client_id is not None:
            frame["id"] = client_id
        await self.send(frame)

    async def recv(self, timeout: float = RECV_TIMEOUT_S) -> dict[str, Any]:
        async with asyncio.timeout(timeout):
            frame: dict[str, Any] = json.loads(await self.ws.recv())
        return frame

    async def recv_type(self, kind: str, timeout: float = RECV_TIMEOUT_S) -> dict[str, Any]:
        """The next frame of type ``kind``, failing on an error frame."""
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.recv()
                if frame["type"] == kind:
                    return frame
                assert frame["type"] != "error", frame

    async def push_and_ack(self, env: bytes) -> int:
        await self.push(env)
        ack = await self.recv_type("ack")
        return int(ack["seq"])

    async def replay(self, count: int) -> list[tuple[int, bytes]]:
        """``count`` msg frames as (seq, env)."""
        out = []
        for _ in range(count):
            frame = await self.recv_type("msg")
            out.append((int(frame["seq"]), unb64(frame["env"])))
        return out

    async def closed_with(self, timeout: float = RECV_TIMEOUT_S) -> tuple[int | None, list[Any]]:
        """Read until the relay closes; return the close code and the frames seen before."""
        seen = []
        async with asyncio.timeout(timeout):
            try:
                while True:
                    seen.append(json.loads(await self.ws.recv()))
            except ConnectionClosed as e:
                return (e.rcvd.code if e.rcvd else None), seen

    async def no_frame_within(self, seconds: float) -> bool:
        try:
            async with asyncio.timeout(seconds):
                await self.ws.recv()
        except TimeoutError:
            return True
        return False

    async def close(self) -> None:
        await self.ws.close()


@pytest.fixture(scope="session", params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass
class RelayFactory:
    backend: str
    tmp_path: Path
    redis: RedisServer | None
    own_db: bool = True
    started: list[RelayProcess] = field(default_factory=list)

    def __call__(
        self, *limits: str, start: bool = True, store_url: str | None = None
    ) -> RelayProcess:
        index = len(self.started)
        data_dir = self.tmp_path / f"relay-{index}"
        data_dir.mkdir(parents=True, exist_ok=True)
        if self.backend == "sqlite":
            store_url = f"sqlite:///{data_dir / 'relay.db'}"
        else:
            assert self.redis is not None
            db = self.redis.fresh_db() if self.own_db else 0
            store_url = store_url or self.redis.url(db)
            data_dir = self.redis.data_dir
        relay = RelayProcess(
            backend=self.backend,
            store_url=store_url,
            data_dir=data_dir,
            log_path=self.tmp_path / f"relay-{index}.log",
            limits=[*TEST_LIMITS, *limits],
        )
        self.started.append(relay)
        if start:
            relay.start()
        return relay


@contextlib.contextmanager
def _relay_factory(
    backend: str, request: pytest.FixtureRequest, own_db: bool
) -> Iterator[RelayFactory]:
    redis_server = request.getfixturevalue("redis_server") if backend == "redis" else None
    # Our own temp dir: pytest prunes old base temp dirs, and other test runs share them.
    with tempfile.TemporaryDirectory(prefix="relay-test-") as tmp:
        factory = RelayFactory(backend, Path(tmp), redis_server, own_db)
        try:
            yield factory
        finally:
            for relay in factory.started:
                relay.stop()
            # Shown by pytest only when the test failed.
            for relay in factory.started:
                if relay.log_path.exists():
                    sys.stderr.write(f"--- {relay.log_path.name} ---\n{relay.log_text()}\n")


@pytest.fixture
def make_relay(backend: str, request: pytest.FixtureRequest) -> Iterator[RelayFactory]:
    """Starts relays of the test's own (restartable, killable, with their own limits)."""
    with _relay_factory(backend, request, own_db=True) as factory:
        yield factory


@pytest.fixture(scope="session")
def relay(backend: str, request: pytest.FixtureRequest) -> Iterator[RelayProcess]:
    """One relay per backend shared by the tests that neither restart it nor change limits.

    Tests using it create their own documents, so they cannot see each other's data.
    """
    with _relay_factory(backend, request, own_db=False) as factory:
        yield factory()


@contextlib.contextmanager
def running_relay() -> Iterator[RelayProcess]:
    """A real ``python -m relay serve`` on 127.0.0.1 with the SQLite store, stopped after."""
    with tempfile.TemporaryDirectory(prefix="app-relay-") as tmp:
        data = Path(tmp)
        relay = RelayProcess(
            backend="sqlite",
            store_url=f"sqlite:///{data / 'relay.db'}",
            data_dir=data,
            log_path=data / "relay.log",
            limits=list(TEST_LIMITS),
        )
        relay.start()
        try:
            yield relay
        finally:
            relay.stop()
