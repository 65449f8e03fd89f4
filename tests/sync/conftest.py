"""Fixtures for the sync tests: a real relay process on 127.0.0.1 and libraries to share from.

The relay is started exactly as the relay tests start it (``tests.relay.conftest``), with the
SQLite store, so its database, WAL and log can be searched for plaintext afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store import Library, Profile, open_library
from tests.relay.conftest import RelayProcess, running_relay

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def relay_process() -> Iterator[RelayProcess]:
    """A relay of this test's own (it may be killed, restarted, or searched for plaintext)."""
    with running_relay() as relay:
        yield relay


@pytest.fixture
def make_library(tmp_path: Path) -> Iterator[Callable[[str], Library]]:
    """Open (creating) the library of a named profile under the test's temp dir."""
    opened: list[Library] = []

    def make(name: str) -> Library:
        library = open_library(Profile.resolve(tmp_path / name), PASSPHRASE)
        opened.append(library)
        return library

    yield make
    for library in opened:
        library.close()
