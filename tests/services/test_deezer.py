"""Deezer against its fake: public playlists without sign-in, the app sign-in through the
loopback helper, Favourites, checksums, and Deezer's "HTTP 200 + error code 4"."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from app.core.service_kinds import Credentials
from app.core.syncing import Services
from domain import Playlist
from store import Library
from store.export import iter_saved, playlist_by_id
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.deezer import EDITORIAL, USER_ID, FakeDeezer
from tests.services.support import MemorySecrets


@pytest.fixture
def deezer() -> Iterator[FakeDeezer]:
    server = FakeDeezer().start()
    yield server
    server.stop()


@pytest.fixture
def dz_services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, deezer: FakeDeezer
) -> Services:
    return Services(library, secrets, clock, deezer.environ)


def _connect_public(services: Services) -> None:
    services.grant("deezer", "import")
    services.connect("deezer", client_id=None, credentials=Credentials(user=str(USER_ID)))


def _connect_app(services: Services, deezer: FakeDeezer) -> None:
    services.grant("deezer", "import")
    services.connect(
        "deezer",
        client_id=deezer.app_id,
        credentials=Credentials(secret=deezer.secret),
        open_browser=open_in_thread,
        timeout=10,
    )


def _playlist(services: Services, name: str) -> Playlist:
    (row,) = services.library.playlists.find(name)
    return playlist_by_id(services.library, row.id)


def test_public_playlists_sync_without_any_sign_in(
    dz_services: Services, deezer: FakeDeezer, secrets: MemorySecrets
) -> None:
    _connect_public(dz_services)
    report = dz_services.sync()
    assert [(j.stream, j.status) for j in report.jobs] == [("playlists", "done")]
    assert secrets.values == {}
    assert not any("access_token" in r.query for r in deezer.requests)
    lounge = _playlist(dz_services, "Lounge Soirée")
    first = lounge.entries[0]
    assert first.track.duration_ms == 222_000  # seconds on the wire
    assert first.added_at is None  # time_add 0 in an editorial playlist
    assert first.track.isrc is None  # lists carry none
    assert len(lounge.entries) == 25
    assert dz_services.library.status()["by_service"]["deezer"]["playlists"] == 2  # public only


def test_an_unchanged_checksum_skips_the_playlist(
    dz_services: Services, deezer: FakeDeezer
) -> None:
    _connect_public(dz_services)
    dz_services.sync()
    deezer.requests.clear()
    dz_services.sync()
    assert not [p for p in deezer.api_requests() if p.startswith("/playlist/")]
    deezer.entries[EDITORIAL].pop(0)
    deezer.requests.clear()
    dz_services.sync()
    assert [p for p in deezer.api_requests() if p.startswith("/playlist/")] == [
        f"/playlist/{EDITORIAL}/tracks"
    ]
    assert len(dz_services.accounts.open_removals("deezer")) == 1


def test_the_app_sign_in_reads_favourites_and_private_playlists(
    dz_services: Services,
    deezer: FakeDeezer,
    secrets: MemorySecrets,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _connect_app(dz_services, deezer)
    (token,) = deezer.tokens
    assert token in secrets.values.values()
    report = dz_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    saved = [s for s in iter_saved(dz_services.library) if s.service == "deezer"]
    assert len(saved) == 3
    assert all(s.added_at is not None for s in saved)
    assert _playlist(dz_services, "Private mix").entries
    assert token not in caplog.text
    assert deezer.secret not in caplog.text


def test_error_code_4_in_a_200_is_a_short_wait_then_success(
    dz_services: Services, deezer: FakeDeezer, clock: FakeClock
) -> None:
    _connect_public(dz_services)
    deezer.rate_limit_next(1)
    report = dz_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert 5.0 in clock.sleeps  # Deezer's penalty, slept on the injected clock


def test_persistent_error_code_4_parks_the_job_as_rate_limited(
    dz_services: Services, deezer: FakeDeezer, clock: FakeClock
) -> None:
    _connect_public(dz_services)
    deezer.rate_limit_next(20)
    report = dz_services.sync()
    assert [(j.status, j.reason) for j in report.jobs] == [("parked", "rate_limited")]
    assert report.accounts[0].state == "paused"
    assert max(clock.sleeps) <= 60


def test_an_invalid_token_means_reconnect_needed(dz_services: Services, deezer: FakeDeezer) -> None:
    _connect_app(dz_services, deezer)
    deezer.tokens.clear()
    deezer.requests.clear()
    report = dz_services.sync()
    assert {(j.status, j.reason) for j in report.jobs} == {("parked", "needs_sign_in")}
    assert len(deezer.requests) == 1
