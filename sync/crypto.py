"""Keys: a device's identity, a playlist's epoch keys, and wrapping a key for one device.

- A *device* has an Ed25519 key (signs envelopes and roster statements) and an X25519 key
  (receives epoch keys wrapped for it). Both live in the encrypted library.
- A playlist has one random 256-bit *epoch key* per epoch. The envelope key and the relay access
  token are derived from it with HKDF, so the relay (which sees only a hash of the token) learns
  nothing that decrypts.
- Wrapping: ephemeral X25519 to the recipient's key, HKDF, ChaCha20-Poly1305 (an ECIES box).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
SIGNATURE_BYTES = 64
NONCE_BYTES = 12


@dataclass(frozen=True)
class DeviceKeys:
    """This device's identity. ``public`` (Ed25519, 32 bytes) is how others name the device."""

    signing: Ed25519PrivateKey
    receiving: X25519PrivateKey

    @classmethod
    def generate(cls) -> DeviceKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @classmethod
    def from_bytes(cls, signing: bytes, receiving: bytes) -> DeviceKeys:
        return cls(
            Ed25519PrivateKey.from_private_bytes(signing),
            X25519PrivateKey.from_private_bytes(receiving),
        )

    def private_bytes(self) -> tuple[bytes, bytes]:
        return self.signing.private_bytes_raw(), self.receiving.private_bytes_raw()

    @property
    def public(self) -> bytes:
        return self.signing.public_key().public_bytes_raw()

    @property
    def receiving_public(self) -> bytes:
        return self.receiving.public_key().public_bytes_raw()

    def sign(self, data: bytes) -> bytes:
        return self.signing.sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def new_epoch_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def hkdf(secret: bytes, info: bytes, length: int = KEY_BYTES) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


def envelope_key(epoch_key: bytes, doc_id: str, epoch: int) -> bytes:
    return hkdf(epoch_key, b"mixtape/envelope/v1|" + doc_id.encode() + b"|%d" % epoch)


def relay_token(epoch_key: bytes, doc_id: str, epoch: int) -> str:
    """The relay access token of an epoch (the relay stores only its SHA-256)."""
    raw = hkdf(epoch_key, b"mixtape/relay-token/v1|" + doc_id.encode() + b"|%d" % epoch)
    return raw.hex()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """nonce ‖ ciphertext with ChaCha20-Poly1305 and a random nonce."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, associated)


def open_sealed(key: bytes, sealed: bytes, associated: bytes) -> bytes | None:
    if len(sealed) < NONCE_BYTES + 16:
        return None
    try:
        return ChaCha20Poly1305(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except InvalidTag:
        return None


def wrap_key(epoch_key: bytes, recipient: bytes, context: bytes) -> bytes:
    """``epoch_key`` readable only by the holder of the X25519 private key for ``recipient``."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    kek = hkdf(shared, b"mixtape/wrap/v1|" + context + ephemeral_public + recipient)
    return ephemeral_public + seal(kek, epoch_key, context)


def unwrap_key(wrapped: bytes, device: DeviceKeys, context: bytes) -> bytes | None:
    ephemeral_public, sealed = wrapped[:KEY_BYTES], wrapped[KEY_BYTES:]
    try:
        shared = device.receiving.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:
        return None
    kek = hkdf(shared, b"mixtape/wrap/v1|" + context + ephemeral_public + device.receiving_public)
    return open_sealed(kek, sealed, context)


def crdt_client_id(device_public: bytes, doc_id: str) -> int:
    """The one pycrdt client id a device may write with in a document (31 bits, derived)."""
    digest = hashlib.sha256(b"mixtape/client-id|" + doc_id.encode() + b"|" + device_public)
    return int.from_bytes(digest.digest()[:4], "big") & 0x7FFFFFFF
