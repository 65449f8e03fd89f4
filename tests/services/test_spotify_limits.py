"""Rate limits, circuit breaker, expired and revoked sign-ins, crash recovery, log hygiene."""

from __future__ import annotations

import json
import logging

import pytest

from app.core.syncing import Services
from domain.jobs import Job
from store import Library
from tests.fakes.clock import FakeClock
from tests.fakes.spotify import FakeSpotify
from tests.services.support import MemorySecrets, connect

DAY = 86_400


def _statuses(services: Services) -> dict[str, tuple[str, str | None]]:
    return {j.stream: (j.status, j.reason) for j in services.accounts.unfinished_jobs()}


def test_retry_after_2_is_a_short_wait_then_success(
    services: Services, fake: FakeSpotify, clock: FakeClock
) -> None:
    connect(services, fake)
    fake.fail_next(1, 429, {"Retry-After": "2"}, path="/v1/me/tracks")
    started = clock.now()
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert 2 in clock.sleeps  # slept on the injected clock, not for real
    assert clock.now() - started >= 2
    assert services.library.status()["saved_items"] == 120


def test_retry_after_a_day_makes_exactly_one_request_and_parks_every_job(
    services: Services, fake: FakeSpotify, clock: FakeClock
) -> None:
    connect(services, fake)
    fake.requests.clear()
    fake.fail_next(1, 429, {"Retry-After": str(DAY)})
    report = services.sync()
    assert len(fake.api_requests()) == 1
    assert {(j.status, j.reason) for j in report.jobs} == {("parked", "rate_limited")}
    assert max(clock.sleeps, default=0) <= 60  # nothing slept for a day
    (account,) = report.accounts
    assert account.state == "paused"
    assert account.reason == "rate_limited"
    assert account.paused_until is not None
    assert account.paused_until.timestamp() == pytest.approx(clock.now() + DAY, abs=1)
    # Another sync before the time: still parked, not one request.
    services.sync()
    assert len(fake.api_requests()) == 1
    # A day later the jobs resume and finish.
    clock.advance(DAY + 1)
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert report.accounts[0].state == "ok"


def test_a_parked_job_survives_a_restart(
    library: Library, fake: FakeSpotify, clock: FakeClock, secrets: MemorySecrets
) -> None:
    first = Services(library, secrets, clock, fake.environ)
    connect(first, fake)
    fake.fail_next(1, 429, {"Retry-After": str(DAY)})
    first.sync()
    fake.requests.clear()
    restarted = Services(library, secrets, clock, fake.environ)  # a new process
    restarted.sync()
    assert fake.api_requests() == []
    assert set(_statuses(restarted).values()) == {("parked", "rate_limited")}


def test_jobs_a_crash_left_running_are_resumed(services: Services, fake: FakeSpotify) -> None:
    connect(services, fake)
    crashed = Job("spotify", "wizzler", "sync", "saved_tracks", status="running", attempts=1)
    services.accounts.save_job(crashed, services.now())
    report = services.sync()
    (resumed,) = [j for j in report.jobs if j.id == crashed.id]
    assert resumed.status == "done"
    assert services.library.status()["saved_items"] == 120


def test_5xx_bursts_open_the_breaker_and_a_half_open_probe_closes_it(
    services: Services, fake: FakeSpotify, clock: FakeClock
) -> None:
    connect(services, fake)
    fake.requests.clear()
    fake.fail_next(10, 503)
    report = services.sync()
    assert len(fake.api_requests()) == 3  # the threshold; then the circuit refuses calls
    assert {(j.status, j.reason) for j in report.jobs} == {("parked", "circuit_open")}
    services.sync()  # still open: nothing sent
    assert len(fake.api_requests()) == 3
    fake.faults.clear()
    clock.advance(61)
    report = services.sync()  # half-open: one probe, it succeeds, the circuit closes
    assert {j.status for j in report.jobs} == {"done"}
    assert services.accounts.rate_state("spotify").breaker == "closed"  # type: ignore[union-attr]


def test_4xx_and_429_do_not_open_the_breaker(services: Services, fake: FakeSpotify) -> None:
    connect(services, fake)
    fake.fail_next(5, 429, {"Retry-After": "1"}, path="/v1/me/tracks")
    fake.fail_next(1, 404, path="/v1/me/player")
    report = services.sync()
    statuses = {j.stream: j.status for j in report.jobs}
    assert statuses == {"saved_tracks": "done", "playlists": "done", "recent_plays": "failed"}
    assert services.accounts.rate_state("spotify").breaker == "closed"  # type: ignore[union-attr]


def test_an_expired_access_token_is_refreshed_and_the_rotation_saved(
    services: Services, fake: FakeSpotify, secrets: MemorySecrets
) -> None:
    connect(services, fake)
    name = services.secret_name("spotify")
    before = json.loads(secrets.values[name])["refresh_token"]
    fake.expire_access_tokens()  # the next API call gets a 401
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    after = json.loads(secrets.values[name])["refresh_token"]
    assert after != before
    assert after in fake.refresh_tokens


def test_a_revoked_sign_in_parks_every_job_as_reconnect_needed(
    services: Services, fake: FakeSpotify
) -> None:
    connect(services, fake)
    fake.revoke_refresh_tokens()
    fake.expire_access_tokens()
    refreshes = len(fake.token_requests)
    report = services.sync()
    assert len(fake.token_requests) - refreshes == 1  # no retry loop
    assert {(j.status, j.reason) for j in report.jobs} == {("parked", "needs_sign_in")}
    assert report.accounts[0].state == "needs_sign_in"
    connect(services, fake)  # reconnecting resumes the parked jobs
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}


def test_no_token_or_authorization_header_reaches_the_logs(
    services: Services, fake: FakeSpotify, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    connect(services, fake)
    services.sync()
    fake.expire_access_tokens()
    clock.advance(4000)
    fake.fail_next(1, 429, {"Retry-After": str(DAY)})
    services.sync()
    text = caplog.text
    assert fake.issued
    assert caplog.records
    for token in fake.issued:
        assert token not in text
    assert "Bearer" not in text
    assert "authorization" not in text.lower()
    assert "code=" not in text
    assert "code_verifier" not in text
