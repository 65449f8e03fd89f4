"""The encrypted local library: schema, migrations, repositories, search, backup, erasure.

Errors are in ``store.errors`` (root: ``StoreError``).
"""

from store.errors import (
    BackupInvalid,
    CorruptLibrary,
    KeyringRefused,
    LibraryLocked,
    MigrationFailed,
    StoreError,
    WrongPassphrase,
)
from store.library import Library, open_library
from store.profile import Profile
from store.rows import EntryRow, PlaylistRow, TrackRow

__all__ = [
    "BackupInvalid",
    "CorruptLibrary",
    "EntryRow",
    "KeyringRefused",
    "Library",
    "LibraryLocked",
    "MigrationFailed",
    "PlaylistRow",
    "Profile",
    "StoreError",
    "TrackRow",
    "WrongPassphrase",
    "open_library",
]
