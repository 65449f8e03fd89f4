"""Background work against services: clock, rate governors, circuit breakers, the scheduler.

See shared/docs/connectors.md ("Jobs"). Nothing here knows the store: jobs are persisted
through the ``persist`` callback the app passes in.
"""

from connectors._jobs._breaker import CircuitBreaker
from connectors._jobs._clock import Clock, SystemClock, as_datetime, as_seconds
from connectors._jobs._gate import MAX_INLINE_WAIT, ServiceGate
from connectors._jobs._governor import BUDGETS, Budget, RateGovernor
from connectors._jobs._quota import DailyQuota, QuotaBook, next_pacific_midnight, pacific_day
from connectors._jobs._scheduler import JobHandler, Scheduler, recover

__all__ = [
    "BUDGETS",
    "MAX_INLINE_WAIT",
    "Budget",
    "CircuitBreaker",
    "Clock",
    "DailyQuota",
    "JobHandler",
    "QuotaBook",
    "RateGovernor",
    "Scheduler",
    "ServiceGate",
    "SystemClock",
    "as_datetime",
    "as_seconds",
    "next_pacific_midnight",
    "pacific_day",
    "recover",
]
