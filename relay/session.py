"""One client connection on ``WS /v1/docs/{id}``.

A session runs two tasks. The *receiver* reads client frames, enforces limits and writes to the
store. The *sender* is the only task that writes to the socket: it drains queued control frames
(acks, errors, pongs), then ephemeral envelopes, then log entries after the connection's cursor.
Log entries go out in strictly increasing seq order; the connection's own pushes are answered
with ``ack`` instead of being echoed back.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque

from starlette.websockets import WebSocket, WebSocketDisconnect

from relay import protocol as p
from relay.context import RelayContext, token_matches
from relay.errors import (
    ProtocolError,
    RateLimited,
    RelayError,
    StoreError,
    UnknownDocument,
)
from relay.hub import DocChannel
from relay.limits import TokenBucket
from relay.storage import Entry

logger = logging.getLogger(__name__)

MAX_QUEUED_EPHEMERAL = 64
MAX_QUEUED_CONTROL = 1024
TOUCH_AFTER_S = 60.0
Close = tuple[int, str]


class ClientGone(Exception):
    """The peer disconnected or stopped reading; nothing more can be said to it."""


class Session:
    def __init__(self, ws: WebSocket, doc_id: str, ctx: RelayContext) -> None:
        self.ws = ws
        self.doc_id = doc_id
        self.ctx = ctx
        self.conn_id = ctx.new_conn_id()
        self.cursor = 0
        limits = ctx.limits
        self._msgs = TokenBucket(limits.conn_msgs_per_s, limits.conn_msgs_burst)
        self._bytes = TokenBucket(limits.conn_bytes_per_s, limits.conn_bytes_burst)
        self._strikes = 0
        self._wake = asyncio.Event()
        self._control: deque[str] = deque()
        self._ephemeral: deque[bytes] = deque(maxlen=MAX_QUEUED_EPHEMERAL)
        self._kicked: Close | None = None
        self._own: set[int] = set()
        self._inflight = 0
        self._settled = asyncio.Event()
        self._settled.set()
        self._channel: DocChannel | None = None

    # -- Subscriber (called by the hub) ----------------------------------------------------

    def wake(self) -> None:
        self._wake.set()

    def offer_ephemeral(self, env: bytes) -> None:
        self._ephemeral.append(env)  # a full queue drops the oldest: ephemeral means lossy
        self._wake.set()

    def kick(self, code: int, reason: str) -> None:
        if self._kicked is None:
            self._kicked = (code, reason)
            self._wake.set()

    # -- lifecycle -------------------------------------------------------------------------

    async def run(self) -> None:
        ctx = self.ctx
        await self.ws.accept()
        ctx.metrics.connections += 1
        ctx.metrics.connections_total += 1
        try:
            close = await self._serve()
        except ClientGone:
            close = None
        except StoreError:
            logger.warning("store unavailable, closing connection %s", self.conn_id)
            close = self._refuse("store_unavailable", "storage is unavailable", p.CLOSE_INTERNAL)
        finally:
            ctx.metrics.connections -= 1
            ctx.hub.leave(self.doc_id, self)
        if close is not None:
            await self._close(*close)

    async def _serve(self) -> Close | None:
        ctx = self.ctx
        if ctx.metrics.connections > ctx.max_connections:
            return self._refuse("busy", "too many connections", p.CLOSE_TRY_AGAIN_LATER)
        try:
            async with asyncio.timeout(ctx.limits.hello_timeout_s):
                text = await self._receive_text()
        except TimeoutError:
            return self._refuse("timeout", "no hello in time", p.CLOSE_TIMEOUT)
        if text is None:
            return None
        try:
            hello = p.parse_client_frame(
                text, ctx.limits.max_update_bytes, ctx.limits.max_checkpoint_bytes
            )
        except ProtocolError as e:
            return self._refuse(e.code, str(e), p.CLOSE_BAD_FRAME)
        if not isinstance(hello, p.Hello):
            return self._refuse("bad_frame", "the first frame must be hello", p.CLOSE_BAD_FRAME)
        info = await ctx.store.get_doc(self.doc_id)
        if info is None:
            return self._refuse("unknown_doc", "no such document", p.CLOSE_UNKNOWN_DOC)
        if not token_matches(hello.token, info.token_hash):
            return self._refuse("forbidden", "wrong access token", p.CLOSE_FORBIDDEN)
        if hello.since > info.last_seq:
            return self._refuse(
                "cursor_ahead", f"since is after the last seq {info.last_seq}", p.CLOSE_CURSOR_AHEAD
            )
        existing = ctx.hub.channel(self.doc_id)
        if existing is not None and len(existing.subscribers) >= ctx.limits.max_connections_per_doc:
            return self._refuse(
                "busy", "too many connections to this document", p.CLOSE_TRY_AGAIN_LATER
            )
        self._channel = await ctx.hub.join(self.doc_id, self)
        now = ctx.clock()
        if now - info.last_active > TOUCH_AFTER_S:
            await ctx.store.touch(self.doc_id, now)
        self.cursor = hello.since
        # Live delivery is in effect now; everything older is in the store.
        await self._send(p.welcome_frame(info.last_seq, info.checkpoint_seq))
        if hello.since < info.checkpoint_seq:
            await self._send_checkpoint()
        return await self._pump()

    async def _pump(self) -> Close | None:
        sender = asyncio.create_task(self._send_loop())
        receiver = asyncio.create_task(self._receive_loop())
        done, pending = await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        finished = list(done)
        for task in finished:  # retrieve every outcome; an error wins over a plain result
            error = task.exception()
            if error is not None:
                raise error
        result: Close | None = finished[0].result()
        return result

    def _refuse(self, code: str, message: str, close_code: int) -> Close:
        self.ctx.metrics.reject(code)
        self._control.append(p.error_frame(code, message))
        return (close_code, code)

    async def _close(self, code: int, reason: str) -> None:
        try:
            while self._control:
                await self._send(self._control.popleft())
            await self.ws.close(code, reason)
        except (ClientGone, RuntimeError, OSError):
            pass

    # -- receiving -------------------------------------------------------------------------

    async def _receive_text(self) -> str | None:
        """The next text frame; ``None`` when the client left. Binary frames are refused."""
        while True:
            try:
                message = await self.ws.receive()
            except (WebSocketDisconnect, RuntimeError, OSError):
                return None
            if message["type"] == "websocket.disconnect":
                return None
            text: str | None = message.get("text")
            if text is not None:
                return text
            self.ctx.metrics.reject("bad_frame")
            self._queue(p.error_frame("bad_frame", "frames must be JSON text frames"))

    async def _receive_loop(self) -> Close | None:
        limits = self.ctx.limits
        while True:
            try:
                async with asyncio.timeout(limits.idle_timeout_s):
                    text = await self._receive_text()
            except TimeoutError:
                return self._refuse("timeout", "idle for too long", p.CLOSE_TIMEOUT)
            if text is None:
                return None
            client_id: p.ClientId = None
            try:
                frame = p.parse_client_frame(
                    text, limits.max_update_bytes, limits.max_checkpoint_bytes
                )
                client_id = getattr(frame, "id", None)
                self._check_rate(frame)
                await self._handle(frame)
            except RateLimited as e:
                self.ctx.metrics.reject(e.code)
                self._strikes += 1
                if self._strikes >= limits.rate_strikes_before_close:
                    return self._refuse("rate_limited", "rate limit ignored", p.CLOSE_RATE_LIMITED)
                self._queue(p.error_frame(e.code, str(e), client_id, e.retry_after))
            except UnknownDocument:
                return self._refuse("unknown_doc", "the document was deleted", p.CLOSE_DOC_DELETED)
            except StoreError:
                raise
            except RelayError as e:
                if isinstance(e, ProtocolError) and client_id is None:
                    client_id = e.client_id
                self.ctx.metrics.reject(e.code)
                self._queue(p.error_frame(e.code, str(e), client_id))

    def _check_rate(self, frame: p.ClientFrame) -> None:
        size = len(frame.env) if isinstance(frame, p.Push | p.CheckpointPush | p.Ephemeral) else 0
        wait = self._msgs.take(1.0)
        if wait == 0.0 and size:
            wait = self._bytes.take(size)
        if wait == 0.0 and size and self._channel is not None:
            wait = self._channel.bucket.take(1.0)
        if wait > 0.0:
            raise RateLimited("slow down", wait)
        self._strikes = 0

    async def _handle(self, frame: p.ClientFrame) -> None:
        ctx = self.ctx
        if isinstance(frame, p.Push):
            self._inflight += 1
            self._settled.clear()
            try:
                seq = await ctx.store.append(self.doc_id, frame.env, self.conn_id, ctx.clock())
                if seq > self.cursor:
                    self._own.add(seq)
            finally:
                self._inflight -= 1
                if self._inflight == 0:
                    self._settled.set()
            ctx.metrics.pushes_total += 1
            ctx.metrics.bytes_in_total += len(frame.env)
            self._queue(p.ack_frame(seq, frame.id))
        elif isinstance(frame, p.CheckpointPush):
            await ctx.store.put_checkpoint(self.doc_id, frame.env, frame.covers_seq, ctx.clock())
            ctx.metrics.checkpoints_total += 1
            ctx.metrics.bytes_in_total += len(frame.env)
            self._queue(p.checkpointed_frame(frame.covers_seq, frame.id))
        elif isinstance(frame, p.Ephemeral):
            await ctx.store.broadcast_ephemeral(self.doc_id, frame.env, self.conn_id)
            ctx.metrics.ephemeral_total += 1
            ctx.metrics.bytes_in_total += len(frame.env)
        elif isinstance(frame, p.Ping):
            self._queue(p.pong_frame(frame.id))
        else:
            raise ProtocolError("hello was already received")

    def _queue(self, frame: str) -> None:
        self._control.append(frame)
        self._wake.set()
        if len(self._control) > MAX_QUEUED_CONTROL:
            # The client pushes but does not read its acks: it would grow this queue for ever.
            self.kick(p.CLOSE_TOO_SLOW, "not reading")

    # -- sending ---------------------------------------------------------------------------

    async def _send(self, text: str) -> None:
        try:
            async with asyncio.timeout(self.ctx.limits.send_timeout_s):
                await self.ws.send_text(text)
        except (TimeoutError, WebSocketDisconnect, RuntimeError, OSError) as e:
            raise ClientGone from e

    async def _send_loop(self) -> Close | None:
        ctx = self.ctx
        channel = self._channel
        assert channel is not None
        batch_size = ctx.limits.replay_batch
        while True:
            self._wake.clear()
            while self._control:
                await self._send(self._control.popleft())
            if self._kicked is not None:
                code, reason = self._kicked
                self._control.append(p.error_frame("closed", reason))
                return (code, reason)
            while self._ephemeral:
                env = self._ephemeral.popleft()
                await self._send(p.ephemeral_frame(env))
                ctx.metrics.bytes_out_total += len(env)
            entries = channel.after(self.cursor)
            if entries is None:
                entries = await ctx.store.read(self.doc_id, self.cursor, batch_size)
                if entries and entries[0].seq != self.cursor + 1:
                    # Compacted under our feet: the checkpoint replaces what is gone.
                    if not await self._send_checkpoint(entries[0].seq - 1):
                        logger.error("log gap without a checkpoint on connection %s", self.conn_id)
                        return self._refuse("internal", "log gap", p.CLOSE_INTERNAL)
                    continue
            if not entries:
                await self._wake.wait()
                continue
            for entry in entries[:batch_size]:
                if entry.seq <= self.cursor:
                    continue
                if not await self._is_own(entry):
                    await self._send(entry.frame)
                    ctx.metrics.deliveries_total += 1
                    ctx.metrics.bytes_out_total += len(entry.env)
                self.cursor = entry.seq
                if self._control or self._kicked:
                    break  # acks and closes must not wait behind a long replay

    async def _send_checkpoint(self, at_least: int = 0) -> bool:
        checkpoint = await self.ctx.store.read_checkpoint(self.doc_id)
        if checkpoint is None or checkpoint.covers_seq <= self.cursor:
            return False
        if checkpoint.covers_seq < at_least:
            return False
        await self._send(p.checkpoint_frame(checkpoint.covers_seq, checkpoint.env))
        self.ctx.metrics.bytes_out_total += len(checkpoint.env)
        self.cursor = checkpoint.covers_seq
        return True

    async def _is_own(self, entry: Entry) -> bool:
        if entry.origin is not None:
            return entry.origin == self.conn_id
        # Read back from the store, where origins are not kept: a push of ours may have been
        # committed but not yet recorded in _own. Let it settle before deciding.
        while entry.seq not in self._own and self._inflight:
            await self._settled.wait()
        own = entry.seq in self._own
        self._own.discard(entry.seq)
        return own
