"""Local playlists: the ones made in Mixtape (``service = 'local'``), which the user may edit.

Every method is one transaction. Entries are always written back *densely* (positions 0..n-1),
so a position is also the row's index in the playlist; the app's undo stack relies on that.
Edits to a playlist that came from a service raise :class:`NotEditable`: those change only when
the service (or a newer export) says so.

Reordering is expressed as a permutation (``order[i]`` = the old position of the entry that
ends up at ``i``), which makes every edit exactly invertible: see :func:`inverse`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from store.database import DB
from store.errors import StoreError
from store.library import Library
from store.rows import from_ms, to_ms

LOCAL = "local"


class NotEditable(StoreError):
    """The playlist is not a local one (or no longer exists), so Mixtape may not change it."""


@dataclass(frozen=True, slots=True)
class LocalEntry:
    """One entry as stored, enough to put it back exactly where it was."""

    position: int
    track_id: int
    added_at: datetime | None
    added_by: str | None


_Row = tuple[int, int | None, str | None, int | None]  # track_id, added_at, added_by, batch_id


def inverse(order: Sequence[int]) -> list[int]:
    """The permutation that undoes ``order``."""
    undo = [0] * len(order)
    for new, old in enumerate(order):
        undo[old] = new
    return undo


def moved_order(count: int, positions: Sequence[int], to: int) -> list[int]:
    """The permutation that moves the entries at ``positions`` (kept in their order) so they
    start where the entry at ``to`` was (``to == count`` means the end)."""
    picked = sorted(set(positions))
    if any(not 0 <= p < count for p in picked) or not 0 <= to <= count:
        raise ValueError("position out of range")
    rest = [p for p in range(count) if p not in set(picked)]
    before = sum(1 for p in picked if p < to)
    at = to - before
    return rest[:at] + picked + rest[at:]


class LocalPlaylists:
    def __init__(self, library: Library) -> None:
        self._library = library

    # -- playlists ---------------------------------------------------------------------------
    def create(self, name: str, *, playlist_id: int | None = None) -> int:
        """Create an empty local playlist (``playlist_id`` to re-create one an undo removed)."""
        name = _clean_name(name)
        ident = uuid.uuid4().hex
        with self._library.write() as db:
            cursor = db.execute(
                "INSERT INTO playlist (id, key, service, service_id, name) VALUES (?, ?, ?, ?, ?)",
                (playlist_id, f"{LOCAL}:{ident}", LOCAL, ident, name),
            )
            return int(cursor.lastrowid)

    def rename(self, playlist_id: int, name: str) -> str:
        """Rename; returns the previous name."""
        name = _clean_name(name)
        with self._library.write() as db:
            old = _local_name(db, playlist_id)
            db.execute("UPDATE playlist SET name = ? WHERE id = ?", (name, playlist_id))
            return old

    def delete(self, playlist_id: int) -> tuple[str, list[LocalEntry]]:
        """Delete the playlist; returns its name and entries so an undo can put it back."""
        with self._library.write() as db:
            name = _local_name(db, playlist_id)
            entries = _entries(db, playlist_id)
            db.execute("DELETE FROM playlist_entry WHERE playlist_id = ?", (playlist_id,))
            db.execute("DELETE FROM playlist WHERE id = ?", (playlist_id,))
        return name, [_entry(i, row) for i, row in enumerate(entries)]

    def recreate(self, playlist_id: int, name: str, entries: Sequence[LocalEntry]) -> None:
        """Undo a delete: the same id, name and entries."""
        self.create(name, playlist_id=playlist_id)
        self.restore(playlist_id, entries)

    # -- entries -----------------------------------------------------------------------------
    def insert(
        self,
        playlist_id: int,
        track_ids: Sequence[int],
        position: int | None = None,
        *,
        added_at: datetime | None = None,
        added_by: str | None = None,
    ) -> list[int]:
        """Insert tracks at ``position`` (None: the end); returns the positions they got."""
        with self._library.write() as db:
            _local_name(db, playlist_id)
            rows = _entries(db, playlist_id)
            at = len(rows) if position is None else max(0, min(position, len(rows)))
            new: list[_Row] = [(t, to_ms(added_at), added_by, None) for t in track_ids]
            _write(db, playlist_id, rows[:at] + new + rows[at:])
        return list(range(at, at + len(track_ids)))

    def remove(self, playlist_id: int, positions: Sequence[int]) -> list[LocalEntry]:
        """Remove the entries at ``positions``; returns them (with their positions) for undo."""
        with self._library.write() as db:
            _local_name(db, playlist_id)
            rows = _entries(db, playlist_id)
            gone = sorted({p for p in positions if 0 <= p < len(rows)})
            removed = [_entry(p, rows[p]) for p in gone]
            keep = [row for i, row in enumerate(rows) if i not in set(gone)]
            _write(db, playlist_id, keep)
        return removed

    def restore(self, playlist_id: int, entries: Sequence[LocalEntry]) -> None:
        """Undo a remove: put ``entries`` back at their positions (ascending)."""
        with self._library.write() as db:
            _local_name(db, playlist_id)
            rows = _entries(db, playlist_id)
            for e in sorted(entries, key=lambda e: e.position):
                row: _Row = (e.track_id, to_ms(e.added_at), e.added_by, None)
                rows.insert(min(e.position, len(rows)), row)
            _write(db, playlist_id, rows)

    def reorder(self, playlist_id: int, order: Sequence[int]) -> None:
        """Apply a permutation: the entry at old position ``order[i]`` goes to ``i``."""
        with self._library.write() as db:
            _local_name(db, playlist_id)
            rows = _entries(db, playlist_id)
            if sorted(order) != list(range(len(rows))):
                raise StoreError("the playlist changed meanwhile; reload it and try again")
            _write(db, playlist_id, [rows[old] for old in order])

    def move(self, playlist_id: int, positions: Sequence[int], to: int) -> list[int]:
        """Move entries (see :func:`moved_order`); returns the permutation applied."""
        with self._library.read() as db:
            count = int(
                db.execute(
                    "SELECT count(*) FROM playlist_entry WHERE playlist_id = ?", (playlist_id,)
                ).fetchone()[0]
            )
        order = moved_order(count, positions, to)
        self.reorder(playlist_id, order)
        return order


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise StoreError("a playlist needs a name")
    return name[:200]


def _local_name(db: DB, playlist_id: int) -> str:
    row = db.execute("SELECT service, name FROM playlist WHERE id = ?", (playlist_id,)).fetchone()
    if row is None:
        raise NotEditable("that playlist no longer exists")
    if row[0] != LOCAL:
        raise NotEditable("only playlists made in Mixtape can be edited here")
    return str(row[1])


def _entries(db: DB, playlist_id: int) -> list[_Row]:
    return [
        (int(r[0]), r[1], r[2], r[3])
        for r in db.execute(
            "SELECT track_id, added_at, added_by, batch_id FROM playlist_entry"
            " WHERE playlist_id = ? ORDER BY position",
            (playlist_id,),
        )
    ]


def _entry(position: int, row: _Row) -> LocalEntry:
    return LocalEntry(position, row[0], from_ms(row[1]), row[2])


def _write(db: DB, playlist_id: int, rows: Sequence[_Row]) -> None:
    db.execute("DELETE FROM playlist_entry WHERE playlist_id = ?", (playlist_id,))
    db.executemany(
        "INSERT INTO playlist_entry (playlist_id, position, track_id, added_at, added_by,"
        " batch_id) VALUES (?, ?, ?, ?, ?, ?)",
        [(playlist_id, i, *row) for i, row in enumerate(rows)],
    )
