"""Redis backend: one ordered log per document shared by several relay processes.

Each document's log is a Redis Stream whose entry ids are the relay's seqs. Every write is one
Lua script (see ``redis_scripts``), so seq assignment is atomic across processes. The append
script also PUBLISHes the entry on the document's channel; every relay process subscribes,
over one dedicated connection, to the channels of the documents it has clients for, and hands
what arrives to its hub. SUBSCRIBE is confirmed before a client's replay starts, so an entry
is either in the replay or arrives live. If the subscriber connection drops, every watched
document is invalidated (clients re-read the stream) and the subscriptions are restored.

Durability: the ack is sent when the script returns. Run Redis with ``appendonly yes`` and
``appendfsync always``: Redis then fsyncs the AOF before replying *and* before delivering the
PUBLISH, so an ack or a live msg never refers to a write that a Redis crash could lose. The
relay warns at start when it can see that Redis is configured otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.connection import Connection
from redis.exceptions import RedisError

from relay.errors import (
    DocumentExists,
    QuotaExceeded,
    StaleCheckpoint,
    StoreError,
    UnknownDocument,
)
from relay.protocol import CLOSE_DOC_DELETED
from relay.storage import redis_scripts as lua
from relay.storage.base import Checkpoint, DocInfo, Entry, Feed

logger = logging.getLogger(__name__)

PREFIX = "mt:"
PURGE_CHUNK = 500
RECONNECT_DELAY_S = 0.5


@contextlib.contextmanager
def _redis_errors(action: str) -> Any:
    try:
        yield
    except RedisError as e:
        raise StoreError(f"Redis failed to {action}: {type(e).__name__}") from e


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


class RedisStore:
    """The shared backend (see the module docstring)."""

    def __init__(self, url: str, feed: Feed) -> None:
        self._url = url
        self._feed = feed
        self._pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=64, timeout=10, protocol=2
        )
        # Responses are raw bytes (decode_responses is off); the client's types cover both modes.
        self._redis: Any = aioredis.Redis(connection_pool=self._pool)
        db = self._pool.connection_kwargs.get("db", 0)
        self._channel_prefix = f"{PREFIX}{db}:ch:"
        self._scripts: dict[str, Any] = {}
        # RESP2: subscription messages come back as plain replies, not RESP3 push frames.
        self._sub_pool = aioredis.ConnectionPool.from_url(url, protocol=2)
        self._sub_conn: Connection | None = None
        self._sub_lock = asyncio.Lock()
        self._wanted: dict[str, int] = {}
        self._subscribed: set[str] = set()
        self._pending: dict[bytes, asyncio.Future[None]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._closing = False

    # -- keys ------------------------------------------------------------------------------

    def _keys(self, doc_id: str) -> tuple[str, str, str]:
        return f"{PREFIX}doc:{doc_id}", f"{PREFIX}log:{doc_id}", f"{PREFIX}ckpt:{doc_id}"

    def _channel(self, doc_id: str) -> str:
        return self._channel_prefix + doc_id

    async def _run(self, name: str, keys: list[str], args: list[Any]) -> Any:
        with _redis_errors(f"run {name.lower()}"):
            return await self._scripts[name](keys=keys, args=args)

    # -- lifecycle -------------------------------------------------------------------------

    async def open(self) -> None:
        for name in ("CREATE", "APPEND", "CHECKPOINT", "READ_CHECKPOINT", "DELETE", "TOUCH"):
            self._scripts[name] = self._redis.register_script(getattr(lua, name))
        self._scripts["SET_ACCESS_HASH"] = self._redis.register_script(lua.SET_ACCESS_HASH)
        with _redis_errors("answer"):
            await self._redis.ping()
        await self._check_durability()
        self._sub_conn = await self._open_subscriber()
        self._reader = asyncio.create_task(self._read_subscriptions(), name="relay-redis-sub")

    async def _check_durability(self) -> None:
        try:
            config = await self._redis.config_get("append*")
        except RedisError:
            logger.warning("cannot read the Redis config; acks are durable only with AOF always")
            return
        settings = {_text(k): _text(v) for k, v in config.items()}
        if settings.get("appendonly") != "yes" or settings.get("appendfsync") != "always":
            logger.warning(
                "Redis is not configured with appendonly yes / appendfsync always:"
                " an acked entry can be lost if Redis crashes"
            )

    async def close(self) -> None:
        self._closing = True
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        if self._sub_conn is not None:
            with contextlib.suppress(RedisError, OSError):
                await self._sub_conn.disconnect()
        await self._sub_pool.disconnect()
        await self._redis.aclose()
        await self._pool.disconnect()

    async def healthy(self) -> bool:
        try:
            await self._redis.ping()
        except RedisError:
            return False
        return self._reader is not None and not self._reader.done()

    # -- documents -------------------------------------------------------------------------

    async def create_doc(
        self, doc_id: str, token_hash: str, quota_bytes: int, quota_entries: int, now: float
    ) -> None:
        doc_key = self._keys(doc_id)[0]
        created = await self._run(
            "CREATE",
            [doc_key, PREFIX + "active"],
            [doc_id, token_hash, repr(now), quota_bytes, quota_entries],
        )
        if not created:
            raise DocumentExists("a document with this id exists")

    async def get_doc(self, doc_id: str) -> DocInfo | None:
        with _redis_errors("read a document"):
            raw = await self._redis.hgetall(self._keys(doc_id)[0])
        if not raw:
            return None
        last_seq, checkpoint_seq = _int(raw.get(b"last_seq")), _int(raw.get(b"checkpoint_seq"))
        appended, base = _int(raw.get(b"appended")), _int(raw.get(b"base"))
        return DocInfo(
            doc_id=doc_id,
            token_hash=raw[b"token_hash"].decode("ascii"),
            last_seq=last_seq,
            checkpoint_seq=checkpoint_seq,
            bytes_used=appended - base + _int(raw.get(b"ckpt_bytes")),
            entries=last_seq - checkpoint_seq,
            quota_bytes=_int(raw.get(b"quota_bytes")),
            quota_entries=_int(raw.get(b"quota_entries")),
            last_active=float(raw.get(b"last_active", b"0")),
        )

    async def _delete(self, doc_id: str, cutoff: str) -> bool:
        keys = [*self._keys(doc_id), PREFIX + "active"]
        return bool(await self._run("DELETE", keys, [doc_id, cutoff]))

    async def delete_doc(self, doc_id: str) -> bool:
        return await self._delete(doc_id, "")

    async def set_token_hash(self, doc_id: str, token_hash: str) -> None:
        if not await self._run("SET_ACCESS_HASH", [self._keys(doc_id)[0]], [token_hash]):
            raise UnknownDocument("no such document")

    async def touch(self, doc_id: str, now: float) -> None:
        await self._run("TOUCH", [self._keys(doc_id)[0], PREFIX + "active"], [doc_id, repr(now)])

    async def count_docs(self) -> int:
        with _redis_errors("count documents"):
            return int(await self._redis.zcard(PREFIX + "active"))

    async def purge_abandoned(self, cutoff: float) -> int:
        total = 0
        while True:
            with _redis_errors("list abandoned documents"):
                ids = await self._redis.zrangebyscore(
                    PREFIX + "active", "-inf", f"({cutoff!r}", start=0, num=PURGE_CHUNK
                )
            for raw in ids:
                doc_id = raw.decode()
                if await self._delete(doc_id, repr(cutoff)):
                    total += 1
                    await self.kick(doc_id, CLOSE_DOC_DELETED, "document expired")
            if len(ids) < PURGE_CHUNK:
                return total

    # -- the log ---------------------------------------------------------------------------

    async def append(self, doc_id: str, env: bytes, origin: str, now: float) -> int:
        doc_key, log_key, _ = self._keys(doc_id)
        seq = int(
            await self._run(
                "APPEND",
                [doc_key, log_key, PREFIX + "active"],
                [env, repr(now), doc_id, self._channel(doc_id), origin],
            )
        )
        if seq == -1:
            raise UnknownDocument("no such document")
        if seq == -2:
            raise QuotaExceeded("the document's quota is used up; upload a checkpoint")
        return seq

    async def put_checkpoint(self, doc_id: str, env: bytes, covers_seq: int, now: float) -> None:
        keys = [*self._keys(doc_id), PREFIX + "active"]
        outcome = int(await self._run("CHECKPOINT", keys, [env, covers_seq, repr(now), doc_id]))
        if outcome == -1:
            raise UnknownDocument("no such document")
        if outcome == -2:
            raise QuotaExceeded("the checkpoint does not fit in the document's quota")
        if outcome == -3:
            raise StaleCheckpoint("covers_seq must be between the last checkpoint and last seq")
        if outcome != 0:
            raise StoreError("the log is not contiguous at covers_seq")

    async def read_checkpoint(self, doc_id: str) -> Checkpoint | None:
        doc_key, _, ckpt_key = self._keys(doc_id)
        found = await self._run("READ_CHECKPOINT", [doc_key, ckpt_key], [])
        if not found:
            return None
        return Checkpoint(int(found[0]), bytes(found[1]))

    async def read(self, doc_id: str, after: int, limit: int) -> list[Entry]:
        with _redis_errors("read the log"):
            rows = await self._redis.xrange(
                self._keys(doc_id)[1], min=f"{after + 1}-0", max="+", count=limit
            )
        return [Entry(int(entry_id.split(b"-", 1)[0]), fields[b"e"]) for entry_id, fields in rows]

    # -- live delivery across processes ------------------------------------------------------

    async def broadcast_ephemeral(self, doc_id: str, env: bytes, origin: str) -> None:
        with _redis_errors("publish"):
            await self._redis.publish(self._channel(doc_id), b"e" + origin.encode() + b"\n" + env)

    async def kick(self, doc_id: str, code: int, reason: str) -> None:
        with _redis_errors("publish"):
            await self._redis.publish(self._channel(doc_id), f"k{code} {reason}".encode())

    async def watch(self, doc_id: str) -> None:
        self._wanted[doc_id] = self._wanted.get(doc_id, 0) + 1
        try:
            async with self._sub_lock:
                if doc_id in self._wanted and doc_id not in self._subscribed:
                    await self._subscribe(doc_id)
        except BaseException:
            await self.unwatch(doc_id)  # the hub will not call unwatch for a failed watch
            raise

    async def unwatch(self, doc_id: str) -> None:
        left = self._wanted.get(doc_id, 0) - 1
        if left > 0:
            self._wanted[doc_id] = left
            return
        self._wanted.pop(doc_id, None)
        async with self._sub_lock:
            if doc_id not in self._wanted and doc_id in self._subscribed:
                self._subscribed.discard(doc_id)
                with contextlib.suppress(RedisError, OSError):
                    await self._command("UNSUBSCRIBE", self._channel(doc_id))

    async def _subscribe(self, doc_id: str) -> None:
        channel = self._channel(doc_id).encode()
        confirmed = asyncio.get_running_loop().create_future()
        self._pending[channel] = confirmed
        try:
            await self._command("SUBSCRIBE", channel)
            async with asyncio.timeout(10):
                await confirmed
        except (RedisError, OSError, TimeoutError) as e:
            raise StoreError("Redis did not confirm a subscription") from e
        finally:
            self._pending.pop(channel, None)
        self._subscribed.add(doc_id)

    async def _command(self, *args: Any) -> None:
        if self._sub_conn is None:
            raise StoreError("the Redis subscriber connection is down")
        await self._sub_conn.send_command(*args)

    async def _open_subscriber(self) -> Connection:
        with _redis_errors("open the subscriber connection"):
            conn: Connection = await self._sub_pool.get_connection()  # type: ignore[no-untyped-call]
            await conn.connect()  # type: ignore[no-untyped-call]
        return conn

    async def _read_subscriptions(self) -> None:
        while not self._closing:
            try:
                async for message in self._messages():
                    self._dispatch(message)
            except (RedisError, OSError, StoreError):
                logger.warning("Redis subscriber connection lost; reconnecting")
            await self._recover()

    async def _messages(self) -> AsyncIterator[list[Any]]:
        conn = self._sub_conn
        if conn is None:
            raise StoreError("no subscriber connection")
        while True:
            # inf: a subscriber waits for messages for ever; socket_timeout must not apply.
            response = await conn.read_response(timeout=math.inf)
            if isinstance(response, list):
                yield response

    def _dispatch(self, message: list[Any]) -> None:
        kind = message[0]
        if kind == b"subscribe":
            pending = self._pending.get(message[1])
            if pending is not None and not pending.done():
                pending.set_result(None)
            return
        if kind != b"message":
            return
        doc_id = message[1].decode()[len(self._channel_prefix) :]
        payload: bytes = message[2]
        tag, body = payload[:1], payload[1:]
        if tag == b"m":
            header, _, env = body.partition(b"\n")
            seq, _, origin = header.partition(b" ")
            self._feed.publish(doc_id, Entry(int(seq), env, origin.decode()))
        elif tag == b"e":
            origin, _, env = body.partition(b"\n")
            self._feed.publish_ephemeral(doc_id, env, origin.decode())
        elif tag == b"k":
            code, _, reason = body.partition(b" ")
            self._feed.kick(doc_id, int(code), reason.decode())

    async def _resubscribe(self, conn: Connection) -> None:
        """SUBSCRIBE to every wanted channel and wait until Redis confirmed them all.

        Runs inside the reader task, so it reads the confirmations itself; messages that arrive
        meanwhile are dispatched as usual.
        """
        waiting = {self._channel(doc_id).encode(): doc_id for doc_id in self._wanted}
        for channel in waiting:
            await conn.send_command("SUBSCRIBE", channel)
        async with asyncio.timeout(10):
            while waiting:
                response = await conn.read_response(timeout=math.inf)
                if not isinstance(response, list):
                    continue
                if response[0] == b"subscribe":
                    doc_id = waiting.pop(response[1], None)
                    if doc_id is not None:
                        self._subscribed.add(doc_id)
                else:
                    self._dispatch(response)

    async def _recover(self) -> None:
        """Reconnect, restore the subscriptions, and make every reader re-read the streams."""
        while not self._closing:
            old = self._sub_conn
            self._sub_conn = None
            if old is not None:
                with contextlib.suppress(RedisError, OSError):
                    await old.disconnect()
            for pending in self._pending.values():
                if not pending.done():
                    pending.set_exception(StoreError("subscriber connection lost"))
            await asyncio.sleep(RECONNECT_DELAY_S)
            try:
                conn = await self._open_subscriber()
            except StoreError:
                logger.warning("Redis still unreachable; retrying")
                continue
            try:
                async with self._sub_lock:
                    self._subscribed.clear()
                    await self._resubscribe(conn)
                    self._sub_conn = conn
            except (RedisError, OSError, TimeoutError):
                logger.warning("Redis subscriptions not restored; retrying")
                with contextlib.suppress(RedisError, OSError):
                    await conn.disconnect()
                continue
            for doc_id in list(self._wanted):
                self._feed.invalidate(doc_id)
            return
