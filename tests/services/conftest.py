"""Live-service tests: fake servers on 127.0.0.1 and a guard that nothing else is reached."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.syncing import Services
from store import Library, Profile, open_library
from tests.fakes.clock import FakeClock
from tests.fakes.spotify import FakeSpotify
from tests.services.support import MemorySecrets

LOOPBACK = {"127.0.0.1", "localhost"}


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test whose code reaches anything but 127.0.0.1."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] != "127.0.0.1":
            pytest.fail(f"a test tried to reach {address[0]!r}")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            pytest.fail(f"a test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def fake() -> Iterator[FakeSpotify]:
    server = FakeSpotify().start()
    server.seed_saved(120)
    server.seed_recorded_playlist()
    server.add_playlist("5lp1aylist0000000000ab", "Morning", [server.entry(n) for n in range(3)])
    yield server
    server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def secrets() -> MemorySecrets:
    return MemorySecrets()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(Profile.resolve(tmp_path / "lib"), "correct horse battery staple")
    yield lib
    lib.close()


@pytest.fixture
def services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, fake: FakeSpotify
) -> Services:
    return Services(library, secrets, clock, fake.environ)
