"""Limits that keep one misbehaving client from hurting everyone else.

All limits live in one frozen :class:`Limits` value that is handed to the parts that enforce
them; nothing reads a global. ``python -m relay serve --limit NAME=VALUE`` overrides any field.
"""

from __future__ import annotations

import dataclasses
import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from relay.errors import ConfigError

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True, slots=True)
class Limits:
    """Every tunable bound of the relay, with defaults sized for friend groups."""

    max_update_bytes: int = 256 * KIB  # one push / ephemeral envelope, after base64 decoding
    max_checkpoint_bytes: int = 8 * MIB  # one checkpoint envelope
    conn_msgs_per_s: float = 50.0  # token bucket per connection: frames
    conn_msgs_burst: float = 200.0
    conn_bytes_per_s: float = 2 * MIB  # token bucket per connection: envelope bytes
    conn_bytes_burst: float = 16 * MIB  # must exceed max_checkpoint_bytes
    doc_msgs_per_s: float = 200.0  # token bucket per document (= per access token), per process
    doc_msgs_burst: float = 1000.0
    rate_strikes_before_close: int = 20  # consecutive rate-limit rejections before 4429
    quota_bytes: int = 64 * MIB  # per document: log entries + checkpoint
    quota_entries: int = 100_000  # per document: log entries
    doc_ttl_s: float = 90 * 24 * 3600.0  # untouched this long → purged
    purge_interval_s: float = 3600.0
    hello_timeout_s: float = 10.0  # first frame must arrive within this
    idle_timeout_s: float = 600.0  # no client frame (pings count) for this long → close
    ws_ping_interval_s: float = 20.0  # WebSocket protocol pings (dead peer detection)
    ws_ping_timeout_s: float = 20.0
    send_timeout_s: float = 30.0  # one outbound frame stuck this long → the peer is too slow
    max_connections: int = 10_000  # capped below the file-descriptor limit at start
    max_connections_per_doc: int = 256
    max_http_body_bytes: int = 4 * KIB
    creates_per_s: float = 5.0  # document creations, whole process (no client address is kept)
    creates_burst: float = 100.0
    replay_batch: int = 256  # entries read from the store per round trip
    tail_entries: int = 512  # recent entries kept in memory per watched document
    tail_bytes: int = 1 * MIB

    @property
    def max_ws_frame_bytes(self) -> int:
        """Largest WebSocket message accepted: a base64 checkpoint plus its JSON wrapper."""
        return (self.max_checkpoint_bytes + 2) // 3 * 4 + 4 * KIB

    def effective_max_connections(self) -> int:
        """``max_connections``, kept below the process's open-file limit (store, logs, listener)."""
        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        return max(1, min(self.max_connections, soft - 64))

    def with_overrides(self, pairs: Iterable[str]) -> Limits:
        """Return a copy with ``NAME=VALUE`` overrides applied (types follow the defaults)."""
        fields = {f.name: f for f in dataclasses.fields(self)}
        changes: dict[str, Any] = {}
        for pair in pairs:
            name, sep, raw = pair.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in fields:
                raise ConfigError(f"unknown limit {name!r}; known: {', '.join(sorted(fields))}")
            current = getattr(self, name)
            try:
                changes[name] = int(raw) if isinstance(current, int) else float(raw)
            except ValueError as e:
                raise ConfigError(f"limit {name} needs a number, got {raw!r}") from e
            if changes[name] < 0:
                raise ConfigError(f"limit {name} must not be negative")
        return dataclasses.replace(self, **changes)


class TokenBucket:
    """A classic token bucket: ``rate`` tokens per second, holding at most ``burst``.

    The clock is injectable so tests never sleep.
    """

    __slots__ = ("_clock", "_stamp", "_tokens", "burst", "rate")

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._stamp = clock()

    def take(self, amount: float = 1.0) -> float:
        """Take ``amount`` tokens; return 0.0 on success, else seconds until they would exist.

        Nothing is taken on failure, so a rejected frame costs the client nothing.
        """
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if amount <= self._tokens:
            self._tokens -= amount
            return 0.0
        if self.rate <= 0:
            return float("inf")
        return (amount - self._tokens) / self.rate
