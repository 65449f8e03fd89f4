"""The dates of Takeout's HTML activity pages, which are written in the account's language.

``Sep 24, 2025, 10:59:15 PM GMT+05:30`` (English, with a narrow no-break space before PM),
``24.09.2025, 22:59:15 MESZ`` (German), ``24 sept. 2025, 22:59:15 UTC+2`` (French), … The
parser finds the parts (month name or number, day, year, time, AM/PM, zone) instead of matching
one pattern per language.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_MONTHS = {
    **dict.fromkeys(("jan", "janv", "januar", "janvier", "ene", "enero", "gen", "jänner"), 1),
    **dict.fromkeys(("feb", "févr", "fevr", "fev", "februar", "février", "febrero"), 2),
    **dict.fromkeys(("mar", "mär", "märz", "mrt", "mars", "marzo", "março"), 3),
    **dict.fromkeys(("apr", "avr", "abr", "april", "avril", "abril", "aprile"), 4),
    **dict.fromkeys(("may", "mai", "mei", "mag", "mayo", "maggio", "maio"), 5),
    **dict.fromkeys(("jun", "juin", "giu", "juni", "junio", "giugno", "junho"), 6),
    **dict.fromkeys(("jul", "juil", "lug", "juli", "julio", "luglio", "julho"), 7),
    **dict.fromkeys(("aug", "août", "aout", "ago", "august", "agosto"), 8),
    **dict.fromkeys(("sep", "sept", "set", "september", "septembre", "septiembre"), 9),
    **dict.fromkeys(("oct", "okt", "out", "ott", "oktober", "octobre", "octubre", "ottobre"), 10),
    **dict.fromkeys(("nov", "november", "novembre", "noviembre", "novembro"), 11),
    **dict.fromkeys(("dec", "dez", "déc", "dic", "dezember", "décembre", "diciembre"), 12),
}
#: Zone abbreviations Takeout writes instead of an offset.
_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "wet": 0,
    "bst": 60,
    "ist": 330,
    "cet": 60,
    "mez": 60,
    "cest": 120,
    "mesz": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "jst": 540,
    "kst": 540,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "aest": 600,
    "aedt": 660,
}
_OFFSET = re.compile(r"(?:gmt|utc)\s*(?P<sign>[+-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$")
_TIME = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?")
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")


def parse_activity_date(text: str) -> datetime:
    """The UTC time of a Takeout activity date in any of the languages above."""
    value = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split()).casefold()
    value, offset = _zone(value)
    time = _TIME.search(value)
    if time is None:
        raise ValueError(f"no time of day in {text!r}")
    hour = int(time["h"])
    if time["ampm"]:
        hour = hour % 12 + (12 if time["ampm"].startswith("p") else 0)
    day_part = value[: time.start()] + " " + value[time.end() :]
    year, month, day = _date(day_part, text)
    local = datetime(year, month, day, hour, int(time["m"]), int(time["s"] or 0))
    return local.replace(tzinfo=timezone(offset)).astimezone(UTC)


def _zone(value: str) -> tuple[str, timedelta]:
    match = _OFFSET.search(value)
    if match:
        minutes = int(match["h"]) * 60 + int(match["m"] or 0)
        sign = -1 if match["sign"] in "-−" else 1
        return value[: match.start()].strip(), timedelta(minutes=sign * minutes)
    last = value.rsplit(" ", 1)
    if len(last) == 2 and last[1] in _ZONES:
        return last[0], timedelta(minutes=_ZONES[last[1]])
    if value.endswith(("gmt", "utc")):
        return value[:-3].strip(), timedelta(0)
    raise ValueError(f"unknown time zone in {value!r}")


def _date(part: str, original: str) -> tuple[int, int, int]:
    names = [_MONTHS[w.rstrip(".")] for w in _WORD.findall(part) if w.rstrip(".") in _MONTHS]
    numbers = [int(n) for n in _NUMBER.findall(part)]
    years = [n for n in numbers if n > 999]
    if len(years) != 1:
        raise ValueError(f"no year in {original!r}")
    year = years[0]
    rest = [n for n in numbers if n <= 999]
    if names and len(rest) == 1:
        return year, names[0], rest[0]
    if not names and len(rest) == 2:
        year_first = numbers[0] == year
        # Numeric dates are day-first, except year-first ones (2025/09/24).
        month, day = (rest[0], rest[1]) if year_first else (rest[1], rest[0])
        return year, month, day
    raise ValueError(f"unreadable date {original!r}")
