"""One scheduler for every service's jobs.

A job runs until it is done or raises a ``ServiceError``; the scheduler turns that error into
the job's next state:

- ``RateLimited`` / ``QuotaExhausted`` / ``CircuitOpen`` → *parked* until the time the error
  carries, and so is every other queued job of that service (they would only hit the same wall).
  Short waits never get here: the gate sleeps them off.
- ``NeedsReauth`` → every job of the service parked as ``needs_sign_in``, no retry.
- ``Transient`` → back in the queue (the circuit breaker counts these and eventually opens).
- anything else → *failed* with the error's message.

Jobs run one at a time, taking services in turn, so a parked or slow service never holds up
another. Every state change goes through ``persist`` so a crash loses nothing; on start-up
``recover`` puts jobs a crash left *running* back in the queue. Jobs must be idempotent (they
resume from their checkpoints), which is what makes re-running them safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from connectors._jobs._clock import Clock, as_datetime
from connectors.errors import (
    CircuitOpen,
    NeedsReauth,
    QuotaExhausted,
    RateLimited,
    ServiceError,
    Transient,
)
from domain.jobs import Job

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job], None]
MAX_ATTEMPTS = 5


def recover(jobs: Iterable[Job], now: datetime) -> list[Job]:
    """After a crash: *running* jobs go back to the queue; parked jobs whose time has come too.

    Jobs parked for a sign-in stay parked until the user reconnects.
    """
    changed = []
    for job in jobs:
        due = job.status == "parked" and job.not_before is not None and job.not_before <= now
        if job.status == "running" or due:
            job.status = "queued"
            job.not_before = None
            job.reason = None
            changed.append(job)
    return changed


class Scheduler:
    def __init__(
        self,
        clock: Clock,
        handlers: Mapping[str, JobHandler],
        persist: Callable[[Job], None],
    ) -> None:
        self._clock = clock
        self._handlers = handlers
        self._persist = persist

    def run(self, jobs: list[Job]) -> list[Job]:
        """Run every runnable job; return when each is done, failed, cancelled or parked."""
        for job in recover(jobs, as_datetime(self._clock.now())):
            self._persist(job)
        while True:
            runnable = [j for j in jobs if j.status == "queued"]
            if not runnable:
                return jobs
            for job in _one_per_service(runnable):
                if job.status == "queued":  # an earlier job of the round may have parked it
                    self._run_one(job, jobs)

    def _run_one(self, job: Job, jobs: list[Job]) -> None:
        handler = self._handlers.get(job.kind)
        if handler is None:
            self._finish(job, "failed", f"no handler for job kind {job.kind!r}")
            return
        job.status = "running"
        job.attempts += 1
        self._persist(job)
        try:
            handler(job)
        except (RateLimited, QuotaExhausted, CircuitOpen) as e:
            reason = {
                RateLimited: "rate_limited",
                QuotaExhausted: "quota_used",
                CircuitOpen: "circuit_open",
            }[type(e)]
            self._park_service(job.service, jobs, reason, e.until)
        except NeedsReauth:
            self._park_service(job.service, jobs, "needs_sign_in", None)
        except Transient as e:
            if job.attempts >= MAX_ATTEMPTS:
                self._finish(job, "failed", str(e))
            else:
                job.status = "queued"
                job.last_error = str(e)
                self._persist(job)
        except ServiceError as e:
            self._finish(job, "failed", str(e))
        else:
            job.attempts = 0
            self._finish(job, "done", None)

    def _park_service(
        self, service: str, jobs: list[Job], reason: str, until: float | None
    ) -> None:
        not_before = None if until is None else as_datetime(until)
        for other in jobs:
            if other.service == service and other.status in ("queued", "running"):
                other.status = "parked"
                other.reason = reason
                other.not_before = not_before
                self._persist(other)
        logger.info(
            "%s paused (%s)%s",
            service,
            reason,
            "" if until is None else f" for {until - self._clock.now():.0f} s",
        )

    def _finish(self, job: Job, status: str, error: str | None) -> None:
        job.status = "done" if status == "done" else "failed"
        job.last_error = error
        job.reason = None
        job.not_before = None
        self._persist(job)


def _one_per_service(jobs: list[Job]) -> list[Job]:
    """A round: the first queued job of each service, so services take turns."""
    seen: dict[str, Job] = {}
    for job in jobs:
        seen.setdefault(job.service, job)
    return list(seen.values())
