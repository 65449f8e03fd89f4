"""A daily unit quota (YouTube Data API v3): every call is charged before it is sent.

YouTube does not count requests but *units*: a list call costs 1, an insert 50, a search 100,
and a project gets 10,000 a day, reset at midnight Pacific time (services.md, "YouTube Music").
Google charges a call even when it fails, so the units are booked before the request goes out.
When the next call would go over the budget, nothing is sent: ``QuotaExhausted`` carries the
next Pacific midnight and the scheduler parks the job until then. A 403 ``quotaExceeded`` (the
project's quota was also spent elsewhere) marks the day as used up, so a restart does not try
again before midnight either.

The ledger itself lives in the store (``QuotaBook``); this module never imports the store, and
keeps no state of its own beyond the instance, so two processes charging one library stay
within the budget together (the book checks and books in one transaction).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from connectors._jobs._clock import Clock, as_datetime
from connectors.errors import QuotaExhausted

PACIFIC = ZoneInfo("America/Los_Angeles")
DEFAULT_DAILY_UNITS = 10_000
BUCKET = "units"


class QuotaBook(Protocol):
    """Where the units spent per day are kept (``store.quota.QuotaLedger`` in the app)."""

    def charge(self, service: str, day: str, bucket: str, units: int, budget: int) -> bool:
        """Book ``units`` unless that would take the day past ``budget``; True when booked."""
        ...

    def spent(self, service: str, day: str, bucket: str) -> int: ...

    def use_up(self, service: str, day: str, bucket: str, budget: int) -> None:
        """The service says the day's quota is gone: record the whole budget as spent."""
        ...


def pacific_day(moment: datetime) -> str:
    """The Pacific-time date of ``moment`` (``2026-11-25``): the quota's day."""
    return moment.astimezone(PACIFIC).date().isoformat()


def next_pacific_midnight(moment: datetime) -> datetime:
    """The next midnight in Los Angeles after ``moment`` (DST-aware), as an aware datetime."""
    local = moment.astimezone(PACIFIC)
    tomorrow = local.date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=PACIFIC)


class DailyQuota:
    def __init__(
        self,
        service: str,
        book: QuotaBook,
        clock: Clock,
        *,
        budget: int = DEFAULT_DAILY_UNITS,
    ) -> None:
        self.service = service
        self.budget = budget
        self._book = book
        self._clock = clock

    def _today(self) -> tuple[str, datetime]:
        now = as_datetime(self._clock.now())
        return pacific_day(now), next_pacific_midnight(now)

    def charge(self, units: int) -> None:
        """Book ``units`` for the call about to be sent, or raise ``QuotaExhausted``."""
        day, reset = self._today()
        if not self._book.charge(self.service, day, BUCKET, units, self.budget):
            raise QuotaExhausted(self.service, reset.timestamp())

    def exhausted(self) -> QuotaExhausted:
        """The service answered ``quotaExceeded``: the rest of the day is gone."""
        day, reset = self._today()
        self._book.use_up(self.service, day, BUCKET, self.budget)
        return QuotaExhausted(self.service, reset.timestamp())

    def spent_today(self) -> int:
        day, _ = self._today()
        return self._book.spent(self.service, day, BUCKET)
