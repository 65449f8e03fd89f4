"""Per-service rate governors: stay inside the documented budget, slow down when told to.

Like MusicBrainz Picard's per-host control, this borrows from TCP congestion control: every
429/503 doubles an extra delay between requests (multiplicative increase), every success takes
a little off it again (additive decrease), so a struggling service gets breathing room at once
and the speed comes back gradually. ``Retry-After`` (and ``X-RateLimit-Reset-In`` when the
remaining budget is 0) blocks the service until that moment; whether that wait is slept off or
the job parked is the gate's decision, not the governor's.

State lives in the instance (one per service per process), never in the module.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from connectors._jobs._clock import Clock


@dataclass(frozen=True, slots=True)
class Budget:
    """At most ``requests`` requests per ``per_seconds`` (a sliding window)."""

    requests: int
    per_seconds: float
    #: Ceiling of the adaptive delay between requests after 429/503 answers.
    max_delay: float = 30.0
    #: What a "slow down" without a Retry-After costs (Deezer's error 4, Last.fm's 29).
    default_penalty: float = 5.0


#: Budgets from shared/docs/services.md; where a service publishes none we stay modest and let
#: the adaptive delay find the rest.
BUDGETS: dict[str, Budget] = {
    # Spotify: a rolling 30-second window whose size is not published.
    "spotify": Budget(requests=150, per_seconds=30.0),
    # Deezer: 50 requests per 5 seconds (documented); error 4 means we went over.
    "deezer": Budget(requests=50, per_seconds=5.0, default_penalty=5.0),
    # Last.fm: about 5 requests per second; error 29 means we went over.
    "lastfm": Budget(requests=5, per_seconds=1.0, default_penalty=10.0),
    # ListenBrainz: the real budget comes in X-RateLimit-* headers; this is a floor.
    "listenbrainz": Budget(requests=30, per_seconds=10.0),
    # YouTube Data API: the daily unit quota is the real limit (see the quota ledger).
    "youtube_music": Budget(requests=10, per_seconds=1.0),
    # Apple Music publishes no limit: stay well below what apps are seen to get away with, and
    # let a 429 without Retry-After cost 10 s.
    "apple_music": Budget(requests=10, per_seconds=1.0, default_penalty=10.0),
}

_DECREASE_STEP = 0.25  # seconds taken off the adaptive delay per success
_FIRST_DELAY = 0.5  # the adaptive delay after the first 429/503


class RateGovernor:
    """How long to wait before the next request to one service."""

    def __init__(
        self,
        budget: Budget,
        clock: Clock,
        *,
        blocked_until: float | None = None,
        delay: float = 0.0,
    ) -> None:
        self.budget = budget
        self._clock = clock
        self._sent: deque[float] = deque()
        self.blocked_until = blocked_until
        self.delay = delay

    def wait_time(self) -> float:
        """Seconds until a request may be sent (0 when it may go now)."""
        now = self._clock.now()
        waits = [0.0]
        if self.blocked_until is not None:
            waits.append(self.blocked_until - now)
        while self._sent and self._sent[0] <= now - self.budget.per_seconds:
            self._sent.popleft()
        if len(self._sent) >= self.budget.requests:
            waits.append(self._sent[0] + self.budget.per_seconds - now)
        if self._sent and self.delay > 0:
            waits.append(self._sent[-1] + self.delay - now)
        return max(waits)

    def sent(self) -> None:
        """Record that a request is going out now."""
        self._sent.append(self._clock.now())

    def succeeded(self) -> None:
        self.delay = max(0.0, self.delay - _DECREASE_STEP)
        if self.blocked_until is not None and self.blocked_until <= self._clock.now():
            self.blocked_until = None

    def slow_down(self, retry_after: float | None) -> float:
        """A 429/503 (or an in-body "too many requests"). Returns the seconds to stay away."""
        self.delay = min(self.budget.max_delay, max(_FIRST_DELAY, self.delay * 2))
        wait = retry_after if retry_after is not None else self.budget.default_penalty
        self.block_for(wait)
        return wait

    def block_for(self, seconds: float) -> None:
        until = self._clock.now() + max(0.0, seconds)
        self.blocked_until = max(until, self.blocked_until or until)

    def observe_remaining(self, remaining: int | None, reset_in: float | None) -> None:
        """Budget headers (``X-RateLimit-Remaining`` / ``-Reset-In``): stop at zero."""
        if remaining is not None and remaining <= 0 and reset_in is not None:
            self.block_for(reset_in)
