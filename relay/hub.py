"""Live fan-out inside one relay process.

The hub keeps one :class:`DocChannel` per document that has connections here. A channel holds a
short in-memory *tail* of the newest entries, contiguous in seq, so a burst delivered to a room
of a hundred clients is read from memory and encoded once. A connection never receives from the
hub directly: it is *woken*, then pulls what follows its own cursor — from the tail when the
tail covers it, from the store otherwise. Slow clients thus cost no memory, and no entry can be
skipped: anything committed after a connection joined wakes it, and anything before is in the
store.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Coroutine
from itertools import islice
from typing import Any, Protocol

from relay.limits import Limits, TokenBucket
from relay.storage import Entry, LogStore

logger = logging.getLogger(__name__)


class Subscriber(Protocol):
    conn_id: str

    def wake(self) -> None: ...

    def offer_ephemeral(self, env: bytes) -> None: ...

    def kick(self, code: int, reason: str) -> None: ...


class DocChannel:
    """The connections of one document in this process, and its recent entries."""

    def __init__(self, doc_id: str, limits: Limits) -> None:
        self.doc_id = doc_id
        self.subscribers: set[Subscriber] = set()
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        # Per document, i.e. per access token: many connections cannot multiply the rate.
        self.bucket = TokenBucket(limits.doc_msgs_per_s, limits.doc_msgs_burst)
        self._tail: deque[Entry] = deque()
        self._tail_bytes = 0
        self._max_entries = max(1, limits.tail_entries)
        self._max_bytes = limits.tail_bytes

    def after(self, cursor: int) -> list[Entry] | None:
        """Entries after ``cursor`` from the tail; ``None`` when the tail does not reach back."""
        tail = self._tail
        if not tail:
            return None
        first = tail[0].seq
        if cursor + 1 < first:
            return None
        if cursor >= tail[-1].seq:
            return []
        return list(islice(tail, cursor + 1 - first, None))

    def add(self, entry: Entry) -> None:
        tail = self._tail
        if tail:
            last = tail[-1].seq
            if entry.seq <= last:
                return  # already have it
            if entry.seq != last + 1:
                # Something was missed: keep the tail contiguous, readers fall back to the store.
                self.clear()
        tail.append(entry)
        self._tail_bytes += len(entry.env)
        while len(tail) > 1 and (
            len(tail) > self._max_entries or self._tail_bytes > self._max_bytes
        ):
            self._tail_bytes -= len(tail.popleft().env)
        self.wake_all()

    def clear(self) -> None:
        self._tail.clear()
        self._tail_bytes = 0

    def wake_all(self) -> None:
        for sub in self.subscribers:
            sub.wake()


class Hub:
    """Implements :class:`relay.storage.Feed` for the connections of this process."""

    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._channels: dict[str, DocChannel] = {}
        self._store: LogStore | None = None
        self._background: set[asyncio.Task[None]] = set()

    def attach(self, store: LogStore) -> None:
        self._store = store

    @property
    def store(self) -> LogStore:
        if self._store is None:
            raise RuntimeError("hub used before a store was attached")
        return self._store

    def channel(self, doc_id: str) -> DocChannel | None:
        return self._channels.get(doc_id)

    async def join(self, doc_id: str, sub: Subscriber) -> DocChannel:
        """Add ``sub`` to the document's channel; return once live delivery is in effect."""
        channel = self._channels.get(doc_id)
        if channel is None:
            channel = DocChannel(doc_id, self._limits)
            self._channels[doc_id] = channel
            self._spawn(self._watch(channel))
        channel.subscribers.add(sub)
        try:
            await asyncio.shield(channel.ready)
        except BaseException:
            self.leave(doc_id, sub)
            raise
        return channel

    def leave(self, doc_id: str, sub: Subscriber) -> None:
        channel = self._channels.get(doc_id)
        if channel is None or sub not in channel.subscribers:
            return
        channel.subscribers.discard(sub)
        if not channel.subscribers:
            del self._channels[doc_id]
            self._spawn(self._unwatch(doc_id))

    async def _watch(self, channel: DocChannel) -> None:
        try:
            await self.store.watch(channel.doc_id)
        except Exception as e:  # the joiners see it through `ready`
            if self._channels.get(channel.doc_id) is channel:
                del self._channels[channel.doc_id]
            if not channel.ready.done():
                channel.ready.set_exception(e)
            return
        if not channel.ready.done():
            channel.ready.set_result(None)

    async def _unwatch(self, doc_id: str) -> None:
        try:
            await self.store.unwatch(doc_id)
        except Exception:
            logger.warning("could not stop watching a document", exc_info=True)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        for channel in list(self._channels.values()):
            if not channel.ready.done():
                channel.ready.cancel()
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    # -- Feed ------------------------------------------------------------------------------

    def publish(self, doc_id: str, entry: Entry) -> None:
        channel = self._channels.get(doc_id)
        if channel is not None:
            channel.add(entry)

    def publish_ephemeral(self, doc_id: str, env: bytes, origin: str) -> None:
        channel = self._channels.get(doc_id)
        if channel is None:
            return
        for sub in channel.subscribers:
            if sub.conn_id != origin:
                sub.offer_ephemeral(env)

    def invalidate(self, doc_id: str) -> None:
        channel = self._channels.get(doc_id)
        if channel is not None:
            channel.clear()
            channel.wake_all()

    def invalidate_all(self) -> None:
        for doc_id in list(self._channels):
            self.invalidate(doc_id)

    def kick(self, doc_id: str, code: int, reason: str) -> None:
        channel = self._channels.get(doc_id)
        if channel is None:
            return
        for sub in list(channel.subscribers):
            sub.kick(code, reason)

    def watched_docs(self) -> list[str]:
        return list(self._channels)
