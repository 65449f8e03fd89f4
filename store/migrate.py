"""Bring a database up to the latest schema, backing it up first."""

from __future__ import annotations

import logging
from pathlib import Path

from store.database import DB, DBAPIError, connect_raw
from store.errors import MigrationFailed, StoreError
from store.schema import LATEST, MIGRATIONS

logger = logging.getLogger(__name__)


def schema_version(db: DB) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def backup_copy(db: DB, target: Path, key: bytes) -> None:
    """An encrypted copy of ``db`` at ``target`` (same key), via SQLite's online backup API."""
    target.unlink(missing_ok=True)
    target.touch(mode=0o600)
    copy = connect_raw(target, key)
    try:
        db.backup(copy)
    finally:
        copy.close()


def migrate(db: DB, db_path: Path, key: bytes) -> int:
    """Apply every pending migration, each in its own transaction. Returns the new version."""
    current = schema_version(db)
    if current > LATEST:
        raise StoreError(
            f"this library was written by a newer Mixtape (schema {current}); please update"
        )
    if current == LATEST:
        return current
    if current > 0:
        backup = db_path.with_name(f"{db_path.name}.v{current}.bak")
        backup_copy(db, backup, key)
        logger.info("backed up schema v%d before migrating", current)
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        try:
            db.execute("BEGIN IMMEDIATE")
            for statement in migration.statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {migration.version}")
            db.execute("COMMIT")
        except DBAPIError as e:
            db.execute("ROLLBACK")
            raise MigrationFailed(
                f"upgrading the library to schema {migration.version} failed ({e}); "
                "your data is unchanged"
            ) from e
        logger.info("migrated library to schema v%d", migration.version)
    return LATEST
