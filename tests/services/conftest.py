"""Live-service tests: fake servers on 127.0.0.1 and a guard that nothing else is reached."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.core.service_kinds import Credentials
from app.core.syncing import Services
from store import Library, Profile, open_library
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.spotify import FakeSpotify
from tests.fakes.youtube import FakeYouTube
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


# -- YouTube Music as a transfer target (tests that need other data define their own) ---------
@pytest.fixture
def yt() -> Iterator[FakeYouTube]:
    server = FakeYouTube().start()
    server.add_videos(0, 12)
    yield server
    server.stop()


@pytest.fixture
def yt_clock() -> FakeClock:
    """12:00 in Los Angeles (PST) on 25 November 2026: the quota day ends 8 hours later."""
    return FakeClock(datetime(2026, 11, 25, 20, 0, tzinfo=UTC).timestamp())


@pytest.fixture
def yt_services(
    library: Library, secrets: MemorySecrets, yt_clock: FakeClock, yt: FakeYouTube
) -> Services:
    """Signed in to the fake YouTube with import and write-back consent."""
    services = Services(library, secrets, yt_clock, yt.environ)
    services.grant("youtube_music", "import")
    services.grant("youtube_music", "write_back")
    services.connect(
        "youtube_music",
        client_id=yt.client_id,
        credentials=Credentials(secret=yt.client_secret),
        open_browser=open_in_thread,
        timeout=10,
    )
    return services
