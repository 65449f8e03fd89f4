"""``python -m tests.sync.sync_worker PROFILE``: one ``share sync`` in a process of its own,
so a test can kill -9 it mid-sync."""

from __future__ import annotations

import sys

from store import Profile, open_library
from sync import sharing
from tests.sync.conftest import PASSPHRASE

if __name__ == "__main__":
    with open_library(Profile.resolve(sys.argv[1]), PASSPHRASE) as library:
        sharing.sync_all(library)
