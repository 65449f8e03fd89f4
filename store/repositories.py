"""Repositories: what the CLI, the app and the recommender read and write through.

Each method takes its own connection from the pool, so repositories may be used from worker
threads. Rows come back as plain frozen dataclasses (``store.rows``).
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from domain import Listen, SavedItem, ServiceTrack
from store.rows import EntryRow, PlaylistRow, TrackRow, artists_from_json, from_ms, to_ms
from store.search import fts_query
from store.writes import TrackIds, write_listens, write_saved

if TYPE_CHECKING:
    from store.library import Library

_PLAYS = "(SELECT count(*) FROM listen l WHERE l.track_id = t.id AND l.duplicate_of IS NULL)"
_TRACK_COLUMNS = (
    "t.id, t.service, t.service_id, t.title, t.artists, t.album, t.duration_ms, t.isrc,"
    f" t.recording_id, {_PLAYS}"
)
_SORTS = {
    "title": "t.title COLLATE NOCASE",
    "artists": "t.artists COLLATE NOCASE",
    "album": "t.album COLLATE NOCASE",
    "duration_ms": "t.duration_ms",
    "service": "t.service",
    "plays": _PLAYS,
}
# A track not resolved to a recording yet is on its own service only.
_SERVICES_OF = (
    "(CASE WHEN t.recording_id IS NULL THEN 1 ELSE (SELECT count(DISTINCT o.service)"
    " FROM service_track o WHERE o.recording_id = t.recording_id) END)"
)
_SAVED = "EXISTS (SELECT 1 FROM saved_item si WHERE si.track_id = t.id AND si.hidden_by IS NULL)"
_MATCHES = "t.id IN (SELECT rowid FROM track_search WHERE track_search MATCH ?)"
TRACK_COLUMNS = _TRACK_COLUMNS
WRITE_CHUNK = 10_000
_WORDS = re.compile(r"\w+", re.UNICODE)
_BROAD_LETTERS = 3


def _broad(query: str) -> bool:
    """A search likely to match a large part of the library: one word of up to 3 letters."""
    words = _WORDS.findall(query)
    return len(words) == 1 and len(words[0]) <= _BROAD_LETTERS


def track_row(row: Any) -> TrackRow:
    return TrackRow(
        id=row[0],
        service=row[1],
        service_id=row[2],
        title=row[3],
        artists=artists_from_json(row[4]),
        album=row[5],
        duration_ms=row[6],
        isrc=row[7],
        recording_id=row[8],
        plays=row[9],
    )


class TrackRepository:
    def __init__(self, library: Library) -> None:
        self._library = library

    def _where(
        self,
        query: str,
        service: str | None,
        min_services: int | None = None,
        saved: bool | None = None,
    ) -> tuple[str, str, list[Any]]:
        joins, clauses, params = "", [], list[Any]()
        match = fts_query(query)
        if match is not None:
            # A set of rowids rather than a join: sorted by title, SQLite then walks the title
            # index in order and stops after the page, instead of sorting every match.
            clauses.append(_MATCHES)
            params.append(match)
        if service:
            clauses.append("t.service = ?")
            params.append(service)
        if min_services is not None and min_services > 1:
            clauses.append(f"{_SERVICES_OF} >= ?")
            params.append(min_services)
        if saved is not None:
            clauses.append(("" if saved else "NOT ") + _SAVED)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return joins, where, params

    def count(
        self,
        query: str = "",
        service: str | None = None,
        *,
        min_services: int | None = None,
        saved: bool | None = None,
    ) -> int:
        """How many tracks match; ``min_services``: the recording is on at least that many
        services; ``saved``: liked/saved on its service (True) or not (False)."""
        joins, where, params = self._where(query, service, min_services, saved)
        match = fts_query(query)
        if match is not None and not (service or (min_services or 0) > 1 or saved is not None):
            # Only a search: the full-text index alone knows how many rows match.
            where, params = "WHERE track_search MATCH ?", [match]
            with self._library.read() as db:
                sql = f"SELECT count(*) FROM track_search {where}"
                return int(db.execute(sql, params).fetchone()[0])
        with self._library.read() as db:
            sql = f"SELECT count(*) FROM service_track t {joins} {where}"
            return int(db.execute(sql, params).fetchone()[0])

    def page(
        self,
        offset: int,
        limit: int,
        query: str = "",
        sort: str = "title",
        descending: bool = False,
        service: str | None = None,
        *,
        min_services: int | None = None,
        saved: bool | None = None,
    ) -> list[TrackRow]:
        if sort not in _SORTS:
            raise ValueError(f"cannot sort by {sort!r}")
        joins, where, params = self._where(query, service, min_services, saved)
        order = f"{_SORTS[sort]} {'DESC' if descending else 'ASC'}, t.id"
        if sort == "plays":
            sql = (
                f"SELECT {_TRACK_COLUMNS} FROM service_track t {joins} {where}"
                f" ORDER BY {order} LIMIT ? OFFSET ?"
            )
        else:
            if sort == "title" and _broad(query):
                # Walk the title index in order, keeping the ids the search matched, and stop
                # after the page: the first letters typed match half the library, and sorting
                # all of those to keep 200 costs several times more. (SQLite's planner would
                # sort, not knowing how many rows the full-text search returns; for a longer
                # word, which matches few, sorting those few is the cheaper plan.)
                joins = "INDEXED BY service_track_title"
            # Pick the page's ids first, then read their columns: otherwise SQLite works out
            # every column (the play count is a subquery) for every match before sorting, and a
            # one-letter search matches half the library.
            sql = (
                f"SELECT {_TRACK_COLUMNS} FROM service_track t JOIN"
                f" (SELECT t.id AS id FROM service_track t {joins} {where}"
                f" ORDER BY {order} LIMIT ? OFFSET ?) AS picked ON picked.id = t.id"
                f" ORDER BY {order}"
            )
        with self._library.read() as db:
            return [track_row(r) for r in db.execute(sql, [*params, limit, offset])]

    def get(self, track_id: int) -> TrackRow | None:
        with self._library.read() as db:
            row = db.execute(
                f"SELECT {_TRACK_COLUMNS} FROM service_track t WHERE t.id = ?", (track_id,)
            ).fetchone()
            return None if row is None else track_row(row)

    def upsert_many(self, tracks: Iterable[ServiceTrack], batch_id: int) -> int:
        """Insert tracks not yet known, in chunked transactions. Returns how many were new."""
        ids, added = TrackIds(), 0
        for chunk in _chunks(tracks, WRITE_CHUNK):
            with self._library.write() as db:
                added += ids.ensure(db, chunk, batch_id)
        return added


class ListenRepository:
    def __init__(self, library: Library) -> None:
        self._library = library

    def upsert_many(self, listens: Iterable[Listen], batch_id: int) -> int:
        """Insert listens (and their tracks) in chunked transactions. Returns how many were new."""
        ids, added = TrackIds(), 0
        for chunk in _chunks(listens, WRITE_CHUNK):
            with self._library.write() as db:
                added += write_listens(db, ids, chunk, batch_id)[1]
        return added

    def count(self, since: datetime | None = None, until: datetime | None = None) -> int:
        with self._library.read() as db:
            row = db.execute(
                "SELECT count(*) FROM listen WHERE duplicate_of IS NULL"
                " AND played_at >= coalesce(?, played_at) AND played_at < coalesce(?, 1e18)",
                (to_ms(since), to_ms(until)),
            ).fetchone()
            return int(row[0])


class SavedRepository:
    def __init__(self, library: Library) -> None:
        self._library = library

    def upsert_many(self, items: Iterable[SavedItem], batch_id: int) -> int:
        ids, added = TrackIds(), 0
        for chunk in _chunks(items, WRITE_CHUNK):
            with self._library.write() as db:
                added += write_saved(db, ids, chunk, batch_id)[1]
        return added


class PlaylistRepository:
    def __init__(self, library: Library) -> None:
        self._library = library

    def list(self) -> list[PlaylistRow]:
        with self._library.read() as db:
            rows = db.execute(
                """SELECT p.id, p.name, p.service,
                          (SELECT count(*) FROM playlist_entry e WHERE e.playlist_id = p.id)
                   FROM playlist p ORDER BY p.name COLLATE NOCASE, p.id"""
            ).fetchall()
        return [PlaylistRow(id=r[0], name=r[1], service=r[2], entries=r[3]) for r in rows]

    def find(self, name: str) -> builtins.list[PlaylistRow]:
        """Playlists called ``name`` (case-insensitive), then those whose name contains it."""
        rows = self.list()
        exact = [p for p in rows if p.name.casefold() == name.casefold()]
        return exact or [p for p in rows if name.casefold() in p.name.casefold()]

    def search(self, query: str, limit: int = 50) -> builtins.list[PlaylistRow]:
        match = fts_query(query)
        if match is None:
            return []
        with self._library.read() as db:
            rows = db.execute(
                """SELECT p.id, p.name, p.service,
                          (SELECT count(*) FROM playlist_entry e WHERE e.playlist_id = p.id)
                   FROM playlist p JOIN playlist_search s ON s.rowid = p.id
                   WHERE playlist_search MATCH ? ORDER BY rank LIMIT ?""",
                (match, limit),
            ).fetchall()
        return [PlaylistRow(id=r[0], name=r[1], service=r[2], entries=r[3]) for r in rows]

    def entries(self, playlist_id: int, *, plays: bool = True) -> builtins.list[EntryRow]:
        """The playlist in order; ``plays=False`` leaves each track's play count at 0 (reading
        it costs a lookup per entry, which a 10,000-entry playlist on screen does not need)."""
        columns = _TRACK_COLUMNS if plays else _TRACK_COLUMNS.replace(_PLAYS, "0")
        with self._library.read() as db:
            rows = db.execute(
                f"""SELECT e.position, e.added_at, e.added_by, {columns}
                    FROM playlist_entry e JOIN service_track t ON t.id = e.track_id
                    WHERE e.playlist_id = ? ORDER BY e.position""",
                (playlist_id,),
            ).fetchall()
        return [
            EntryRow(position=r[0], added_at=from_ms(r[1]), added_by=r[2], track=track_row(r[3:]))
            for r in rows
        ]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
