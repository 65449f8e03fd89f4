"""Errors raised by the store. Each message is one line a user can act on.

StoreError
├── LibraryLocked       the library exists but needs a passphrase we do not have
├── WrongPassphrase     the passphrase (or key) does not open the library
├── KeyringRefused      the OS keyring backend is not safe enough to hold the key
├── CorruptLibrary      the file is damaged or not a Mixtape library
├── BackupInvalid       a backup failed verification; nothing was replaced
└── MigrationFailed     the schema upgrade failed; the pre-migration backup is kept
"""

from __future__ import annotations


class StoreError(Exception):
    """Root of every store error."""


class LibraryLocked(StoreError):
    pass


class WrongPassphrase(StoreError):
    pass


class KeyringRefused(StoreError):
    pass


class CorruptLibrary(StoreError):
    pass


class BackupInvalid(StoreError):
    pass


class MigrationFailed(StoreError):
    pass
