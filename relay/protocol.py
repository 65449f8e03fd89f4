"""Wire format of ``WS /v1/docs/{id}`` (full description in ``relay/PROTOCOL.md``).

Every frame is one WebSocket *text* message holding one JSON object with a ``type``. Envelopes
travel inside it as standard base64 (``env``). One frame is one self-contained message, so there
is no pairing state between a control frame and a binary frame, and a frame is validated in one
step; the cost is a third more bytes on the wire, which the size caps account for (caps apply to
the *decoded* envelope).

Client → relay: ``hello{token, since}`` (first frame, exactly once), ``push{env, id?}``,
``checkpoint{env, covers_seq, id?}``, ``ephemeral{env}``, ``ping{id?}``.

Relay → client: ``welcome{last_seq, checkpoint_seq}``, ``checkpoint{covers_seq, env}``,
``msg{seq, env}``, ``ack{seq, id?}``, ``checkpointed{covers_seq, id?}``, ``ephemeral{env}``,
``pong{id?}``, ``error{code, message, id?, retry_after?}``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from dataclasses import dataclass
from typing import Any

from relay.errors import FrameTooLarge, ProtocolError

# Close codes (4000-4999 are the application's own range).
CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_INTERNAL = 1011
CLOSE_TRY_AGAIN_LATER = 1013
CLOSE_BAD_FRAME = 4400
CLOSE_TOKEN_ROTATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_UNKNOWN_DOC = 4404
CLOSE_TIMEOUT = 4408
CLOSE_CURSOR_AHEAD = 4409
CLOSE_DOC_DELETED = 4410
CLOSE_TOO_SLOW = 4413
CLOSE_RATE_LIMITED = 4429

MAX_ID_CHARS = 64

ClientId = str | int | None


@dataclass(frozen=True, slots=True)
class Hello:
    token: str
    since: int


@dataclass(frozen=True, slots=True)
class Push:
    env: bytes
    id: ClientId


@dataclass(frozen=True, slots=True)
class CheckpointPush:
    env: bytes
    covers_seq: int
    id: ClientId


@dataclass(frozen=True, slots=True)
class Ephemeral:
    env: bytes


@dataclass(frozen=True, slots=True)
class Ping:
    id: ClientId


ClientFrame = Hello | Push | CheckpointPush | Ephemeral | Ping


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _decoded_size_bound(text: str) -> int:
    return len(text) // 4 * 3


def _env(obj: dict[str, Any], cap: int) -> bytes:
    raw = obj.get("env")
    if not isinstance(raw, str):
        raise ProtocolError("env must be a base64 string")
    # Refuse before decoding, so an oversized frame costs no allocation.
    if _decoded_size_bound(raw) - 2 > cap:
        raise FrameTooLarge(f"envelope larger than {cap} bytes")
    try:
        env = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as e:
        raise ProtocolError("env is not valid base64") from e
    if len(env) > cap:
        raise FrameTooLarge(f"envelope larger than {cap} bytes")
    if not env:
        raise ProtocolError("env must not be empty")
    return env


def _seq(obj: dict[str, Any], name: str) -> int:
    value = obj.get(name)
    # bool is an int in Python; a cursor of `true` is a client bug, not 1.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value >= 2**63:
        raise ProtocolError(f"{name} must be a non-negative integer")
    return value


def _client_id(obj: dict[str, Any]) -> ClientId:
    value = obj.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ProtocolError("id must be a string or an integer")
    if isinstance(value, str) and len(value) > MAX_ID_CHARS:
        raise ProtocolError(f"id longer than {MAX_ID_CHARS} characters")
    if isinstance(value, int) and abs(value) >= 2**63:
        raise ProtocolError("id out of range")
    return value


def parse_client_frame(text: str, max_update: int, max_checkpoint: int) -> ClientFrame:
    """Parse and validate one client frame; raise :class:`ProtocolError` if it is not valid."""
    try:
        obj = json.loads(text)
    except ValueError as e:
        raise ProtocolError("frame is not JSON") from e
    if not isinstance(obj, dict):
        raise ProtocolError("frame must be a JSON object")
    try:
        return _parse_object(obj, max_update, max_checkpoint)
    except ProtocolError as e:
        with contextlib.suppress(ProtocolError):
            e.client_id = _client_id(obj)
        raise


def _parse_object(obj: dict[str, Any], max_update: int, max_checkpoint: int) -> ClientFrame:
    kind = obj.get("type")
    if kind == "push":
        return Push(_env(obj, max_update), _client_id(obj))
    if kind == "ephemeral":
        return Ephemeral(_env(obj, max_update))
    if kind == "checkpoint":
        return CheckpointPush(_env(obj, max_checkpoint), _seq(obj, "covers_seq"), _client_id(obj))
    if kind == "ping":
        return Ping(_client_id(obj))
    if kind == "hello":
        token = obj.get("token")
        if not isinstance(token, str) or not 0 < len(token) <= 512:
            raise ProtocolError("token must be a non-empty string")
        return Hello(token, _seq(obj, "since"))
    raise ProtocolError("unknown frame type")


def _with_id(frame: dict[str, Any], client_id: ClientId) -> str:
    if client_id is not None:
        frame["id"] = client_id
    return json.dumps(frame, separators=(",", ":"))


def welcome_frame(last_seq: int, checkpoint_seq: int) -> str:
    frame = {"type": "welcome", "last_seq": last_seq, "checkpoint_seq": checkpoint_seq}
    return json.dumps(frame, separators=(",", ":"))


def msg_frame(seq: int, env: bytes) -> str:
    # Hand-built: this is the hot path of fan-out and base64 never needs JSON escaping.
    return '{"type":"msg","seq":%d,"env":"%s"}' % (seq, b64(env))  # noqa: UP031


def checkpoint_frame(covers_seq: int, env: bytes) -> str:
    return '{"type":"checkpoint","covers_seq":%d,"env":"%s"}' % (covers_seq, b64(env))  # noqa: UP031


def ephemeral_frame(env: bytes) -> str:
    return '{"type":"ephemeral","env":"%s"}' % b64(env)  # noqa: UP031


def ack_frame(seq: int, client_id: ClientId) -> str:
    return _with_id({"type": "ack", "seq": seq}, client_id)


def checkpointed_frame(covers_seq: int, client_id: ClientId) -> str:
    return _with_id({"type": "checkpointed", "covers_seq": covers_seq}, client_id)


def pong_frame(client_id: ClientId) -> str:
    return _with_id({"type": "pong"}, client_id)


def error_frame(
    code: str, message: str, client_id: ClientId = None, retry_after: float | None = None
) -> str:
    frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if retry_after is not None:
        frame["retry_after"] = round(retry_after, 3)
    return _with_id(frame, client_id)
