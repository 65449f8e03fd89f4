"""Libraries written by earlier versions open, upgrade, and keep their data."""

from __future__ import annotations

import shutil
from pathlib import Path

from store import Profile, open_library
from store.database import connect_raw
from store.migrate import schema_version
from store.schema import LATEST

FIXTURES = Path(__file__).parent / "fixtures"
V1_PASSPHRASE = "fixture passphrase"


def _copy_fixture(name: str, tmp_path: Path) -> Profile:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return Profile.resolve(target)


def test_a_version_1_library_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    profile = _copy_fixture("library_v1", tmp_path)
    lib = open_library(profile, V1_PASSPHRASE)
    try:
        with lib.read() as db:
            assert schema_version(db) == LATEST
        status = lib.status()
        assert status["service_tracks"] == 2
        assert status["listens"] == 1
        assert [p.name for p in lib.playlists.list()] == ["Eighties"]
        # v2 added full-text search: existing rows must be searchable.
        assert lib.tracks.count("never gonna") == 2
        assert lib.tracks.count("n") == 2  # v9: one-letter prefixes have an index of their own
        assert [p.name for p in lib.playlists.search("eight")] == ["Eighties"]
    finally:
        lib.close()


def test_an_encrypted_backup_is_taken_before_migrating(tmp_path: Path) -> None:
    profile = _copy_fixture("library_v1", tmp_path)
    open_library(profile, V1_PASSPHRASE).close()
    backup = profile.dir / "library.db.v1.bak"
    assert backup.exists()
    assert b"Never Gonna" not in backup.read_bytes()
    db = connect_raw(backup, bytes(range(32)))
    try:
        assert schema_version(db) == 1
    finally:
        db.close()


def test_opening_an_up_to_date_library_does_not_migrate_again(tmp_path: Path) -> None:
    profile = Profile.resolve(tmp_path / "new")
    open_library(profile, V1_PASSPHRASE).close()
    open_library(profile, V1_PASSPHRASE).close()
    assert not list(profile.dir.glob("*.bak"))
