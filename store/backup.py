"""Encrypted backups that move between machines, verified restores, and erasure.

A backup is a zip holding the encrypted database (copied with SQLite's online backup API, so
it is consistent even while the app runs), the key file (the key wrapped under the passphrase)
and a manifest with the database's SHA-256. Whoever has the file still needs the passphrase.
A restore checks all of that on a copy before it touches the current library.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from store.database import connect_raw, integrity_problems, verify_key
from store.errors import BackupInvalid, CorruptLibrary, WrongPassphrase
from store.keys import KeyFile
from store.library import Library, db_file_paths
from store.migrate import backup_copy, schema_version
from store.profile import Profile
from store.schema import LATEST
from store.secrets import KeyringSecrets

logger = logging.getLogger(__name__)

_FORMAT = "mixtape-backup/1"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(library: Library, target: Path) -> Path:
    """Write an encrypted, self-contained backup of ``library`` to ``target`` (atomically)."""
    profile = library.profile
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=profile.dir) as tmp:
        copy = Path(tmp) / "library.db"
        with library.read() as db:
            backup_copy(db, copy, library.key)
            version = schema_version(db)
        manifest = {
            "format": _FORMAT,
            "created_at": int(time.time()),
            "schema_version": version,
            "db_sha256": _sha256(copy),
        }
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
            archive.write(profile.key_path, "library.key")
            archive.write(copy, "library.db")
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    logger.info("backup written")
    return target


def restore(profile: Profile, source: Path, passphrase: str | None) -> None:
    """Replace the profile's library with the backup at ``source``, after verifying it.

    The backup's key file is opened with ``passphrase``. Nothing in the profile changes unless
    every check passes; the library it replaces is kept as ``library.db.before-restore``.
    """
    profile.ensure()
    with tempfile.TemporaryDirectory(dir=profile.dir) as tmp:
        staged_db, staged_key = Path(tmp) / "library.db", Path(tmp) / "library.key"
        manifest = _unpack(source, staged_db, staged_key)
        if _sha256(staged_db) != manifest.get("db_sha256"):
            raise BackupInvalid(f"{source.name}: the database in the backup is damaged")
        if passphrase is None:
            raise WrongPassphrase("restoring needs the passphrase the backup was made with")
        key = KeyFile.load(staged_key).unwrap(passphrase)
        try:
            verify_key(staged_db, key)
            problems = integrity_problems(staged_db, key)
        except (WrongPassphrase, CorruptLibrary) as e:
            raise BackupInvalid(f"{source.name}: {e}") from e
        if problems:
            raise BackupInvalid(f"{source.name}: integrity check failed ({problems[0]})")
        db = connect_raw(staged_db, key)
        try:
            if schema_version(db) > LATEST:
                raise BackupInvalid(f"{source.name} was made by a newer Mixtape; update first")
        finally:
            db.close()
        _swap_in(profile, staged_db, staged_key)
    keyring = KeyringSecrets.available()
    if keyring is not None:
        keyring.set(profile.keyring_user, key.hex())
    logger.info("library restored from backup")


def _unpack(source: Path, db_path: Path, key_path: Path) -> dict[str, object]:
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            if not {"manifest.json", "library.db", "library.key"} <= names:
                raise BackupInvalid(f"{source.name}: not a Mixtape backup")
            manifest = json.loads(archive.read("manifest.json"))
            if manifest.get("format") != _FORMAT:
                raise BackupInvalid(f"{source.name}: unknown backup format")
            with archive.open("library.db") as src, db_path.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            key_path.write_bytes(archive.read("library.key"))
    except FileNotFoundError as e:
        raise BackupInvalid(f"{source}: no such file") from e
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as e:
        raise BackupInvalid(f"{source.name}: damaged backup ({e})") from e
    if not isinstance(manifest, dict):
        raise BackupInvalid(f"{source.name}: damaged backup manifest")
    return manifest


def _swap_in(profile: Profile, staged_db: Path, staged_key: Path) -> None:
    current = profile.db_path
    if current.exists():
        os.replace(current, current.with_name(current.name + ".before-restore"))
    for leftover in db_file_paths(profile)[1:]:
        leftover.unlink(missing_ok=True)
    os.chmod(staged_db, 0o600)
    os.replace(staged_db, current)
    KeyFile.load(staged_key).save(profile.key_path)


#: Folders inside a profile that hold only Mixtape's own files (indexes, caches, relay data).
OWNED_FOLDERS = ("index", "cache", "relay", "shared")


def forget(profile: Profile) -> list[Path]:
    """Delete everything Mixtape keeps for this profile. Returns what was removed.

    Only Mixtape's own files are touched (``library.*`` and the folders it owns), so a profile
    pointed at a folder with other files in it never loses them.
    """
    removed: list[Path] = []
    if profile.dir.exists():
        for path in sorted(profile.dir.glob("library.*")):
            if path.is_file():
                path.unlink()
                removed.append(path)
        for name in OWNED_FOLDERS:
            folder = profile.dir / name
            if folder.is_dir():
                removed.extend(p for p in folder.rglob("*") if p.is_file())
                shutil.rmtree(folder)
        if not any(profile.dir.iterdir()):
            profile.dir.rmdir()
    keyring = KeyringSecrets.available()
    if keyring is not None:
        keyring.delete(profile.keyring_user)
    return removed
