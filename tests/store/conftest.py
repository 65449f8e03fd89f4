from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from store import Library, Profile, open_library
from tests.store.support import PASSPHRASE, MemoryKeyring


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.resolve(tmp_path / "lib")


@pytest.fixture
def library(profile: Profile) -> Iterator[Library]:
    lib = open_library(profile, PASSPHRASE)
    yield lib
    lib.close()
