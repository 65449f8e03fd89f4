"""The scheduler, rate governor and circuit breaker on a fake clock (no HTTP)."""

from __future__ import annotations

import pytest

from connectors._jobs import Budget, CircuitBreaker, RateGovernor, Scheduler, ServiceGate
from connectors.errors import CircuitOpen, RateLimited, Transient
from domain.jobs import Job
from tests.fakes.clock import FakeClock


def test_one_parked_service_never_blocks_another() -> None:
    clock = FakeClock()
    ran: list[str] = []

    def handle(job: Job) -> None:
        ran.append(f"{job.service}:{job.stream}")
        if job.service == "spotify":
            raise RateLimited("spotify", clock.now() + 86_400, 86_400)

    jobs = [
        Job("spotify", "me", "sync", "saved_tracks"),
        Job("spotify", "me", "sync", "playlists"),
        Job("deezer", "me", "sync", "playlists"),
        Job("deezer", "me", "sync", "saved_tracks"),
    ]
    Scheduler(clock, {"sync": handle}, lambda job: None).run(jobs)
    assert [(j.service, j.status) for j in jobs] == [
        ("spotify", "parked"),
        ("spotify", "parked"),  # parked with the first one, never run
        ("deezer", "done"),
        ("deezer", "done"),
    ]
    assert "spotify:playlists" not in ran
    assert clock.sleeps == []


def test_transient_failures_are_retried_then_fail() -> None:
    clock = FakeClock()

    def handle(job: Job) -> None:
        raise Transient("spotify", "server error 500")

    (job,) = Scheduler(clock, {"sync": handle}, lambda j: None).run(
        [Job("spotify", "me", "sync", "playlists")]
    )
    assert job.status == "failed"
    assert job.attempts == 5


def test_the_governor_keeps_to_the_budget_window() -> None:
    clock = FakeClock()
    governor = RateGovernor(Budget(requests=3, per_seconds=10), clock)
    for _ in range(3):
        assert governor.wait_time() == 0
        governor.sent()
    assert governor.wait_time() == pytest.approx(10)
    clock.advance(10)
    assert governor.wait_time() == 0


def test_the_governor_slows_down_on_429_and_recovers_gradually() -> None:
    clock = FakeClock()
    governor = RateGovernor(Budget(100, 1), clock)
    governor.sent()
    governor.slow_down(None)
    governor.slow_down(None)
    assert governor.delay == 1.0  # 0.5 then doubled
    for _ in range(4):
        governor.succeeded()
    assert governor.delay == 0.0


def test_rate_limit_headers_at_zero_block_until_the_reset() -> None:
    clock = FakeClock()
    governor = RateGovernor(Budget(100, 1), clock)
    governor.observe_remaining(remaining=0, reset_in=7)
    assert governor.wait_time() == pytest.approx(7)


def test_the_gate_sleeps_short_waits_and_refuses_long_ones() -> None:
    clock = FakeClock()
    gate = ServiceGate("spotify", clock)
    gate.slow_down(2)
    gate.before_request()
    assert clock.sleeps == [2]
    gate.slow_down(3600)
    with pytest.raises(RateLimited) as parked:
        gate.before_request()
    assert parked.value.until == pytest.approx(clock.now() + 3600)


def test_the_breaker_opens_on_failures_and_a_failed_probe_reopens_it_for_longer() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(clock, threshold=3, cooldown=60)
    for _ in range(3):
        assert breaker.refuses_until() is None
        breaker.failed()
    assert breaker.state == "open"
    assert breaker.refuses_until() == pytest.approx(clock.now() + 60)
    clock.advance(60)
    assert breaker.refuses_until() is None
    assert breaker.state == "half_open"
    breaker.failed()
    assert breaker.state == "open"
    assert breaker.refuses_until() == pytest.approx(clock.now() + 120)
    clock.advance(120)
    breaker.refuses_until()
    breaker.succeeded()
    assert breaker.state == "closed"
    assert breaker.failures == 0


def test_the_gate_raises_circuit_open_while_open() -> None:
    clock = FakeClock()
    gate = ServiceGate("spotify", clock)
    for _ in range(3):
        gate.failed()
    with pytest.raises(CircuitOpen):
        gate.before_request()
