"""What the relay needs from a storage backend, and what a backend tells the relay.

A backend keeps, per document: the hash of its access token, an append-only log of opaque
envelopes with server-assigned sequence numbers (strictly increasing, starting at 1), at most
one checkpoint, and usage counters for the quota. ``append`` returns only once the entry is
durably committed. After a commit the backend announces the entry to a :class:`Feed` (in this
process for SQLite, in every relay process for Redis) so live clients get it without a read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from relay import protocol


class Entry:
    """One log entry. ``origin`` names the connection that pushed it, when known."""

    __slots__ = ("_frame", "env", "origin", "seq")

    def __init__(self, seq: int, env: bytes, origin: str | None = None) -> None:
        self.seq = seq
        self.env = env
        self.origin = origin
        self._frame: str | None = None

    @property
    def frame(self) -> str:
        """The ``msg`` frame for this entry, encoded once however many clients receive it."""
        if self._frame is None:
            self._frame = protocol.msg_frame(self.seq, self.env)
        return self._frame


@dataclass(frozen=True, slots=True)
class Checkpoint:
    covers_seq: int
    env: bytes


@dataclass(frozen=True, slots=True)
class DocInfo:
    doc_id: str
    token_hash: str
    last_seq: int
    checkpoint_seq: int
    bytes_used: int
    entries: int
    quota_bytes: int
    quota_entries: int
    last_active: float


class Feed(Protocol):
    """Receives what a backend commits, to hand it to the connections of this process."""

    def publish(self, doc_id: str, entry: Entry) -> None: ...

    def publish_ephemeral(self, doc_id: str, env: bytes, origin: str) -> None: ...

    def invalidate(self, doc_id: str) -> None:
        """Live delivery for ``doc_id`` may have missed entries: readers must re-read the log."""
        ...

    def kick(self, doc_id: str, code: int, reason: str) -> None:
        """Close every connection of ``doc_id`` (deleted, token rotated)."""
        ...


class LogStore(Protocol):
    """A storage backend. All methods may raise :class:`relay.errors.StoreError`."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def healthy(self) -> bool: ...

    async def create_doc(
        self, doc_id: str, token_hash: str, quota_bytes: int, quota_entries: int, now: float
    ) -> None:
        """Create a document; raise ``DocumentExists`` if the id is taken."""
        ...

    async def get_doc(self, doc_id: str) -> DocInfo | None: ...

    async def delete_doc(self, doc_id: str) -> bool:
        """Drop everything about ``doc_id``; False if it did not exist."""
        ...

    async def set_token_hash(self, doc_id: str, token_hash: str) -> None: ...

    async def touch(self, doc_id: str, now: float) -> None:
        """Record activity, so the TTL purge leaves the document alone."""
        ...

    async def append(self, doc_id: str, env: bytes, origin: str, now: float) -> int:
        """Append durably and return the new seq (``UnknownDocument``, ``QuotaExceeded``)."""
        ...

    async def put_checkpoint(self, doc_id: str, env: bytes, covers_seq: int, now: float) -> None:
        """Store a checkpoint and drop log entries ≤ ``covers_seq`` (``StaleCheckpoint``...)."""
        ...

    async def read_checkpoint(self, doc_id: str) -> Checkpoint | None: ...

    async def read(self, doc_id: str, after: int, limit: int) -> list[Entry]:
        """Up to ``limit`` entries with seq > ``after``, in seq order."""
        ...

    async def purge_abandoned(self, cutoff: float) -> int:
        """Delete documents last active before ``cutoff`` (epoch seconds); return how many."""
        ...

    async def count_docs(self) -> int: ...

    async def watch(self, doc_id: str) -> None:
        """Start live delivery of ``doc_id`` to the feed; return once it is in effect."""
        ...

    async def unwatch(self, doc_id: str) -> None: ...

    async def broadcast_ephemeral(self, doc_id: str, env: bytes, origin: str) -> None: ...

    async def kick(self, doc_id: str, code: int, reason: str) -> None:
        """Close the connections of ``doc_id`` in every relay process sharing this store."""
        ...
