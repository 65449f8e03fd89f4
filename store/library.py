"""The library: one encrypted database per profile, and how it is unlocked.

Unlocking order: the OS keyring (silent); else the passphrase, which unwraps the key file.
A new library needs a passphrase even when a keyring exists, because the key file is the way
back in when the keyring changes. Opening also finishes any work a crash interrupted: import
batches that never completed are removed whole.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from store.database import (
    DB,
    DBAPIError,
    connect_raw,
    create_empty,
    make_engine,
    verify_key,
    wrap_db_error,
)
from store.errors import LibraryLocked, StoreError, WrongPassphrase
from store.keys import KeyFile, new_key
from store.migrate import migrate
from store.profile import Profile
from store.secrets import KeyringSecrets

if TYPE_CHECKING:
    from store.importing import ImportBatchWriter

logger = logging.getLogger(__name__)


class Library:
    """An open library. Thread-safe: every call takes its own pooled connection."""

    def __init__(self, profile: Profile, key: bytes) -> None:
        from store.repositories import (
            ListenRepository,
            PlaylistRepository,
            SavedRepository,
            TrackRepository,
        )

        self.profile = profile
        self._key = key
        self._engine: Engine = make_engine(profile.db_path, key)
        self.tracks = TrackRepository(self)
        self.playlists = PlaylistRepository(self)
        self.listens = ListenRepository(self)
        self.saved = SavedRepository(self)

    # -- unlocking -------------------------------------------------------------------------
    @staticmethod
    def exists(profile: Profile) -> bool:
        return profile.db_path.exists()

    @staticmethod
    def needs_passphrase(profile: Profile) -> bool:
        """True when opening needs a passphrase: no library yet, or the keyring can't unlock."""
        if not profile.db_path.exists():
            return True
        return _key_from_keyring(profile) is None

    # -- connections -----------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[DB]:
        """A connection for reading (each statement sees a consistent snapshot)."""
        try:
            with self._engine.connect() as conn:
                yield conn.connection.dbapi_connection
        except DBAPIError as e:
            raise wrap_db_error(e) from e

    @contextmanager
    def write(self) -> Iterator[DB]:
        """One write transaction: all of it commits, or none of it."""
        try:
            with self._engine.connect() as conn:
                db: Any = conn.connection.dbapi_connection
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        except DBAPIError as e:
            raise wrap_db_error(e) from e

    @property
    def key(self) -> bytes:
        return self._key

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- whole-library facts ---------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        from store.queries import library_status

        with self.read() as db:
            return library_status(db)

    def begin_import(self, importer: str, source: str, content_hash: str) -> ImportBatchWriter:
        """Start writing one imported file as a batch (see ``store.importing``)."""
        from store.importing import ImportBatchWriter

        return ImportBatchWriter(self, importer, source, content_hash)

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the library key under a new passphrase (the key itself does not change)."""
        KeyFile.wrap(self._key, new_passphrase).save(self.profile.key_path)


def open_library(
    profile: Profile, passphrase: str | None = None, *, create: bool = True
) -> Library:
    """Open (or create) the library of ``profile``.

    Raises ``LibraryLocked`` when a passphrase is needed and none was given, ``WrongPassphrase``
    when it does not fit, ``StoreError`` for anything else a user must act on.
    """
    profile.ensure()
    keyring = KeyringSecrets.available()
    if not profile.db_path.exists():
        if not create:
            raise StoreError(f"no library in {profile.dir}; run `mixtape init` first")
        if passphrase is None:
            raise LibraryLocked("choose a passphrase to create your library")
        key = new_key()
        KeyFile.wrap(key, passphrase).save(profile.key_path)
        create_empty(profile.db_path, key)
        if keyring is not None:
            keyring.set(profile.keyring_user, key.hex())
        logger.info("created a new library")
    else:
        key = _key_from_keyring(profile, keyring) or _key_from_passphrase(profile, passphrase)
        if keyring is not None:
            keyring.set(profile.keyring_user, key.hex())
    _prepare(profile, key)
    return Library(profile, key)


def _key_from_keyring(profile: Profile, keyring: KeyringSecrets | None = None) -> bytes | None:
    keyring = keyring or KeyringSecrets.available()
    if keyring is None:
        return None
    stored = keyring.get(profile.keyring_user)
    if not stored:
        return None
    try:
        key = bytes.fromhex(stored)
        verify_key(profile.db_path, key)
    except (ValueError, WrongPassphrase):
        logger.warning("the keyring holds a key that does not open this library; ignoring it")
        return None
    return key


def _key_from_passphrase(profile: Profile, passphrase: str | None) -> bytes:
    if passphrase is None:
        raise LibraryLocked(
            "the library is locked: enter your passphrase (or set MIXTAPE_PASSPHRASE)"
        )
    if not profile.key_path.exists():
        raise LibraryLocked(
            f"the key file {profile.key_path.name} is missing; restore it from a backup"
        )
    key = KeyFile.load(profile.key_path).unwrap(passphrase)
    verify_key(profile.db_path, key)
    return key


def _prepare(profile: Profile, key: bytes) -> None:
    """Upgrade the schema and roll back imports a crash left half-done."""
    from store.importing import discard_incomplete_batches

    db = connect_raw(profile.db_path, key)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        migrate(db, profile.db_path, key)
        discard_incomplete_batches(db)
    except DBAPIError as e:
        raise wrap_db_error(e) from e
    finally:
        db.close()


def db_file_paths(profile: Profile) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    db = profile.db_path
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
