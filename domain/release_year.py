"""A release year from whatever a source gives: ``1994``, ``"1994"``, ``"1994-03-08"``."""

from __future__ import annotations

#: Years outside this range are typos or placeholders (Deezer sends "0000-00-00").
_EARLIEST, _LATEST = 1860, 2100


def release_year(value: object) -> int | None:
    """The year of a release date or year value, or ``None`` when there is no plausible one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        year = value
    else:
        text = str(value).strip()[:4]
        if len(text) != 4 or not text.isdigit():
            return None
        year = int(text)
    return year if _EARLIEST <= year <= _LATEST else None
