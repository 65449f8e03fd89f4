"""Dates and times as exports write them, turned into timezone-aware UTC ``datetime``s.

Each function returns ``None`` for a missing value and raises ``ValueError`` for a value it
cannot read; importers turn that into ``BadExport`` with the record's location.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Seconds between the Mac epoch (1904-01-01) and the Unix epoch (1970-01-01).
MAC_EPOCH_OFFSET = 2_082_844_800
#: Unix times above this are milliseconds: 1e11 seconds is the year 5138.
_MILLISECONDS_FROM = 100_000_000_000
_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_iso(text: str | None) -> datetime | None:
    """An ISO 8601 time (``Z``, offsets, up to nanoseconds); a time without offset is UTC."""
    if text is None or not text.strip():
        return None
    if len(text) == 20 and text[-1] == "Z":  # the common "2023-09-25T12:26:38Z", fast
        return datetime.fromisoformat(text)  # Python 3.11 reads "Z" as UTC
    cleaned = _FRACTION.sub(r"\1", text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    value = datetime.fromisoformat(cleaned)
    return as_utc(value)


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def from_unix(value: float | int | str | None) -> datetime | None:
    """A Unix time in seconds or milliseconds (told apart by size); 0 and blank mean none."""
    if value is None or value == "":
        return None
    number = float(value)
    if number == 0:
        return None
    if abs(number) >= _MILLISECONDS_FROM:
        number /= 1000
    return datetime.fromtimestamp(number, UTC)


def from_mac_epoch(seconds: int, utc_offset: timedelta = timedelta(0)) -> datetime:
    """iTunes' ``Play Date``: seconds since 1904-01-01 in the library's *local* time.

    ``utc_offset`` is the local offset (UTC+3 → ``timedelta(hours=3)``) when it is known.
    """
    return datetime.fromtimestamp(seconds - MAC_EPOCH_OFFSET, UTC) - utc_offset


def parse_local(text: str, fmt: str, zone: str | None = None) -> datetime:
    """``text`` read with ``strptime(fmt)`` as local time in ``zone`` (UTC if unknown)."""
    naive = datetime.strptime(text.strip(), fmt)
    tz = timezone_named(zone)
    return naive.replace(tzinfo=tz).astimezone(UTC)


def timezone_named(zone: str | None) -> tzinfo:
    """The IANA zone ``zone``, or UTC when it is missing or unknown."""
    if not zone:
        return UTC
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def minus_ms(end: datetime, ms: int | None) -> datetime:
    """The start of a play that ended at ``end`` after ``ms`` milliseconds."""
    return end - timedelta(milliseconds=ms or 0)
