"""Opening the encrypted database: SQLCipher through SQLAlchemy, one connection per thread.

Every connection is keyed with the raw 256-bit key (``PRAGMA key = "x'…'"``), so SQLCipher
skips its own key derivation; the key itself comes from the keyring or the passphrase.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from store.errors import CorruptLibrary, StoreError, WrongPassphrase

DBAPIError = sqlcipher3.dbapi2.DatabaseError
#: A keyed sqlcipher3 connection (the driver ships no type information).
DB = Any


def connect_raw(path: Path, key: bytes) -> DB:
    """A keyed DB-API connection (used for the engine, backups and integrity checks)."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    # SQLCipher logs a wrong key to stderr itself; Mixtape reports it in its own words.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def verify_key(path: Path, key: bytes) -> None:
    """Raise ``WrongPassphrase`` unless ``key`` opens the database at ``path``."""
    conn = connect_raw(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DBAPIError as e:
        raise WrongPassphrase("this key does not open the library (wrong passphrase?)") from e
    finally:
        conn.close()


def create_empty(path: Path, key: bytes) -> None:
    """Create the database file with mode 0600 before SQLCipher writes anything into it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    conn = connect_raw(path, key)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS _mixtape_created(at TEXT)")
        conn.execute("DROP TABLE _mixtape_created")
    finally:
        conn.close()


def make_engine(path: Path, key: bytes) -> Engine:
    """A pooled engine: each thread checks out its own keyed connection."""

    def creator() -> Any:
        return connect_raw(path, key)

    engine = create_engine(
        "sqlite://",  # the creator supplies keyed sqlcipher3 connections
        creator=creator,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",  # durable against crashes in WAL mode
            "PRAGMA foreign_keys = ON",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA cache_size = -32000",
        ):
            dbapi_conn.execute(pragma)

    return engine


def integrity_problems(path: Path, key: bytes) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``cipher_integrity_check`` report (empty = fine)."""
    conn = connect_raw(path, key)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [r for r in rows if r != "ok"]
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        return problems
    except DBAPIError as e:
        raise CorruptLibrary(f"the library file is damaged ({e})") from e
    finally:
        conn.close()


def wrap_db_error(e: Exception) -> StoreError:
    """A user-facing error for a database failure (disk full, locked, damaged)."""
    text = str(e).lower()
    if "not a database" in text:
        return WrongPassphrase("this key does not open the library (wrong passphrase?)")
    if "disk" in text and "full" in text:
        return StoreError("the disk is full; nothing was changed")
    if "locked" in text or "busy" in text:
        return StoreError("the library is busy in another Mixtape window; try again")
    return CorruptLibrary(f"database error: {e}")
