"""The relay client: push the outbox, apply remote updates in relay order, upload checkpoints.

One ``PlaylistSync`` per shared playlist. A session says ``hello{token, since=cursor}``, pushes
the outbox, and applies ``msg``/``checkpoint`` frames strictly in relay order through the
receiver pipeline. Our own pushes are answered by ``ack`` (never echoed), so the cursor moves
over an acked seq only once every seq before it was applied. The replica (document, cursor,
per-device sequence numbers, outbox) is saved in one transaction at least every
``SAVE_EVERY`` frames and whenever the connection goes quiet, so a crash replays a little and
loses nothing. ``run`` keeps a session open and reconnects with exponential backoff.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import random
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from store.library import Library
from sync.crypto import relay_token
from sync.envelope import Kind
from sync.errors import EnvelopeRejected, RelayFailure
from sync.mailbox import fetch_keys, post_key
from sync.receiver import receive
from sync.relay_admin import rotate_token, ws_url
from sync.replica import Clock, Replica, now_ms
from sync.state import device_keys, find_share, load_replica, save_replica, set_status

logger = logging.getLogger(__name__)

SAVE_EVERY = 50
CHECKPOINT_EVERY = 100
RECV_TIMEOUT_S = 15.0
QUIET_S = 0.05


@dataclass
class SyncReport:
    doc_id: str
    pushed: int = 0
    applied: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    checkpointed: int | None = None
    cursor: int = 0
    pending: int = 0
    status: str = "offline"


class _Retry(Exception):
    """The session should end and be retried (a refused push, a rotated token)."""


class PlaylistSync:
    def __init__(
        self,
        library: Library,
        doc_id: str,
        *,
        clock: Clock = now_ms,
        checkpoint_every: int = CHECKPOINT_EVERY,
        open_timeout: float = 10.0,
    ) -> None:
        self.library = library
        self.doc_id = doc_id
        self.clock = clock
        self.checkpoint_every = checkpoint_every
        self.open_timeout = open_timeout
        self.relay_url = find_share(library, doc_id).relay_url
        device = device_keys(library)
        with library.read() as db:
            self.replica: Replica = load_replica(db, doc_id, device, clock)
        self.checkpoint_seq = 0
        self.wake = asyncio.Event()
        self._welcome_last_seq = 0
        self._older_token = False

    # -- public ----------------------------------------------------------------------------
    async def sync_once(self, timeout: float = 60.0, force_checkpoint: bool = False) -> SyncReport:
        """Connect, push, catch up, checkpoint if due, disconnect. ``RelayFailure`` if offline."""
        report = SyncReport(self.doc_id)
        try:
            async with asyncio.timeout(timeout):
                for _ in range(5):  # a key rotation takes another session with the new token
                    try:
                        await self._session(report, live=None, force_checkpoint=force_checkpoint)
                        break
                    except _Retry:
                        continue
        except (TimeoutError, RelayFailure) as e:
            self._save()
            failure = e if isinstance(e, RelayFailure) else RelayFailure("the relay timed out")
            self._status_after_failure(failure)
            raise failure from e
        self._save()
        return self._finish(report)

    async def run(self, stop: asyncio.Event, max_backoff: float = 60.0) -> None:
        """Stay connected until ``stop`` is set; reconnect with backoff and jitter."""
        delay = 0.5
        while not stop.is_set():
            report = SyncReport(self.doc_id)
            try:
                await self._session(report, live=stop, force_checkpoint=False)
                delay = 0.5
            except _Retry:
                continue
            except RelayFailure as e:
                self._save()
                self._status_after_failure(e)
                if e.code in ("forbidden", "unknown_doc"):
                    return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay * (0.5 + random.random()))  # noqa: S311
            delay = min(delay * 2, max_backoff)
        self._save()

    # -- one session -----------------------------------------------------------------------
    async def _session(
        self, report: SyncReport, live: asyncio.Event | None, force_checkpoint: bool
    ) -> None:
        replica = self.replica
        try:
            ws = await connect(
                ws_url(self.relay_url, self.doc_id),
                open_timeout=self.open_timeout,
                close_timeout=1,
                max_size=None,
                compression=None,
            )
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as e:
            raise RelayFailure(f"the relay is unreachable ({type(e).__name__})") from e
        try:
            await self._hello(ws)
            state = _SessionState()
            await self._push(ws, state, report)
            dirty = 0
            while True:
                if live is None and state.caught_up(replica):
                    break
                if live is not None and live.is_set():
                    break
                wait = QUIET_S if dirty else RECV_TIMEOUT_S if live is None else 1.0
                try:
                    frame = await _recv(ws, wait)
                except TimeoutError:
                    if dirty:
                        self._save()
                        dirty = 0
                    elif live is None:
                        raise RelayFailure("the relay stopped answering") from None
                    if self.wake.is_set():
                        self.wake.clear()
                        await self._push(ws, state, report)
                    continue
                dirty += self._handle(frame, state, report)
                if any(seq not in state.sent for seq in replica.outbox):
                    await self._push(ws, state, report)  # a roster change, or we were admitted
                if dirty >= SAVE_EVERY:
                    self._save()
                    dirty = 0
            self._save()
            if replica.rotation_pending and replica.is_owner and not replica.outbox:
                await ws.close()
                await self._finish_rotation()
                raise _Retry
            due = replica.cursor - self.checkpoint_seq >= self.checkpoint_every
            if replica.can_checkpoint() and (
                force_checkpoint or due or replica.stale_epoch_updates
            ):
                report.checkpointed = await self._checkpoint(ws)
        except ConnectionClosed as e:
            code = e.rcvd.code if e.rcvd else None
            if code == 4401:  # token rotated: the key envelope is in the log; try again
                raise _Retry from e
            raise RelayFailure(f"the relay closed the connection ({code})") from e
        finally:
            await ws.close()

    async def _hello(self, ws: ClientConnection) -> None:
        """Say hello with the newest epoch's token, or (after a refusal) the one before it:
        between a key rotation and the owner's token change, only the old token works."""
        replica = self.replica
        epochs = sorted(replica.keys, reverse=True)
        epoch = epochs[1] if self._older_token and len(epochs) > 1 else epochs[0]
        token = relay_token(replica.keys[epoch], self.doc_id, epoch)
        await ws.send(json.dumps({"type": "hello", "token": token, "since": replica.cursor}))
        frame = await _recv(ws, RECV_TIMEOUT_S)
        if frame.get("type") == "welcome":
            self.checkpoint_seq = int(frame.get("checkpoint_seq", 0))
            self._welcome_last_seq = int(frame.get("last_seq", 0))
            self._older_token = False
            return
        code = str(frame.get("code"))
        if code == "forbidden" and not self._older_token and len(epochs) > 1:
            self._older_token = True
            raise _Retry
        self._older_token = False
        if code == "forbidden" and await fetch_keys(self.relay_url, replica):
            self._save()
            raise _Retry  # the owner rotated the key while we were away
        raise RelayFailure(f"the relay refused us ({code})", code)

    async def _push(self, ws: ClientConnection, state: _SessionState, report: SyncReport) -> None:
        replica = self.replica
        for seq in sorted(replica.outbox):
            item = replica.outbox[seq]
            if seq in state.sent or (not replica.is_member and item.kind is not Kind.JOIN):
                continue  # before the owner admits us only the join request may go out
            env = base64.b64encode(item.env).decode()
            await ws.send(json.dumps({"type": "push", "env": env, "id": seq}))
            state.sent.add(seq)
            report.pushed += 1
        state.target = max(state.target, self._welcome_last_seq)

    def _handle(self, frame: dict[str, Any], state: _SessionState, report: SyncReport) -> int:
        replica = self.replica
        kind = frame.get("type")
        if kind == "msg":
            self._apply(base64.b64decode(frame["env"]), report)
            replica.cursor = int(frame["seq"])
            state.advance(replica)
            return 1
        if kind == "checkpoint":
            self._apply(base64.b64decode(frame["env"]), report)
            replica.cursor = max(replica.cursor, int(frame["covers_seq"]))
            self.checkpoint_seq = int(frame["covers_seq"])
            state.advance(replica)
            return 1
        if kind == "ack":
            seq, relay_seq = frame.get("id"), int(frame["seq"])
            if isinstance(seq, int):
                replica.outbox.pop(seq, None)
                state.sent.discard(seq)
            state.own.add(relay_seq)
            state.target = max(state.target, relay_seq)
            state.advance(replica)
            return 1
        if kind == "error":
            code = str(frame.get("code"))
            logger.warning("the relay refused a frame: %s", code)
            if frame.get("id") is not None:
                raise RelayFailure(f"the relay refused a push ({code})", code)
        return 0

    def _apply(self, env: bytes, report: SyncReport) -> None:
        try:
            if receive(self.replica, env) == "applied":
                report.applied += 1
        except EnvelopeRejected as e:
            if e.reason != "replay":  # our own pushes come back after a reconnect
                logger.info("rejected an envelope: %s", e.reason)
            report.rejected[e.reason] = report.rejected.get(e.reason, 0) + 1

    async def _checkpoint(self, ws: ClientConnection) -> int | None:
        replica = self.replica
        env = base64.b64encode(replica.checkpoint_envelope()).decode()
        covers = replica.cursor
        frame = {"type": "checkpoint", "env": env, "covers_seq": covers, "id": "checkpoint"}
        await ws.send(json.dumps(frame))
        while True:
            answer = await _recv(ws, RECV_TIMEOUT_S)
            if answer.get("type") == "checkpointed":
                self.checkpoint_seq = covers
                replica.stale_epoch_updates = 0
                return covers
            if answer.get("type") == "error" and answer.get("id") == "checkpoint":
                logger.info("checkpoint refused: %s", answer.get("code"))
                return None

    async def _finish_rotation(self) -> None:
        """Post the new key to the members' mailboxes, then switch the relay to the new token."""
        replica = self.replica
        new, old = replica.epoch, replica.epoch - 1
        if replica.key_envelope is not None:
            await post_key(self.relay_url, replica, replica.key_envelope)
        await asyncio.to_thread(
            rotate_token,
            self.relay_url,
            self.doc_id,
            relay_token(replica.keys[old], self.doc_id, old),
            relay_token(replica.keys[new], self.doc_id, new),
        )
        replica.rotation_pending = False
        self.checkpoint_seq = -self.checkpoint_every  # the next session uploads one
        self._save()

    # -- persistence and status ------------------------------------------------------------
    def _save(self) -> None:
        with self.library.write() as db:
            save_replica(db, self.replica, self.relay_url)

    def _finish(self, report: SyncReport) -> SyncReport:
        replica = self.replica
        report.cursor = replica.cursor
        report.pending = len(replica.outbox)
        report.status = "up_to_date" if not replica.outbox else "pending"
        detail = None if replica.is_member else "waiting for the owner to admit this device"
        set_status(self.library, self.doc_id, report.status, detail, self.clock())
        return report

    def _status_after_failure(self, failure: RelayFailure) -> None:
        status = "error" if failure.code in ("forbidden", "unknown_doc") else "offline"
        set_status(self.library, self.doc_id, status, str(failure), self.clock())


@dataclass
class _SessionState:
    sent: set[int] = field(default_factory=set)
    own: set[int] = field(default_factory=set)
    target: int = 0

    def advance(self, replica: Replica) -> None:
        """Move the cursor over our own acked entries once everything before them is applied."""
        while replica.cursor + 1 in self.own:
            self.own.discard(replica.cursor + 1)
            replica.cursor += 1
        self.own = {s for s in self.own if s > replica.cursor}

    def caught_up(self, replica: Replica) -> bool:
        pushable = [
            s for s, item in replica.outbox.items() if replica.is_member or item.kind is Kind.JOIN
        ]
        return not pushable and not self.sent and replica.cursor >= self.target


async def _recv(ws: ClientConnection, timeout: float) -> dict[str, Any]:
    async with asyncio.timeout(timeout):
        text = await ws.recv()
    frame = json.loads(text)
    if not isinstance(frame, dict):
        raise RelayFailure("the relay sent a malformed frame")
    return frame
