from __future__ import annotations

from collections.abc import Iterator

import pytest

from store import Library, Profile, open_library
from tests.insights.support import PASSPHRASE, fill


@pytest.fixture
def library() -> Iterator[Library]:
    """The hand-built library of ``support``, in the test's own profile (``MIXTAPE_HOME``)."""
    lib = open_library(Profile.resolve(), PASSPHRASE)
    fill(lib)
    yield lib
    lib.close()
