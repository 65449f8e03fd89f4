"""A circuit breaker per service: stop calling a service that keeps failing.

Only failures that say "the service is down" count: 5xx answers, timeouts and dropped
connections. 4xx answers (including 429, which the rate governor handles) prove the service is
up. After ``threshold`` failures in a row the circuit opens: calls are refused until the
cool-down ends. Then one probe is let through (half-open): success closes the circuit, failure
opens it again for a longer cool-down.

    closed ──threshold failures──▶ open ──cool-down over──▶ half_open ──probe ok──▶ closed
                                     ▲                          │
                                     └──────probe failed────────┘
"""

from __future__ import annotations

from connectors._jobs._clock import Clock
from domain.jobs import BreakerState

DEFAULT_THRESHOLD = 3
DEFAULT_COOLDOWN = 60.0
MAX_COOLDOWN = 3600.0


class CircuitBreaker:
    def __init__(
        self,
        clock: Clock,
        *,
        threshold: int = DEFAULT_THRESHOLD,
        cooldown: float = DEFAULT_COOLDOWN,
        state: BreakerState = "closed",
        failures: int = 0,
        open_until: float | None = None,
    ) -> None:
        self._clock = clock
        self.threshold = threshold
        self.base_cooldown = cooldown
        self.state: BreakerState = state
        self.failures = failures
        self.open_until = open_until
        self._cooldown = cooldown

    def refuses_until(self) -> float | None:
        """``None`` when a call may go (closed, or the half-open probe); else when to retry."""
        if self.state == "open":
            assert self.open_until is not None
            if self._clock.now() < self.open_until:
                return self.open_until
            self.state = "half_open"
        return None

    def succeeded(self) -> None:
        self.state = "closed"
        self.failures = 0
        self.open_until = None
        self._cooldown = self.base_cooldown

    def failed(self) -> None:
        self.failures += 1
        if self.state == "half_open":
            self._cooldown = min(MAX_COOLDOWN, self._cooldown * 2)
            self._open()
        elif self.failures >= self.threshold:
            self._open()

    def _open(self) -> None:
        self.state = "open"
        self.open_until = self._clock.now() + self._cooldown
