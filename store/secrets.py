"""The one door to secrets: a small ``SecretStore`` backed by the OS keyring.

Only real keyrings are accepted. keyring's fail and null backends, and the plaintext or
"encrypted file" backends of keyrings.alt, would leave the library key on disk next to the
library, so they are refused and the passphrase becomes the way in.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors

from store.errors import KeyringRefused

logger = logging.getLogger(__name__)

SERVICE = "Mixtape"

_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
_REFUSED_NAMES = ("Plaintext", "Null", "Fail", "Encrypted")


class SecretStore(Protocol):
    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


def backend_description() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def is_safe_backend(backend: keyring.backend.KeyringBackend) -> bool:
    """True for OS keyrings (Secret Service, macOS Keychain, Windows Credential Manager…)."""
    backends = list(getattr(backend, "backends", [])) or [backend]  # a ChainerBackend
    for b in backends:
        module, name = type(b).__module__, type(b).__name__
        if module.startswith(_REFUSED_MODULES) or any(n in name for n in _REFUSED_NAMES):
            continue
        if getattr(b, "priority", 0) > 0:
            return True
    return False


class KeyringSecrets:
    """Secrets in the OS keyring; raises ``KeyringRefused`` when no safe backend exists."""

    def __init__(self) -> None:
        backend = keyring.get_keyring()
        if not is_safe_backend(backend):
            raise KeyringRefused(f"no safe OS keyring (found {backend_description()})")
        self._backend = backend

    @classmethod
    def available(cls) -> KeyringSecrets | None:
        try:
            return cls()
        except KeyringRefused:
            return None

    def get(self, name: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, name)
        except keyring.errors.KeyringError as e:
            logger.warning("keyring read failed: %s", type(e).__name__)
            return None

    def set(self, name: str, value: str) -> None:
        self._backend.set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(SERVICE, name)
