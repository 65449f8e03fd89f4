"""Reading service tracks for identity work, and small helpers shared by the identity modules."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from domain import ServiceTrack
from store.database import DB

IN_CHUNK = 500  # below SQLite's bound-parameter limit

_COLUMNS = (
    "id, key, service, service_id, title, artists, album, duration_ms, isrc, explicit, linked_from"
)


def now_ms() -> int:
    return int(time.time() * 1000)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a resolution without the cyclic garbage collector.

    Resolving a library builds a few hundred thousand small objects (features, pairs, keys)
    and none of them form cycles; the collector would walk the growing heap again and again,
    a quarter of a from-scratch run's CPU time. Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def chunked(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _track(
    row: Sequence[Any], credits: dict[str, tuple[str, ...]] | None = None
) -> tuple[int, str, ServiceTrack]:
    artists = credits.get(row[5]) if credits is not None else None
    if artists is None:
        artists = tuple(json.loads(row[5]))
        if credits is not None:
            credits[row[5]] = artists
    return (
        int(row[0]),
        str(row[1]),
        ServiceTrack(
            service=row[2],
            service_id=row[3],
            title=row[4],
            artists=artists,
            album=row[6],
            duration_ms=row[7],
            isrc=row[8],
            explicit=None if row[9] is None else bool(row[9]),
            linked_from=row[10],
        ),
    )


def all_tracks(db: DB) -> Iterator[tuple[int, str, ServiceTrack]]:
    credits: dict[str, tuple[str, ...]] = {}  # the same credits repeat across many tracks
    for row in db.execute(f"SELECT {_COLUMNS} FROM service_track WHERE kind != 'episode'"):
        yield _track(row, credits)


def tracks_by_id(db: DB, ids: Iterable[int]) -> dict[int, tuple[str, ServiceTrack]]:
    found: dict[int, tuple[str, ServiceTrack]] = {}
    for part in chunked(sorted(set(ids))):
        marks = ",".join("?" * len(part))
        sql = f"SELECT {_COLUMNS} FROM service_track WHERE id IN ({marks})"
        for row in db.execute(sql, list(part)):
            track_id, key, track = _track(row)
            found[track_id] = (key, track)
    return found


def ids_for_keys(db: DB, keys: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunked(sorted(set(keys))):
        marks = ",".join("?" * len(part))
        for key, track_id in db.execute(
            f"SELECT key, id FROM service_track WHERE key IN ({marks})", list(part)
        ):
            found[str(key)] = int(track_id)
    return found


def keys_for_ids(db: DB, ids: Iterable[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for part in chunked(sorted(set(ids))):
        marks = ",".join("?" * len(part))
        for track_id, key in db.execute(
            f"SELECT id, key FROM service_track WHERE id IN ({marks})", list(part)
        ):
            found[int(track_id)] = str(key)
    return found


def executemany(db: DB, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    if rows:
        cursor = db.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
