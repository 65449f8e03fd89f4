"""What the HTTP handlers and the WebSocket sessions of one relay process share."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from relay.hub import Hub
from relay.limits import Limits
from relay.metrics import Metrics
from relay.storage import LogStore

DOC_ID = re.compile(r"[A-Za-z0-9_-]{8,128}")
TOKEN_HASH = re.compile(r"[0-9a-f]{64}")


def hash_token(token: str) -> str:
    """The SHA-256 of the token's UTF-8 bytes, lower-case hex: all the relay ever stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)


def valid_doc_id(doc_id: str) -> bool:
    return DOC_ID.fullmatch(doc_id) is not None


@dataclass(slots=True)
class RelayContext:
    limits: Limits
    store: LogStore
    hub: Hub
    metrics: Metrics = field(default_factory=Metrics)
    clock: Callable[[], float] = time.time
    # Random per process: connection ids from different relay processes never collide.
    process_id: str = field(default_factory=lambda: secrets.token_hex(4))
    max_connections: int = 0
    _next_conn: itertools.count[int] = field(default_factory=itertools.count)

    def new_conn_id(self) -> str:
        return f"{self.process_id}.{next(self._next_conn)}"
