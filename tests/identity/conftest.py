from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Library, Profile, open_library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(Profile.resolve(tmp_path / "lib"), "identity passphrase")
    yield lib
    lib.close()
