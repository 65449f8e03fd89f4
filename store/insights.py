"""Listening insights: read-only questions about the merged listening history and libraries.

Every number counts *counted* listens only (``duplicate_of IS NULL``): a play reported by two
sources (Spotify's export and Last.fm, say) is one listen, credited to the source whose report
was imported first. A :class:`Period` is half-open, ``[since, until)``, in milliseconds UTC, and
months are calendar months in UTC.

What is "the same track" across services, for the top lists: two service tracks belong together
when they share a ``recording_id`` *or* a ``match_key`` (normalised title and artists), taken
transitively. Neither alone is enough. The identity pipeline gives every track a recording, but
one shared across services only when it has evidence (an ISRC, a user's merge); Spotify's
extended history and scrobbles carry no ISRC, so by ``recording_id`` alone the same song played
on Spotify and scrobbled to Last.fm would be listed twice. ``match_key`` is the rule the store
already uses to recognise the same play from two sources (``store.importing``), so the top list
agrees with the de-duplication; ``recording_id`` adds what names cannot see (a remaster whose
title differs, a user's merge). The cost is that a user's "these are different" decision does not
split two tracks with the same normalised title and artists; such pairs are rare.

Top lists are about music: they count tracks and local files, not podcast episodes, video
podcasts or audiobook chapters (those still count in the totals and series). A listen of a
track with several artists counts for each of them, so artist totals can add up to more than
the total.

The library overlap is by ``recording_id`` only: it answers "is this song in my library there",
which is the identity pipeline's decision to make.

Speed (``benchmarks/bench_insights.py``, 1,000,000 listens: each query under a second): the
schema-v5 indexes ``listen_played(played_at, source, track_id, ms_played, duplicate_of)`` and
``listen_track(track_id, played_at, …)`` cover every column read here, so no query visits the
listen table itself. Totals and series are range scans of ``listen_played`` with one filtered
aggregate per source (a GROUP BY would sort every row); top lists aggregate per track in index
order before Python sees a row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

from domain.normalize import fold
from store.database import DB
from store.rows import artists_from_json

TopKind = Literal["tracks", "artists", "albums"]
SeriesKind = Literal["month", "service"]

_EARLIEST = -(1 << 62)
_LATEST = 1 << 62
#: A period covering less than this share of the history reads only its own time range.
_SHORT_PERIOD = 0.2
_MUSIC = "('track', 'local')"


@dataclass(frozen=True, slots=True)
class Period:
    """``[since, until)`` in milliseconds since the epoch, UTC; ``None`` is open-ended."""

    since: int | None = None
    until: int | None = None

    def bounds(self) -> tuple[int, int]:
        return (
            _EARLIEST if self.since is None else self.since,
            _LATEST if self.until is None else self.until,
        )


@dataclass(frozen=True, slots=True)
class Tally:
    listens: int
    ms_played: int


@dataclass(frozen=True, slots=True)
class TopEntry:
    """One row of a top list. ``name`` is what to show; the other fields are its parts."""

    name: str
    listens: int
    ms_played: int
    title: str | None = None  # the track or album title (None for an artist)
    artists: tuple[str, ...] = ()
    services: tuple[str, ...] = ()  # sources that reported the counted listens


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One bucket of a series: a month (``"2024-03"``) or a source (``"spotify"``)."""

    bucket: str
    listens: int
    ms_played: int
    by_service: dict[str, Tally] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ServiceOverlap:
    """How much of one service's library (saved tracks and playlist tracks, as recordings)
    is also in the library of each other service."""

    service: str
    recordings: int
    shared_with: dict[str, int]
    on_any_other: int


# -- totals and series ---------------------------------------------------------------------------


def totals(db: DB, period: Period = Period()) -> Tally:
    """Counted listens and milliseconds played in ``period``."""
    row = db.execute(
        """SELECT count(*), coalesce(sum(ms_played), 0) FROM listen
           WHERE played_at >= ? AND played_at < ? AND duplicate_of IS NULL""",
        period.bounds(),
    ).fetchone()
    return Tally(int(row[0]), int(row[1]))


def series(db: DB, by: SeriesKind, period: Period = Period()) -> list[SeriesPoint]:
    """Listening per calendar month (UTC, oldest first, with a per-source breakdown for a
    stacked chart), or per source (by name). Buckets without listens are left out."""
    sources = _sources(db)
    if not sources:
        return []
    if by == "service":
        return [
            SeriesPoint(source, tally.listens, tally.ms_played)
            for source, tally in _by_source(db, sources, *period.bounds()).items()
        ]
    points = []
    for month, since, until in _months(db, period):
        by_source = _by_source(db, sources, since, until)
        if by_source:
            points.append(
                SeriesPoint(
                    month,
                    sum(t.listens for t in by_source.values()),
                    sum(t.ms_played for t in by_source.values()),
                    by_source,
                )
            )
    return points


def _sources(db: DB) -> list[str]:
    """Every listen source, by hopping along the ``listen_natural`` index (one seek each)."""
    rows = db.execute(
        """WITH RECURSIVE s(source) AS (
               SELECT min(source) FROM listen
               UNION ALL
               SELECT (SELECT min(source) FROM listen WHERE source > s.source)
               FROM s WHERE s.source IS NOT NULL)
           SELECT source FROM s WHERE source IS NOT NULL"""
    )
    return [r[0] for r in rows]


def _by_source(db: DB, sources: list[str], since: int, until: int) -> dict[str, Tally]:
    """Counted listens per source in ``[since, until)``: one pass over the ``listen_played``
    index with one filtered aggregate per source (a GROUP BY would sort every row)."""
    columns = ", ".join(
        "count(*) FILTER (WHERE source = ?), coalesce(sum(ms_played) FILTER (WHERE source = ?), 0)"
        for _ in sources
    )
    row = db.execute(
        f"""SELECT {columns} FROM listen
            WHERE played_at >= ? AND played_at < ? AND duplicate_of IS NULL""",
        (*(s for s in sources for _ in range(2)), since, until),
    ).fetchone()
    tallies = {s: Tally(int(row[2 * i]), int(row[2 * i + 1])) for i, s in enumerate(sources)}
    return {s: t for s, t in tallies.items() if t.listens}


def _months(db: DB, period: Period) -> list[tuple[str, int, int]]:
    """(``"YYYY-MM"``, since, until) for each UTC month of ``period`` between the first and the
    last listen of the library."""
    span = _history_span(db)
    if span is None:
        return []
    first, last = span
    since, until = period.bounds()
    start, end = max(since, first), min(until, last + 1)
    moment = datetime.fromtimestamp(start // 1000, UTC)
    year, month = moment.year, moment.month
    months = []
    while (begins := _month_start(year, month)) < end:
        label = f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        months.append((label, max(begins, start), min(_month_start(year, month), end)))
    return months


def _history_span(db: DB) -> tuple[int, int] | None:
    """The first and last ``played_at`` of the library, or ``None`` without listens (two index
    seeks: SQLite optimises a lone ``min()`` or ``max()``, not both in one SELECT)."""
    row = db.execute(
        "SELECT (SELECT min(played_at) FROM listen), (SELECT max(played_at) FROM listen)"
    ).fetchone()
    return None if row[0] is None else (int(row[0]), int(row[1]))


def _month_start(year: int, month: int) -> int:
    return int(datetime(year, month, 1, tzinfo=UTC).timestamp()) * 1000


# -- top lists -----------------------------------------------------------------------------------


def top(db: DB, kind: TopKind, period: Period = Period(), limit: int = 10) -> list[TopEntry]:
    """The ``limit`` most-played tracks, artists or albums of ``period``.

    Ordered by listens, then time played, then name, so ties always come out the same way.
    """
    if kind == "artists":
        entries = _top_artists(db, period)
    elif kind == "albums":
        entries = _top_albums(db, period)
    else:
        entries = _top_tracks(db, period)
    entries.sort(key=lambda e: (-e.listens, -e.ms_played, e.name.casefold(), e.name))
    return entries[:limit]


@dataclass(slots=True)
class _Played:
    """What the listens of one service track in the period add up to."""

    track_id: int
    title: str
    artists: tuple[str, ...]
    album: str | None
    listens: int
    ms_played: int
    services: set[str]


def _per_track(db: DB, period: Period) -> str:
    """SQL for the counted listens of each track in ``period``: (track_id, listens, ms_played,
    sources as "a,b").

    Two plans. A period covering much of the history walks the ``listen_track`` index in track
    order, so GROUP BY needs no sort (the unary ``+`` keeps SQLite from choosing the time index
    instead). A short period reads its own range of the ``listen_played`` index and sorts those
    few rows: much less than the whole index.
    """
    since, until = period.bounds()
    span = _history_span(db)
    short = False
    if span is not None and span[1] > span[0]:
        first, last = span
        covered = min(until, last) - max(since, first)
        short = covered < (last - first) * _SHORT_PERIOD
    time = "played_at" if short else "+played_at"
    return f"""SELECT track_id, count(*) AS listens, coalesce(sum(ms_played), 0) AS ms_played,
                      group_concat(DISTINCT source) AS sources
               FROM listen
               WHERE duplicate_of IS NULL AND {time} >= {since} AND {time} < {until}
               GROUP BY track_id"""


def _played_tracks(db: DB, period: Period) -> list[_Played]:
    """Per music track played in ``period``: its counted listens, time and sources."""
    rows = db.execute(
        f"""SELECT p.track_id, p.listens, p.ms_played, p.sources, t.title, t.artists, t.album
            FROM ({_per_track(db, period)}) AS p
            JOIN service_track t ON t.id = p.track_id
            WHERE t.kind IN {_MUSIC}"""
    )
    return [
        _Played(
            track_id,
            title,
            artists_from_json(artists),
            album,
            listens,
            ms_played,
            set(sources.split(",")),
        )
        for track_id, listens, ms_played, sources, title, artists, album in rows
    ]


def _top_tracks(db: DB, period: Period) -> list[TopEntry]:
    played = _played_tracks(db, period)
    group_of = _track_groups(db)
    groups: dict[int, list[_Played]] = defaultdict(list)
    for p in played:
        groups[group_of.get(p.track_id, p.track_id)].append(p)
    entries = []
    for members in groups.values():
        # The group is shown as its most-played member (ties: the oldest track).
        shown = min(members, key=lambda p: (-p.listens, -p.ms_played, p.track_id))
        entries.append(
            TopEntry(
                name=_title_by(shown.title, shown.artists),
                listens=sum(p.listens for p in members),
                ms_played=sum(p.ms_played for p in members),
                title=shown.title,
                artists=shown.artists,
                services=_services(members),
            )
        )
    return entries


def _top_albums(db: DB, period: Period) -> list[TopEntry]:
    # An album is its folded title and first artist: "Greatest Hits" is many albums.
    groups: dict[tuple[str, str], list[_Played]] = defaultdict(list)
    folded = lru_cache(maxsize=None)(fold)  # album and artist names repeat across tracks
    for p in _played_tracks(db, period):
        if p.album:
            groups[(folded(p.album), folded(p.artists[0]) if p.artists else "")].append(p)
    entries = []
    for members in groups.values():
        shown = _most_played_spelling(members, lambda p: (p.album or "", p.artists[:1]))
        album, artists = shown
        entries.append(
            TopEntry(
                name=_title_by(album, artists),
                listens=sum(p.listens for p in members),
                ms_played=sum(p.ms_played for p in members),
                title=album,
                artists=artists,
                services=_services(members),
            )
        )
    return entries


def _top_artists(db: DB, period: Period) -> list[TopEntry]:
    # Per artist name as written (json_each over each played track's artists), then merged
    # by folded name so "Beyoncé" and "BEYONCE" are one artist, shown as the likelier spelling.
    rows = db.execute(
        f"""SELECT a.value, sum(p.listens), sum(p.ms_played), group_concat(p.sources)
            FROM ({_per_track(db, period)}) AS p
            JOIN service_track t ON t.id = p.track_id, json_each(t.artists) AS a
            WHERE t.kind IN {_MUSIC} AND trim(a.value) != ''
            GROUP BY a.value"""
    ).fetchall()
    groups: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    services: dict[str, set[str]] = defaultdict(set)
    for name, listens, ms_played, sources in rows:
        key = fold(name) or name
        groups[key][name] = (int(listens), int(ms_played))
        services[key].update(sources.split(","))
    entries = []
    for key, spellings in groups.items():
        shown = min(spellings, key=lambda n: (-spellings[n][0], -spellings[n][1], n))
        entries.append(
            TopEntry(
                name=shown,
                listens=sum(t[0] for t in spellings.values()),
                ms_played=sum(t[1] for t in spellings.values()),
                artists=(shown,),
                services=tuple(sorted(services[key])),
            )
        )
    return entries


def _track_groups(db: DB) -> dict[int, int]:
    """Service track id → the smallest track id of its group (shared recording or match key,
    transitively), by union-find over the whole track table."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of_recording: dict[int, int] = {}
    first_of_key: dict[str, int] = {}
    rows = db.execute(
        f"SELECT id, recording_id, match_key FROM service_track WHERE kind IN {_MUSIC} ORDER BY id"
    )
    for track_id, recording_id, key in rows:
        parent[track_id] = track_id
        if recording_id is not None:
            union(track_id, first_of_recording.setdefault(recording_id, track_id))
        union(track_id, first_of_key.setdefault(key, track_id))
    return {track_id: root(track_id) for track_id in parent}


def _title_by(title: str, artists: tuple[str, ...]) -> str:
    return f"{title} — {', '.join(artists)}" if artists else title


def _services(members: Iterable[_Played]) -> tuple[str, ...]:
    return tuple(sorted({s for p in members for s in p.services}))


def _most_played_spelling(
    members: list[_Played], spelling: Callable[[_Played], tuple[str, tuple[str, ...]]]
) -> tuple[str, tuple[str, ...]]:
    counts: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(lambda: [0, 0])
    for p in members:
        tally = counts[spelling(p)]
        tally[0] += p.listens
        tally[1] += p.ms_played
    return min(counts, key=lambda s: (-counts[s][0], -counts[s][1], s))


# -- library overlap -----------------------------------------------------------------------------


def library_overlap(db: DB) -> list[ServiceOverlap]:
    """For each service with a library (saved tracks or playlist tracks): how many recordings it
    holds, how many of them each other service's library also holds, and how many at least one
    other service holds. A track the identity pipeline has not given a recording yet counts as
    a recording of its own."""
    libraries: dict[str, set[int]] = defaultdict(set)
    rows = db.execute(
        """SELECT DISTINCT t.service, coalesce(t.recording_id, -t.id)
           FROM service_track t
           WHERE t.id IN (SELECT track_id FROM saved_item
                          WHERE kind = 'track' AND track_id IS NOT NULL)
              OR t.id IN (SELECT track_id FROM playlist_entry)"""
    )
    for service, recording in rows:
        libraries[service].add(recording)
    overlaps = []
    for service in sorted(libraries):
        mine = libraries[service]
        others = {s: lib for s, lib in libraries.items() if s != service}
        elsewhere: set[int] = set().union(*others.values())
        overlaps.append(
            ServiceOverlap(
                service=service,
                recordings=len(mine),
                shared_with={s: len(mine & others[s]) for s in sorted(others)},
                on_any_other=len(mine & elsewhere),
            )
        )
    return overlaps
