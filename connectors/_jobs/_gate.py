"""The gate every request to a service passes: circuit breaker, rate governor, short waits.

A wait of up to ``max_inline_wait`` seconds (a minute) is slept off here, on the worker's
clock; anything longer raises ``RateLimited`` so the scheduler parks the job instead of
blocking a worker for hours (Spotify has answered large imports with ``Retry-After: 86400``).
"""

from __future__ import annotations

from connectors._jobs._breaker import CircuitBreaker
from connectors._jobs._clock import Clock
from connectors._jobs._governor import BUDGETS, Budget, RateGovernor
from connectors.errors import CircuitOpen, RateLimited
from domain.jobs import RateState

MAX_INLINE_WAIT = 60.0


class ServiceGate:
    """One per service per process; shared by every job of that service."""

    def __init__(
        self,
        service: str,
        clock: Clock,
        *,
        budget: Budget | None = None,
        state: RateState | None = None,
        max_inline_wait: float = MAX_INLINE_WAIT,
    ) -> None:
        self.service = service
        self.clock = clock
        self.max_inline_wait = max_inline_wait
        state = state or RateState(service)
        self.governor = RateGovernor(
            budget or BUDGETS.get(service, Budget(10, 1.0)),
            clock,
            blocked_until=state.blocked_until,
            delay=state.delay,
        )
        self.breaker = CircuitBreaker(
            clock, state=state.breaker, failures=state.failures, open_until=state.open_until
        )

    def before_request(self) -> None:
        """Wait for the request's turn, or raise ``CircuitOpen`` / ``RateLimited``."""
        refused_until = self.breaker.refuses_until()
        if refused_until is not None:
            raise CircuitOpen(self.service, refused_until)
        wait = self.governor.wait_time()
        if wait > self.max_inline_wait:
            raise RateLimited(self.service, self.clock.now() + wait, wait)
        if wait > 0:
            self.clock.sleep(wait)
        self.governor.sent()

    def answered(self) -> None:
        """The service answered (2xx, or a 4xx other than 429): it is up."""
        self.breaker.succeeded()
        self.governor.succeeded()

    def slow_down(self, retry_after: float | None, *, server_error: bool = False) -> None:
        """429 (or 503 with Retry-After, or an in-body rate-limit error)."""
        self.governor.slow_down(retry_after)
        if server_error:
            self.breaker.failed()

    def failed(self) -> None:
        """5xx, timeout, dropped connection."""
        self.breaker.failed()

    def snapshot(self) -> RateState:
        return RateState(
            service=self.service,
            blocked_until=self.governor.blocked_until,
            delay=self.governor.delay,
            breaker=self.breaker.state,
            failures=self.breaker.failures,
            open_until=self.breaker.open_until,
        )
