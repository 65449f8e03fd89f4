"""``mixtape history``: listening insights over every source (shared/docs/cli.md).

Dates are UTC calendar periods: ``--since 2023`` starts on 1 January 2023, ``--until 2023-06``
includes all of June 2023, ``--until 2023-06-15`` all of that day.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, get_args

import typer
from rich.table import Table

from app.cli import _context as ctx
from app.cli._context import CliError, emit, open_profile_library
from store.insights import (
    Period,
    SeriesKind,
    SeriesPoint,
    ServiceOverlap,
    TopEntry,
    TopKind,
    library_overlap,
    series,
    top,
    totals,
)
from store.rows import iso

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def period_bound(text: str, *, end: bool, option: str) -> int:
    """The start (``end=False``) or the end (exclusive) of the UTC period ``text`` names, in ms.

    ``text`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else is a ``CliError``.
    """
    match = _DATE.match(text.strip())
    if match is None:
        raise CliError(f"{option} {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        start = datetime(year, month or 1, day or 1, tzinfo=UTC)
        if not end:
            moment = start
        elif day is not None:
            moment = datetime.fromordinal(start.toordinal() + 1).replace(tzinfo=UTC)
        elif month is not None:
            moment = start.replace(year=year + month // 12, month=month % 12 + 1)
        else:
            moment = start.replace(year=year + 1)
    except (ValueError, OverflowError) as e:
        raise CliError(f"{option} {text!r}: not a date ({e})") from e
    return int(moment.timestamp()) * 1000


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise CliError(f"{option} {value!r}: choose one of {', '.join(allowed)}")
    return value


def history(
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (YYYY, YYYY-MM, YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to the end of this date (same forms).")
    ] = None,
    top_kind: Annotated[
        str, typer.Option("--top", help="Top list of tracks, artists or albums.")
    ] = "tracks",
    by: Annotated[str, typer.Option("--by", help="Series by month or by service.")] = "month",
    limit: Annotated[int, typer.Option("-n", "--limit", min=1, max=1000)] = 10,
) -> None:
    """Listening insights over all sources: totals, top list, series and library overlap.

    A play reported by several sources counts once. Top lists count music only (no podcasts or
    audiobooks); totals and series count everything.
    """
    kind: TopKind = _choice(top_kind, get_args(TopKind), "--top")  # type: ignore[assignment]
    bucket: SeriesKind = _choice(by, get_args(SeriesKind), "--by")  # type: ignore[assignment]
    period = Period(
        None if since is None else period_bound(since, end=False, option="--since"),
        None if until is None else period_bound(until, end=True, option="--until"),
    )
    if period.since is not None and period.until is not None and period.since >= period.until:
        raise CliError(f"--since {since} is after --until {until}")
    with open_profile_library() as lib, lib.read() as db:
        total = totals(db, period)
        entries = top(db, kind, period, limit)
        points = series(db, bucket, period)
        overlap = library_overlap(db)
    doc: dict[str, Any] = {
        "since": iso(period.since),
        "until": iso(period.until),
        "listens": total.listens,
        "ms_played": total.ms_played,
        "top_kind": kind,
        "top": [_entry_json(e) for e in entries],
        "by": bucket,
        "series": [_point_json(p) for p in points],
        "overlap": [_overlap_json(o) for o in overlap],
    }
    emit(doc, lambda: _show(doc, kind, bucket, entries, points, overlap))


def _entry_json(entry: TopEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "listens": entry.listens,
        "ms_played": entry.ms_played,
        "title": entry.title,
        "artists": list(entry.artists),
        "services": list(entry.services),
    }


def _point_json(point: SeriesPoint) -> dict[str, Any]:
    return {
        "bucket": point.bucket,
        "listens": point.listens,
        "ms_played": point.ms_played,
        "by_service": {
            s: {"listens": t.listens, "ms_played": t.ms_played} for s, t in point.by_service.items()
        },
    }


def _overlap_json(overlap: ServiceOverlap) -> dict[str, Any]:
    return {
        "service": overlap.service,
        "recordings": overlap.recordings,
        "shared_with": overlap.shared_with,
        "on_any_other": overlap.on_any_other,
    }


def _hours(ms: int) -> str:
    minutes = round(ms / 60_000)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _show(
    doc: dict[str, Any],
    kind: str,
    by: str,
    entries: list[TopEntry],
    points: list[SeriesPoint],
    overlap: list[ServiceOverlap],
) -> None:
    out = ctx.out
    if not doc["listens"]:
        out.print("No listens in this period. Import a listening history with `mixtape import`.")
    else:
        out.print(f"{doc['listens']:,} listens, {_hours(doc['ms_played'])} of listening")
        table = Table("#", kind[:-1], "listens", "time", "services", box=None)
        for n, e in enumerate(entries, 1):
            table.add_row(
                str(n), e.name, f"{e.listens:,}", _hours(e.ms_played), ", ".join(e.services)
            )
        out.print(table)
        sources = sorted({s for p in points for s in p.by_service})
        series_table = Table(by, "listens", "time", *sources, box=None)
        for p in points:
            per_source = [
                _hours(p.by_service[s].ms_played) if s in p.by_service else "" for s in sources
            ]
            series_table.add_row(p.bucket, f"{p.listens:,}", _hours(p.ms_played), *per_source)
        out.print(series_table)
    if overlap:
        others = [o.service for o in overlap]
        overlap_table = Table("library", "songs", "on another service", *others, box=None)
        for o in overlap:
            shares = [str(o.shared_with[s]) if s in o.shared_with else "—" for s in others]
            elsewhere = (
                f"{o.on_any_other} ({o.on_any_other / o.recordings:.0%})" if o.recordings else "0"
            )
            overlap_table.add_row(o.service, str(o.recordings), elsewhere, *shares)
        out.print(overlap_table)


def register(app: typer.Typer) -> None:
    app.command()(history)
