"""Bulk writes shared by imports, sync and benchmarks. Each function works inside the caller's
transaction; callers decide the transaction size (a chunk), never one row at a time.

Writes are idempotent on natural keys: a track is its ``key``, a listen is (source, track,
start time), a saved item its ``key``, a playlist its ``key`` (its entries are replaced whole).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from domain import Listen, Playlist, SavedItem, ServiceTrack
from domain.normalize import match_key
from store.database import DB
from store.rows import artists_json, to_ms

_IN_CHUNK = 500  # below SQLite's bound-parameter limit

_INSERT_TRACK = """INSERT OR IGNORE INTO service_track
    (key, service, service_id, title, artists, album, duration_ms, isrc, explicit, uri, kind,
     match_key, batch_id, linked_from, year)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

_INSERT_LISTEN = """INSERT OR IGNORE INTO listen
    (track_id, played_at, source, ms_played, platform, reason_start, reason_end, shuffle,
     skipped, offline, batch_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

_INSERT_SAVED = """INSERT OR IGNORE INTO saved_item
    (key, service, kind, track_id, name, artist, service_id, added_at, batch_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""


def _bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _executemany(db: DB, sql: str, rows: Sequence[tuple[Any, ...]]) -> int:
    """Run one executemany; return how many rows it changed."""
    if not rows:
        return 0
    cursor = db.cursor()
    try:
        cursor.executemany(sql, rows)
        return int(cursor.rowcount)
    finally:
        cursor.close()


class TrackIds:
    """Maps track keys to row ids, remembering what it has seen (one per unit of work)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def __getitem__(self, key: str) -> int:
        return self._ids[key]

    @property
    def known(self) -> Mapping[str, int]:
        """Every key seen so far and its row id."""
        return self._ids

    def ensure(self, db: DB, tracks: Iterable[ServiceTrack], batch_id: int) -> int:
        """Insert the tracks not yet in the library; return how many were new."""
        missing: dict[str, ServiceTrack] = {}
        for track in tracks:
            key = track.key
            if key not in self._ids and key not in missing:
                missing[key] = track
        if not missing:
            return 0
        # Most tracks of a history file are already in the library (earlier files, earlier
        # imports): look them up first, so only new ones pay for their match key and insert.
        self._load_ids(db, list(missing))
        # A source that knows the release year fills it in for tracks imported without one.
        dated = [(t.year, key) for key, t in missing.items() if key in self._ids and t.year]
        _executemany(db, "UPDATE service_track SET year = ? WHERE key = ? AND year IS NULL", dated)
        new = {key: t for key, t in missing.items() if key not in self._ids}
        if not new:
            return 0
        rows = [
            (
                key,
                t.service,
                t.service_id,
                t.title,
                artists_json(t.artists),
                t.album,
                t.duration_ms,
                t.isrc,
                _bool(t.explicit),
                t.uri,
                t.kind,
                match_key(t.title, t.artists),
                batch_id,
                t.linked_from,
                t.year,
            )
            for key, t in new.items()
        ]
        added = _executemany(db, _INSERT_TRACK, rows)
        self._load_ids(db, list(new))
        return added

    def _load_ids(self, db: DB, keys: Sequence[str]) -> None:
        for start in range(0, len(keys), _IN_CHUNK):
            part = keys[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(part))
            sql = f"SELECT key, id FROM service_track WHERE key IN ({marks})"
            for key, row_id in db.execute(sql, part).fetchall():
                self._ids[key] = row_id


def write_listens(
    db: DB, ids: TrackIds, listens: Sequence[Listen], batch_id: int
) -> tuple[int, int]:
    """Insert listens (their tracks first). Returns (new tracks, new listens)."""
    new_tracks = ids.ensure(db, (listen.track for listen in listens), batch_id)
    known = ids.known
    # A history file is mostly listens: this loop runs once per play, so it stays lean
    # (SQLite stores a bool as the integer 0 or 1 by itself).
    rows = [
        (
            known[listen.track.key],
            to_ms(listen.played_at),
            listen.source,
            listen.ms_played,
            listen.platform,
            listen.reason_start,
            listen.reason_end,
            listen.shuffle,
            listen.skipped,
            listen.offline,
            batch_id,
        )
        for listen in listens
    ]
    return new_tracks, _executemany(db, _INSERT_LISTEN, rows)


def write_saved(
    db: DB, ids: TrackIds, items: Sequence[SavedItem], batch_id: int
) -> tuple[int, int]:
    """Insert saved items (their tracks first). Returns (new tracks, new saved items)."""
    new_tracks = ids.ensure(db, (i.track for i in items if i.track is not None), batch_id)
    rows = [
        (
            item.key,
            item.service,
            item.kind,
            ids[item.track.key] if item.track is not None else None,
            item.name,
            item.artist,
            item.service_id,
            to_ms(item.added_at),
            batch_id,
        )
        for item in items
    ]
    return new_tracks, _executemany(db, _INSERT_SAVED, rows)


def write_playlist(
    db: DB, ids: TrackIds, playlist: Playlist, batch_id: int
) -> tuple[int, int, int]:
    """Create or replace a playlist with its entries, in order.

    Returns (new tracks, 1 if the playlist is new else 0, entries written when they changed).
    Re-importing an unchanged playlist writes nothing.
    """
    new_tracks = ids.ensure(db, (e.track for e in playlist.entries), batch_id)
    found = db.execute("SELECT id FROM playlist WHERE key = ?", (playlist.key,)).fetchone()
    entries = [
        (e.position, ids[e.track.key], to_ms(e.added_at), e.added_by) for e in playlist.entries
    ]
    if found is None:
        cursor = db.execute(
            "INSERT INTO playlist (key, service, service_id, name, description, owner, batch_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                playlist.key,
                playlist.service,
                playlist.service_id,
                playlist.name,
                playlist.description,
                playlist.owner,
                batch_id,
            ),
        )
        playlist_id, is_new = int(cursor.lastrowid), 1
    else:
        playlist_id, is_new = int(found[0]), 0
        current = db.execute(
            "SELECT position, track_id, added_at, added_by FROM playlist_entry"
            " WHERE playlist_id = ? ORDER BY position",
            (playlist_id,),
        ).fetchall()
        if [tuple(r) for r in current] == entries:
            return new_tracks, 0, 0
        db.execute(
            "UPDATE playlist SET name = ?, description = ?, owner = ?, batch_id = ? WHERE id = ?",
            (playlist.name, playlist.description, playlist.owner, batch_id, playlist_id),
        )
        db.execute("DELETE FROM playlist_entry WHERE playlist_id = ?", (playlist_id,))
    written = _executemany(
        db,
        "INSERT INTO playlist_entry (playlist_id, position, track_id, added_at, added_by,"
        " batch_id) VALUES (?, ?, ?, ?, ?, ?)",
        [(playlist_id, *entry, batch_id) for entry in entries],
    )
    return new_tracks, is_new, written
