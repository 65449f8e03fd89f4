"""Background work against services: jobs, sync checkpoints, removals, rate state.

These are the records the scheduler (``connectors._jobs``) works on and the store persists.
Times are timezone-aware UTC ``datetime`` objects, except the rate state, which keeps the
scheduler clock's epoch seconds because it is only ever compared with that clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

JobStatus = Literal["queued", "running", "done", "parked", "failed", "cancelled"]

#: Why a job is parked; the app turns these into words ("Paused until 14:05 (rate limit)").
ParkReason = Literal[
    "rate_limited", "quota_used", "circuit_open", "needs_sign_in", "offline", "paused"
]

BreakerState = Literal["closed", "open", "half_open"]


@dataclass(slots=True)
class Job:
    """One unit of background work for one service account, e.g. "sync Spotify playlists".

    ``stream`` names what is synced (``saved_tracks``, ``playlists``, ``recent_plays``…).
    A parked job carries a ``reason`` and, where it applies, ``not_before``.
    """

    service: str
    account_id: str
    kind: str
    stream: str
    status: JobStatus = "queued"
    reason: str | None = None
    not_before: datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far the sync of one stream got.

    ``cursor`` resumes a pass that was interrupted (a page offset or a service cursor),
    ``watermark`` is the newest item seen by the last complete pass, ``change_token`` the
    service's "has it changed" token (Spotify ``snapshot_id``, Deezer checksum, an ETag),
    ``total`` the item count the service reported at the end of the last complete pass.
    """

    service: str
    account_id: str
    stream: str
    cursor: str | None = None
    watermark: str | None = None
    change_token: str | None = None
    total: int | None = None
    last_full_scan: datetime | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    """Something that disappeared on the service. Recorded, never silently deleted locally."""

    service: str
    account_id: str
    stream: str
    item_key: str
    detail: str | None
    detected_at: datetime


@dataclass(frozen=True, slots=True)
class RateState:
    """A service's rate governor and circuit breaker, saved so a restart remembers them."""

    service: str
    blocked_until: float | None = None
    delay: float = 0.0
    breaker: BreakerState = "closed"
    failures: int = 0
    open_until: float | None = None
