"""The library key: 256 random bits, kept in the keyring and wrapped under the passphrase.

The key file (``library.key``, JSON) holds the key encrypted with AES-256-GCM under a key
derived from the passphrase with Argon2id. It is what lets a user in when the keyring is gone
or changed, and what makes a backup portable: the backup carries it, the passphrase opens it.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from store.errors import CorruptLibrary, WrongPassphrase

KEY_BYTES = 32
_FORMAT = "mixtape-key/1"
# OWASP's first Argon2id recommendation (m=47 MiB, t=1) rounded up; ~0.1 s here.
_KDF_DEFAULTS = {"memory_kib": 65536, "iterations": 2, "lanes": 4}


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@dataclass(frozen=True)
class KeyFile:
    salt: bytes
    nonce: bytes
    wrapped: bytes
    memory_kib: int
    iterations: int
    lanes: int

    @classmethod
    def wrap(cls, key: bytes, passphrase: str) -> KeyFile:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        params = _KDF_DEFAULTS
        kek = _derive(passphrase, salt, **params)
        wrapped = AESGCM(kek).encrypt(nonce, key, _FORMAT.encode())
        return cls(salt, nonce, wrapped, **params)

    def unwrap(self, passphrase: str) -> bytes:
        kek = _derive(passphrase, self.salt, self.memory_kib, self.iterations, self.lanes)
        try:
            return AESGCM(kek).decrypt(self.nonce, self.wrapped, _FORMAT.encode())
        except InvalidTag as e:
            raise WrongPassphrase("wrong passphrase for this library") from e

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": _FORMAT,
                "kdf": {
                    "name": "argon2id",
                    "salt": b64(self.salt),
                    "memory_kib": self.memory_kib,
                    "iterations": self.iterations,
                    "lanes": self.lanes,
                },
                "cipher": {"name": "aes-256-gcm", "nonce": b64(self.nonce)},
                "wrapped_key": b64(self.wrapped),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        try:
            doc = json.loads(text)
            if doc.get("format") != _FORMAT:
                raise ValueError("unknown key file format")
            kdf, cipher = doc["kdf"], doc["cipher"]
            return cls(
                salt=base64.b64decode(kdf["salt"]),
                nonce=base64.b64decode(cipher["nonce"]),
                wrapped=base64.b64decode(doc["wrapped_key"]),
                memory_kib=int(kdf["memory_kib"]),
                iterations=int(kdf["iterations"]),
                lanes=int(kdf["lanes"]),
            )
        except (ValueError, KeyError, TypeError) as e:
            raise CorruptLibrary(f"the key file is damaged ({e})") from e

    def save(self, path: Path) -> None:
        """Write atomically with mode 0600: never a half-written key file."""
        tmp = path.with_suffix(".key.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(self.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        return cls.from_json(path.read_text(encoding="utf-8"))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _derive(passphrase: str, salt: bytes, memory_kib: int, iterations: int, lanes: int) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=iterations,
        lanes=lanes,
        memory_cost=memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))
