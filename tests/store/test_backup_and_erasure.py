"""Backups move between machines, restores verify first, and forget leaves nothing behind."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from store import BackupInvalid, Library, Profile, WrongPassphrase, open_library
from store.backup import backup, forget, restore
from store.export import iter_listens, iter_playlists, iter_saved, iter_tracks
from tests.store.support import PASSPHRASE, MemoryKeyring, sample_records


def _fill(lib: Library) -> None:
    with lib.begin_import("test", "sample.json", "hash-1") as batch:
        for record in sample_records():
            batch.add(record)


def _snapshot(lib: Library) -> tuple[object, ...]:
    return (
        lib.status(),
        list(iter_tracks(lib)),
        list(iter_playlists(lib)),
        list(iter_saved(lib)),
        list(iter_listens(lib)),
    )


def test_backup_forget_restore_gives_back_the_same_library(
    profile: Profile, tmp_path: Path
) -> None:
    lib = open_library(profile, PASSPHRASE)
    _fill(lib)
    before = _snapshot(lib)
    archive = backup(lib, tmp_path / "elsewhere" / "mixtape.backup")
    lib.close()

    forget(profile)
    assert not profile.dir.exists()

    restore(profile, archive, PASSPHRASE)
    lib = open_library(profile, PASSPHRASE)
    assert _snapshot(lib) == before
    lib.close()


def test_a_corrupted_backup_is_refused_and_the_library_is_untouched(
    library: Library, tmp_path: Path
) -> None:
    _fill(library)
    archive = backup(library, tmp_path / "b.backup")
    corrupted = tmp_path / "corrupted.backup"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(corrupted, "w") as dst:
        for info in src.infolist():
            data = bytearray(src.read(info))
            if info.filename == "library.db":
                data[len(data) // 2] ^= 0xFF
            dst.writestr(info, bytes(data))
    before = library.profile.db_path.read_bytes()
    with pytest.raises(BackupInvalid, match="damaged"):
        restore(library.profile, corrupted, PASSPHRASE)
    assert library.profile.db_path.read_bytes() == before
    assert library.status()["listens"] == 20


@pytest.mark.parametrize("garbage", [b"", b"not a zip at all", b"PK\x03\x04 truncated"])
def test_something_that_is_not_a_backup_is_refused(
    library: Library, tmp_path: Path, garbage: bytes
) -> None:
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(garbage)
    with pytest.raises(BackupInvalid):
        restore(library.profile, bogus, PASSPHRASE)


def test_restore_with_the_wrong_passphrase_changes_nothing(
    library: Library, tmp_path: Path
) -> None:
    _fill(library)
    archive = backup(library, tmp_path / "b.backup")
    before = library.profile.db_path.read_bytes()
    with pytest.raises(WrongPassphrase):
        restore(library.profile, archive, "wrong")
    assert library.profile.db_path.read_bytes() == before


def test_a_backup_is_encrypted(library: Library, tmp_path: Path) -> None:
    _fill(library)
    archive = backup(library, tmp_path / "b.backup")
    assert b"Zyzzyva" not in archive.read_bytes()


def test_forget_removes_the_library_key_file_caches_and_keyring_entry(
    profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    lib = open_library(profile, PASSPHRASE)
    _fill(lib)
    lib.close()
    (profile.index_dir).mkdir()
    (profile.index_dir / "tracks.ann").write_bytes(b"index")
    assert memory_keyring.entries
    forget(profile)
    assert not profile.dir.exists()
    assert not memory_keyring.entries


def test_forget_never_deletes_files_that_are_not_mixtapes(tmp_path: Path) -> None:
    profile = Profile.resolve(tmp_path)
    open_library(profile, PASSPHRASE).close()
    mine = tmp_path / "thesis.tex"
    mine.write_text("do not delete")
    forget(profile)
    assert mine.read_text() == "do not delete"
    assert not profile.db_path.exists()
    assert not profile.key_path.exists()
