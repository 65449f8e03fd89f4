"""Writing one imported file into the library as one *batch*, all or nothing.

A file can hold hundreds of thousands of listens, so a batch is written in chunks, each its own
transaction, with the batch row marked incomplete until the last step. If the import fails, is
cancelled, or the process is killed, every row the batch added is removed (at once, or the next
time the library opens): the library only ever holds whole batches. Playlists are replaced in
the final transaction, so an aborted import never leaves a playlist half-replaced.

Cross-source listens (the rule, also in the README): two listens are the same play when their
tracks have the same normalised title and artists, they come from different sources, and their
start times are at most ``SAME_PLAY_WINDOW_MS`` apart. The earlier-imported one is kept; the
other points at it through ``duplicate_of`` and is not counted again.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from types import TracebackType

from domain import Listen, Playlist, SavedItem, ServiceTrack
from domain.model import ImportRecord
from store.database import DB
from store.identity.dedupe_rules import active_rules, keep_deduped, note_reapplied
from store.identity.resolver import resolve_new
from store.library import Library
from store.writes import TrackIds, write_listens, write_playlist, write_saved

logger = logging.getLogger(__name__)

CHUNK = 10_000
#: Spotify's account export gives end times to the minute, so start times are ±60 s; three
#: minutes catches that without merging two plays of a short song in a row.
SAME_PLAY_WINDOW_MS = 180_000


@dataclass
class BatchCounts:
    service_tracks: int = 0
    playlists: int = 0
    playlist_entries: int = 0
    saved_items: int = 0
    listens: int = 0
    skipped: int = 0
    duplicate_listens: int = 0
    errors: list[str] = field(default_factory=list)

    def added(self) -> dict[str, int]:
        return {
            "service_tracks": self.service_tracks,
            "playlists": self.playlists,
            "playlist_entries": self.playlist_entries,
            "saved_items": self.saved_items,
            "listens": self.listens,
        }


class AlreadyImported(Exception):
    """This exact file (same importer, same content hash) was imported before."""


class ImportBatchWriter:
    """Use as a context manager; ``add`` records; leaving without an error completes the batch."""

    def __init__(self, library: Library, importer: str, source: str, content_hash: str) -> None:
        self._library = library
        self._source = source
        self._ids = TrackIds()
        self._pending: list[Listen | SavedItem | ServiceTrack] = []
        self._playlists: list[Playlist] = []
        self._seen = 0
        self.counts = BatchCounts()
        with library.write() as db:
            found = db.execute(
                "SELECT id FROM import_batch WHERE importer = ? AND content_hash = ?",
                (importer, content_hash),
            ).fetchone()
            if found is not None:
                raise AlreadyImported(source)
            cursor = db.execute(
                "INSERT INTO import_batch (importer, source, content_hash, imported_at, complete)"
                " VALUES (?, ?, ?, ?, 0)",
                (importer, source, content_hash, int(time.time() * 1000)),
            )
            self.batch_id = int(cursor.lastrowid)

    def add(self, record: ImportRecord) -> None:
        self._seen += 1
        if isinstance(record, Playlist):
            self._playlists.append(record)
            return
        self._pending.append(record)
        if len(self._pending) >= CHUNK:
            self._flush()

    @property
    def records_seen(self) -> int:
        return self._seen

    def _flush(self) -> None:
        if not self._pending:
            return
        with self._library.write() as db:
            self._write_pending(db)

    def _write_pending(self, db: DB) -> None:
        listens = [r for r in self._pending if isinstance(r, Listen)]
        saved = [r for r in self._pending if isinstance(r, SavedItem)]
        tracks = [r for r in self._pending if isinstance(r, ServiceTrack)]
        self.counts.service_tracks += self._ids.ensure(db, tracks, self.batch_id)
        new_tracks, new_listens = write_listens(db, self._ids, listens, self.batch_id)
        self.counts.service_tracks += new_tracks
        self.counts.listens += new_listens
        self.counts.skipped += len(listens) - new_listens
        new_tracks, new_saved = write_saved(db, self._ids, saved, self.batch_id)
        self.counts.service_tracks += new_tracks
        self.counts.saved_items += new_saved
        self.counts.skipped += len(saved) - new_saved
        self._pending.clear()

    def complete(self) -> BatchCounts:
        with self._library.write() as db:
            # The last chunk shares the completing transaction: a batch of one chunk (every
            # page a sync writes) commits once, and its new tracks' index pages are written
            # once instead of twice.
            self._write_pending(db)
            for playlist in self._playlists:
                self._write_playlist(db, playlist)
            resolve_new(db, source=self._source)
            self.counts.duplicate_listens = mark_cross_source_listens(db, self.batch_id)
            db.execute(
                "UPDATE import_batch SET complete = 1, counts = ? WHERE id = ?",
                (json.dumps(self.counts.added()), self.batch_id),
            )
        return self.counts

    def _write_playlist(self, db: DB, playlist: Playlist) -> None:
        """Replace the playlist, keeping out the copies a dedupe removed before."""
        kept, dropped, rules = keep_deduped(playlist, active_rules(db, playlist.key))
        new_tracks, is_new, entries = write_playlist(db, self._ids, kept, self.batch_id)
        if dropped and entries:
            # The dropped copies' tracks are stored too, so that undo can put them back.
            new_tracks += self._ids.ensure(db, (e.track for e in playlist.entries), self.batch_id)
            found = db.execute("SELECT id FROM playlist WHERE key = ?", (playlist.key,)).fetchone()
            note_reapplied(
                db,
                int(found[0]),
                playlist.entries,
                self._ids.known,
                rules,
                dropped,
                self.batch_id,
                playlist.name,
            )
        self.counts.service_tracks += new_tracks
        self.counts.playlists += is_new
        self.counts.playlist_entries += entries

    def abort(self) -> None:
        with self._library.write() as db:
            discard_batch(db, self.batch_id)

    def __enter__(self) -> ImportBatchWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.complete()
        else:
            self.abort()


def discard_batch(db: DB, batch_id: int) -> None:
    """Remove every row batch ``batch_id`` added (tracks only when nothing else uses them)."""
    db.execute("DELETE FROM listen WHERE batch_id = ?", (batch_id,))
    db.execute("DELETE FROM saved_item WHERE batch_id = ?", (batch_id,))
    db.execute(
        """DELETE FROM service_track WHERE batch_id = ?
           AND NOT EXISTS (SELECT 1 FROM listen WHERE track_id = service_track.id)
           AND NOT EXISTS (SELECT 1 FROM saved_item WHERE track_id = service_track.id)
           AND NOT EXISTS (SELECT 1 FROM playlist_entry WHERE track_id = service_track.id)""",
        (batch_id,),
    )
    db.execute("DELETE FROM import_batch WHERE id = ?", (batch_id,))


def discard_incomplete_batches(db: DB) -> int:
    """Called on open: finish the rollback of imports a crash interrupted."""
    rows = db.execute("SELECT id FROM import_batch WHERE complete = 0").fetchall()
    for (batch_id,) in rows:
        db.execute("BEGIN IMMEDIATE")
        discard_batch(db, batch_id)
        db.execute("COMMIT")
    if rows:
        logger.warning("removed %d import(s) that a crash left unfinished", len(rows))
    return len(rows)


def mark_cross_source_listens(db: DB, batch_id: int) -> int:
    """Link each new listen to an earlier report of the same play by another source."""
    if not _other_sources_overlap(db, batch_id):
        return 0
    cursor = db.execute(
        """UPDATE listen SET duplicate_of = (
               SELECT l2.id FROM service_track t
               JOIN service_track t2 ON t2.match_key = t.match_key
               JOIN listen l2 ON l2.track_id = t2.id
               WHERE t.id = listen.track_id
                 AND l2.source != listen.source
                 AND l2.id < listen.id
                 AND l2.duplicate_of IS NULL
                 AND l2.played_at BETWEEN listen.played_at - :w AND listen.played_at + :w
               ORDER BY abs(l2.played_at - listen.played_at), l2.id LIMIT 1)
           WHERE batch_id = :batch AND duplicate_of IS NULL""",
        {"w": SAME_PLAY_WINDOW_MS, "batch": batch_id},
    )
    # rowcount counts every row the UPDATE visited; count the ones that got a link.
    del cursor
    found = db.execute(
        "SELECT count(*) FROM listen WHERE batch_id = ? AND duplicate_of IS NOT NULL",
        (batch_id,),
    ).fetchone()
    return int(found[0])


def _other_sources_overlap(db: DB, batch_id: int) -> bool:
    """Whether a new listen could have a twin: the batch holds several sources, or a listen
    from another source lies within the window of the batch's time span. When neither holds
    (the usual case: one service's history, file after file), no new listen can be a
    duplicate, and the per-listen search is skipped.
    """
    span = db.execute(
        "SELECT min(played_at), max(played_at) FROM listen WHERE batch_id = ?", (batch_id,)
    ).fetchone()
    if span[0] is None:
        return False
    sources = [
        row[0]
        for row in db.execute("SELECT DISTINCT source FROM listen WHERE batch_id = ?", (batch_id,))
    ]
    if len(sources) > 1:
        return True
    found = db.execute(
        """SELECT 1 FROM listen
           WHERE played_at BETWEEN ? AND ? AND source != ? LIMIT 1""",
        (span[0] - SAME_PLAY_WINDOW_MS, span[1] + SAME_PLAY_WINDOW_MS, sources[0]),
    ).fetchone()
    return found is not None
