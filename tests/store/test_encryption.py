"""The library is encrypted at rest and opens only with its key."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from store import (
    KeyringRefused,
    Library,
    LibraryLocked,
    Profile,
    WrongPassphrase,
    open_library,
)
from store.secrets import KeyringSecrets
from tests.store.support import (
    MARKER_TITLE,
    PASSPHRASE,
    MemoryKeyring,
    PlaintextKeyring,
    sample_records,
)


def _write_sample(lib: Library) -> None:
    with lib.begin_import("test", "sample.json", "hash-1") as batch:
        for record in sample_records():
            batch.add(record)


def test_no_title_appears_in_plaintext_in_the_database_or_its_wal(profile: Profile) -> None:
    lib = open_library(profile, PASSPHRASE)
    _write_sample(lib)
    wal = profile.db_path.with_name("library.db-wal")
    assert wal.exists(), "WAL mode keeps recent writes in the -wal file; check it too"
    for path in (profile.db_path, wal):
        data = path.read_bytes()
        assert MARKER_TITLE.encode() not in data
        assert MARKER_TITLE.encode("utf-16-le") not in data
        assert b"SQLite format 3" not in data[:16]
    lib.close()


def test_files_are_readable_by_the_owner_only(profile: Profile) -> None:
    open_library(profile, PASSPHRASE).close()
    assert profile.db_path.stat().st_mode & 0o777 == 0o600
    assert profile.key_path.stat().st_mode & 0o777 == 0o600
    assert profile.dir.stat().st_mode & 0o777 == 0o700


def test_wrong_passphrase_is_a_clear_error_and_touches_nothing(profile: Profile) -> None:
    lib = open_library(profile, PASSPHRASE)
    _write_sample(lib)
    lib.close()
    before = {p.name: p.read_bytes() for p in profile.dir.iterdir()}
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        open_library(profile, "not the passphrase")
    after = {p.name: p.read_bytes() for p in profile.dir.iterdir()}
    assert after == before


def test_locked_without_passphrase_or_keyring(profile: Profile) -> None:
    open_library(profile, PASSPHRASE).close()
    assert Library.needs_passphrase(profile)
    with pytest.raises(LibraryLocked):
        open_library(profile, None)


def test_a_new_library_needs_a_passphrase(profile: Profile) -> None:
    with pytest.raises(LibraryLocked):
        open_library(profile, None)
    assert not profile.db_path.exists()


def test_with_a_real_keyring_the_library_opens_silently(
    profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    open_library(profile, PASSPHRASE).close()
    assert memory_keyring.entries, "the key should be in the keyring"
    assert not Library.needs_passphrase(profile)
    lib = open_library(profile, None)
    assert lib.status()["service_tracks"] == 0
    lib.close()


def test_passphrase_still_works_when_the_keyring_lost_the_key(
    profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    open_library(profile, PASSPHRASE).close()
    memory_keyring.entries.clear()
    assert Library.needs_passphrase(profile)
    open_library(profile, PASSPHRASE).close()
    assert memory_keyring.entries, "opening with the passphrase puts the key back"


def test_a_wrong_key_in_the_keyring_falls_back_to_the_passphrase(
    profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    open_library(profile, PASSPHRASE).close()
    for entry in memory_keyring.entries:
        memory_keyring.entries[entry] = "00" * 32
    with pytest.raises(LibraryLocked):
        open_library(profile, None)
    open_library(profile, PASSPHRASE).close()


def test_plaintext_keyring_backend_is_refused(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        with pytest.raises(KeyringRefused):
            KeyringSecrets()
        profile = Profile.resolve(tmp_path / "p")
        open_library(profile, PASSPHRASE).close()
        stored = keyring.get_keyring()
        assert isinstance(stored, PlaintextKeyring)
        assert not stored.entries, "the key must never go to a plaintext keyring"
    finally:
        keyring.set_keyring(previous)


def test_null_and_fail_backends_are_refused() -> None:
    from keyring.backends import fail, null

    from store.secrets import is_safe_backend

    assert not is_safe_backend(null.Keyring())
    assert not is_safe_backend(fail.Keyring())
    assert is_safe_backend(MemoryKeyring())


def test_changing_the_passphrase_keeps_the_data(profile: Profile) -> None:
    lib = open_library(profile, PASSPHRASE)
    _write_sample(lib)
    lib.change_passphrase("a brand new passphrase")
    lib.close()
    with pytest.raises(WrongPassphrase):
        open_library(profile, PASSPHRASE)
    lib = open_library(profile, "a brand new passphrase")
    assert lib.status()["listens"] == 20
    lib.close()
