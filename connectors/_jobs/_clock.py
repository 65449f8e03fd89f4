"""Time for the scheduler, governors, breakers and token expiry: injectable, so tests move it.

A test that parks a job "for a day" advances a fake clock by a day; nothing really waits.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


def as_datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def as_seconds(moment: datetime) -> float:
    return moment.timestamp()
