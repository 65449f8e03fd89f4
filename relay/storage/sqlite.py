"""SQLite backend: one file in WAL mode, one writer thread, group commit.

Why this shape: SQLite allows one writer at a time, and a durable commit costs an fsync. All
writes therefore go through one queue to one thread, which takes every write waiting in the
queue and commits them in *one* transaction (each in its own savepoint, so one refused push
does not fail its neighbours). Under load many pushes share one fsync; alone, a push pays one.
Sequence numbers are assigned inside that transaction, and entries are announced to the feed
only after ``COMMIT`` returns, in commit order — so an ``ack`` and a live ``msg`` always refer
to data that survives ``kill -9``. Reads use their own connections (WAL readers never block the
writer). One relay process owns a database file: a lock file enforces it.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relay.errors import (
    ConfigError,
    DocumentExists,
    QuotaExceeded,
    RelayError,
    StaleCheckpoint,
    StoreError,
    UnknownDocument,
)
from relay.protocol import CLOSE_DOC_DELETED
from relay.storage.base import Checkpoint, DocInfo, Entry, Feed

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_active REAL NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    checkpoint_seq INTEGER NOT NULL DEFAULT 0,
    bytes_used INTEGER NOT NULL DEFAULT 0,
    entries INTEGER NOT NULL DEFAULT 0,
    quota_bytes INTEGER NOT NULL,
    quota_entries INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_by_last_active ON docs (last_active);
CREATE TABLE IF NOT EXISTS log (
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    env BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE TABLE IF NOT EXISTS checkpoints (
    doc_id TEXT PRIMARY KEY,
    covers_seq INTEGER NOT NULL,
    env BLOB NOT NULL
);
"""
DOC_COLUMNS = (
    "id, token_hash, last_seq, checkpoint_seq, bytes_used, entries, quota_bytes, quota_entries,"
    " last_active"
)
MAX_BATCH = 512
PURGE_CHUNK = 500

Outcome = tuple[bool, Any]


@dataclass(slots=True)
class _Write:
    apply: Callable[[sqlite3.Connection], Any]
    future: asyncio.Future[Any]
    after_commit: Callable[[Any], None] | None = field(default=None)


def _connect(path: str, *, writer: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA busy_timeout = 30000")
    if writer:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit in WAL mode is fsynced before COMMIT returns, so an ack is durable
        # even across a power cut, not only across kill -9.
        conn.execute("PRAGMA synchronous = FULL")
        # Deleted documents and compacted entries are overwritten, not left in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        conn.executescript(SCHEMA)
    else:
        conn.execute("PRAGMA query_only = ON")
    return conn


def _doc_info(row: tuple[Any, ...]) -> DocInfo:
    return DocInfo(
        doc_id=row[0],
        token_hash=row[1],
        last_seq=row[2],
        checkpoint_seq=row[3],
        bytes_used=row[4],
        entries=row[5],
        quota_bytes=row[6],
        quota_entries=row[7],
        last_active=row[8],
    )


class SqliteStore:
    """The default backend (see the module docstring)."""

    def __init__(self, path: str, feed: Feed) -> None:
        self._path = path
        self._feed = feed
        self._writer_pool = ThreadPoolExecutor(1, thread_name_prefix="relay-sqlite-writer")
        self._reader_pool = ThreadPoolExecutor(4, thread_name_prefix="relay-sqlite-reader")
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._writer: sqlite3.Connection | None = None
        self._queue: asyncio.Queue[_Write | None] = asyncio.Queue()
        self._writer_task: asyncio.Task[None] | None = None
        self._lock_fd: int | None = None

    # -- lifecycle -------------------------------------------------------------------------

    async def open(self) -> None:
        Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self._path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            os.close(self._lock_fd)
            self._lock_fd = None
            raise ConfigError("another relay process already uses this SQLite database") from e
        if not os.path.exists(self._path):
            os.close(os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600))
        loop = asyncio.get_running_loop()
        try:
            self._writer = await loop.run_in_executor(
                self._writer_pool, lambda: _connect(self._path, writer=True)
            )
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the SQLite database: {e}") from e
        self._writer_task = asyncio.create_task(self._run_writer(), name="relay-sqlite-writer")

    async def close(self) -> None:
        if self._writer_task is not None:
            await self._queue.put(None)
            await self._writer_task
            self._writer_task = None
        loop = asyncio.get_running_loop()
        if self._writer is not None:
            await loop.run_in_executor(self._writer_pool, self._writer.close)
            self._writer = None
        self._writer_pool.shutdown(wait=True)
        self._reader_pool.shutdown(wait=True)
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    async def healthy(self) -> bool:
        try:
            await self._read(lambda c: c.execute("SELECT 1").fetchone())
        except StoreError:
            return False
        return self._writer_task is not None and not self._writer_task.done()

    # -- the writer ------------------------------------------------------------------------

    async def _write(
        self,
        apply: Callable[[sqlite3.Connection], Any],
        after_commit: Callable[[Any], None] | None = None,
    ) -> Any:
        if self._writer_task is None or self._writer_task.done():
            raise StoreError("the SQLite writer is not running")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Write(apply, future, after_commit))
        return await future

    async def _run_writer(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            first = await self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < MAX_BATCH and not self._queue.empty():
                job = self._queue.get_nowait()
                if job is None:
                    stop = True
                    break
                batch.append(job)
            try:
                outcomes = await loop.run_in_executor(self._writer_pool, self._commit, batch)
            except Exception:  # a bug or a dead executor must not strand the callers
                logger.exception("the SQLite writer failed")
                outcomes = [(False, StoreError("the relay could not store the write"))] * len(batch)
            # Announce in commit order before waking the writers' callers.
            for job, (ok, value) in zip(batch, outcomes, strict=True):
                if ok and job.after_commit is not None:
                    job.after_commit(value)
            for job, (ok, value) in zip(batch, outcomes, strict=True):
                if job.future.done():
                    continue  # the caller went away; the write stands
                if ok:
                    job.future.set_result(value)
                else:
                    job.future.set_exception(value)
            if stop:
                return

    def _commit(self, batch: list[_Write]) -> list[Outcome]:
        conn = self._writer
        assert conn is not None
        outcomes: list[Outcome] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            for job in batch:
                conn.execute("SAVEPOINT job")
                try:
                    value = job.apply(conn)
                except RelayError as e:
                    conn.execute("ROLLBACK TO job")
                    outcomes.append((False, e))
                else:
                    outcomes.append((True, value))
                conn.execute("RELEASE job")
            conn.execute("COMMIT")
        except Exception as e:  # sqlite3.Error, or a bug: never leave the transaction open
            logger.error("SQLite write failed, %d writes refused: %r", len(batch), e)
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    logger.debug("rollback after a failed write failed too")
            error = StoreError("the relay could not store the write")
            return [(False, error)] * len(batch)
        return outcomes

    # -- readers ---------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self._path, writer=False)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    async def _read(self, query: Callable[[sqlite3.Connection], Any]) -> Any:
        def run() -> Any:
            return query(self._reader())

        try:
            return await asyncio.get_running_loop().run_in_executor(self._reader_pool, run)
        except (sqlite3.Error, RuntimeError) as e:
            raise StoreError(f"SQLite read failed: {e}") from e

    # -- documents -------------------------------------------------------------------------

    async def create_doc(
        self, doc_id: str, token_hash: str, quota_bytes: int, quota_entries: int, now: float
    ) -> None:
        def apply(conn: sqlite3.Connection) -> None:
            try:
                conn.execute(
                    "INSERT INTO docs (id, token_hash, created_at, last_active, quota_bytes,"
                    " quota_entries) VALUES (?, ?, ?, ?, ?, ?)",
                    (doc_id, token_hash, now, now, quota_bytes, quota_entries),
                )
            except sqlite3.IntegrityError as e:
                raise DocumentExists("a document with this id exists") from e

        await self._write(apply)

    async def get_doc(self, doc_id: str) -> DocInfo | None:
        row = await self._read(
            lambda c: c.execute(
                f"SELECT {DOC_COLUMNS} FROM docs WHERE id = ?", (doc_id,)
            ).fetchone()
        )
        return None if row is None else _doc_info(row)

    async def delete_doc(self, doc_id: str) -> bool:
        def apply(conn: sqlite3.Connection) -> bool:
            return _delete(conn, doc_id)

        deleted: bool = await self._write(apply)
        if deleted:
            self._feed.kick(doc_id, CLOSE_DOC_DELETED, "document deleted")
        return deleted

    async def set_token_hash(self, doc_id: str, token_hash: str) -> None:
        def apply(conn: sqlite3.Connection) -> None:
            cur = conn.execute("UPDATE docs SET token_hash = ? WHERE id = ?", (token_hash, doc_id))
            if cur.rowcount == 0:
                raise UnknownDocument("no such document")

        await self._write(apply)

    async def touch(self, doc_id: str, now: float) -> None:
        def apply(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE docs SET last_active = ? WHERE id = ?", (now, doc_id))

        await self._write(apply)

    async def count_docs(self) -> int:
        row = await self._read(lambda c: c.execute("SELECT count(*) FROM docs").fetchone())
        return int(row[0])

    # -- the log ---------------------------------------------------------------------------

    async def append(self, doc_id: str, env: bytes, origin: str, now: float) -> int:
        def apply(conn: sqlite3.Connection) -> int:
            row = conn.execute(
                "SELECT last_seq, bytes_used, entries, quota_bytes, quota_entries"
                " FROM docs WHERE id = ?",
                (doc_id,),
            ).fetchone()
            if row is None:
                raise UnknownDocument("no such document")
            last_seq, used, entries, quota_bytes, quota_entries = row
            if used + len(env) > quota_bytes or entries + 1 > quota_entries:
                raise QuotaExceeded("the document's quota is used up; upload a checkpoint")
            seq = int(last_seq) + 1
            conn.execute("INSERT INTO log (doc_id, seq, env) VALUES (?, ?, ?)", (doc_id, seq, env))
            conn.execute(
                "UPDATE docs SET last_seq = ?, bytes_used = bytes_used + ?, entries = entries + 1,"
                " last_active = ? WHERE id = ?",
                (seq, len(env), now, doc_id),
            )
            return seq

        def announce(seq: int) -> None:
            self._feed.publish(doc_id, Entry(seq, env, origin))

        seq: int = await self._write(apply, announce)
        return seq

    async def put_checkpoint(self, doc_id: str, env: bytes, covers_seq: int, now: float) -> None:
        def apply(conn: sqlite3.Connection) -> None:
            row = conn.execute(
                "SELECT last_seq, checkpoint_seq, bytes_used, quota_bytes FROM docs WHERE id = ?",
                (doc_id,),
            ).fetchone()
            if row is None:
                raise UnknownDocument("no such document")
            last_seq, checkpoint_seq, used, quota_bytes = row
            if covers_seq > last_seq or covers_seq < checkpoint_seq:
                raise StaleCheckpoint(f"covers_seq must be between {checkpoint_seq} and {last_seq}")
            old = conn.execute(
                "SELECT length(env) FROM checkpoints WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            dropped_bytes, dropped = conn.execute(
                "SELECT coalesce(sum(length(env)), 0), count(*) FROM log"
                " WHERE doc_id = ? AND seq <= ?",
                (doc_id, covers_seq),
            ).fetchone()
            new_used = used - dropped_bytes - (old[0] if old else 0) + len(env)
            if new_used > quota_bytes:
                raise QuotaExceeded("the checkpoint does not fit in the document's quota")
            conn.execute("DELETE FROM log WHERE doc_id = ? AND seq <= ?", (doc_id, covers_seq))
            conn.execute(
                "INSERT OR REPLACE INTO checkpoints (doc_id, covers_seq, env) VALUES (?, ?, ?)",
                (doc_id, covers_seq, env),
            )
            conn.execute(
                "UPDATE docs SET checkpoint_seq = ?, bytes_used = ?, entries = entries - ?,"
                " last_active = ? WHERE id = ?",
                (covers_seq, new_used, dropped, now, doc_id),
            )

        await self._write(apply)

    async def read_checkpoint(self, doc_id: str) -> Checkpoint | None:
        row = await self._read(
            lambda c: c.execute(
                "SELECT covers_seq, env FROM checkpoints WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        )
        return None if row is None else Checkpoint(row[0], bytes(row[1]))

    async def read(self, doc_id: str, after: int, limit: int) -> list[Entry]:
        rows = await self._read(
            lambda c: c.execute(
                "SELECT seq, env FROM log WHERE doc_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (doc_id, after, limit),
            ).fetchall()
        )
        return [Entry(seq, bytes(env)) for seq, env in rows]

    async def purge_abandoned(self, cutoff: float) -> int:
        def apply(conn: sqlite3.Connection) -> list[str]:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM docs WHERE last_active < ? LIMIT ?", (cutoff, PURGE_CHUNK)
                )
            ]
            for doc_id in ids:
                _delete(conn, doc_id)
            return ids

        total = 0
        while True:
            ids: list[str] = await self._write(apply)
            for doc_id in ids:
                self._feed.kick(doc_id, CLOSE_DOC_DELETED, "document expired")
            total += len(ids)
            if len(ids) < PURGE_CHUNK:
                return total

    # -- live delivery: everything happens in this process -----------------------------------

    async def watch(self, doc_id: str) -> None:
        return None

    async def unwatch(self, doc_id: str) -> None:
        return None

    async def broadcast_ephemeral(self, doc_id: str, env: bytes, origin: str) -> None:
        self._feed.publish_ephemeral(doc_id, env, origin)

    async def kick(self, doc_id: str, code: int, reason: str) -> None:
        self._feed.kick(doc_id, code, reason)


def _delete(conn: sqlite3.Connection, doc_id: str) -> bool:
    conn.execute("DELETE FROM log WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM checkpoints WHERE doc_id = ?", (doc_id,))
    return conn.execute("DELETE FROM docs WHERE id = ?", (doc_id,)).rowcount > 0
