"""The envelope: what travels through the relay (shared/docs/sharing.md, "Envelope").

Layout (big-endian)::

    header   magic "MXTP" | version u8 | crdt format u8 | kind u8 | epoch u32 | device seq u64
             | device public key (32) | doc id length u8 | doc id (ASCII)
    body     nonce (12) | ChaCha20-Poly1305 ciphertext of (codec u8 | zlib(payload)),
             with the header as associated data
    signature  Ed25519 over header ‖ body, by the device named in the header

The relay sees only the header (which it never parses) and ciphertext. Decompression is capped
so a small envelope cannot expand into gigabytes.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from enum import IntEnum

from sync.crypto import SIGNATURE_BYTES, DeviceKeys, open_sealed, seal, verify
from sync.errors import EnvelopeRejected

MAGIC = b"MXTP"
VERSION = 1
#: pycrdt 0.14 (Yrs), update encoding v1. A new pycrdt minor or encoding gets a new byte.
CRDT_FORMAT = 1
MAX_UPDATE_BYTES = 256 * 1024
MAX_CHECKPOINT_BYTES = 8 * 1024 * 1024
MAX_PLAINTEXT_BYTES = 32 * 1024 * 1024

_FIXED = struct.Struct(">4sBBBIQ32sB")
_CODEC_ZLIB = 1
_DOC_ID = re.compile(r"^[A-Za-z0-9_-]{8,128}$")


class Kind(IntEnum):
    UPDATE = 1
    CHECKPOINT = 2
    ROSTER = 3
    KEY = 4
    EPHEMERAL = 5
    JOIN = 6


#: Kinds that use the device's sequence numbers (checkpoints and ephemerals do not).
SEQUENCED = frozenset({Kind.UPDATE, Kind.ROSTER, Kind.KEY, Kind.JOIN})


@dataclass(frozen=True, slots=True)
class Header:
    kind: Kind
    doc_id: str
    epoch: int
    seq: int
    device: bytes
    crdt_format: int = CRDT_FORMAT

    def encode(self) -> bytes:
        doc = self.doc_id.encode("ascii")
        fixed = _FIXED.pack(
            MAGIC, VERSION, self.crdt_format, self.kind, self.epoch, self.seq, self.device, len(doc)
        )
        return fixed + doc


@dataclass(frozen=True, slots=True)
class Parsed:
    """An envelope split into its parts; nothing in it is verified yet."""

    header: Header
    header_bytes: bytes
    body: bytes
    signed: bytes
    signature: bytes


def size_cap(kind: Kind) -> int:
    return MAX_CHECKPOINT_BYTES if kind is Kind.CHECKPOINT else MAX_UPDATE_BYTES


def seal_envelope(header: Header, payload: bytes, key: bytes, device: DeviceKeys) -> bytes:
    """Compress, encrypt (header as associated data) and sign ``payload``."""
    if not _DOC_ID.match(header.doc_id):
        raise ValueError("doc id must be 8-128 characters of A-Z a-z 0-9 _ -")
    if header.device != device.public:
        raise ValueError("the header must name the signing device")
    head = header.encode()
    plaintext = bytes([_CODEC_ZLIB]) + zlib.compress(payload, 6)
    signed = head + seal(key, plaintext, head)
    envelope = signed + device.sign(signed)
    if len(envelope) > size_cap(header.kind):
        raise ValueError(f"envelope of {len(envelope)} bytes is above the cap")
    return envelope


def parse(envelope: bytes) -> Parsed:
    """Split an envelope; raises ``EnvelopeRejected('malformed')`` when it is not one."""
    if len(envelope) < _FIXED.size + SIGNATURE_BYTES:
        raise EnvelopeRejected("malformed", "too short")
    magic, version, crdt_format, kind, epoch, seq, device, doc_len = _FIXED.unpack_from(envelope)
    if magic != MAGIC or version != VERSION:
        raise EnvelopeRejected("malformed", "not a Mixtape envelope of this version")
    if crdt_format != CRDT_FORMAT:
        raise EnvelopeRejected("malformed", f"CRDT format {crdt_format} is not supported")
    try:
        kind = Kind(kind)
    except ValueError as e:
        raise EnvelopeRejected("malformed", "unknown kind") from e
    end = _FIXED.size + doc_len
    try:
        doc_id = envelope[_FIXED.size : end].decode("ascii")
    except UnicodeDecodeError as e:
        raise EnvelopeRejected("malformed", "doc id") from e
    if not _DOC_ID.match(doc_id) or len(envelope) < end + SIGNATURE_BYTES:
        raise EnvelopeRejected("malformed", "doc id")
    header = Header(Kind(kind), doc_id, epoch, seq, device, crdt_format)
    return Parsed(
        header=header,
        header_bytes=envelope[:end],
        body=envelope[end:-SIGNATURE_BYTES],
        signed=envelope[:-SIGNATURE_BYTES],
        signature=envelope[-SIGNATURE_BYTES:],
    )


def check_signature(parsed: Parsed) -> None:
    if not verify(parsed.header.device, parsed.signature, parsed.signed):
        raise EnvelopeRejected("signature")


def decrypt(parsed: Parsed, key: bytes) -> bytes:
    """The payload, decompressed with a cap; raises ``EnvelopeRejected('decrypt')``."""
    plaintext = open_sealed(key, parsed.body, parsed.header_bytes)
    if plaintext is None or not plaintext or plaintext[0] != _CODEC_ZLIB:
        raise EnvelopeRejected("decrypt")
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(plaintext[1:], MAX_PLAINTEXT_BYTES)
    except zlib.error as e:
        raise EnvelopeRejected("decrypt", "bad compression") from e
    if inflater.unconsumed_tail or not inflater.eof:
        raise EnvelopeRejected("size", "expands beyond the cap")
    return payload
