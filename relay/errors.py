"""Errors of the relay.

Every error the relay raises on purpose derives from one root::

    RelayError
    ├── ConfigError            bad command line, store URL or limit
    ├── StoreError             the storage backend failed (I/O, connection lost)
    ├── UnknownDocument        no document with that id
    ├── DocumentExists         create with an id already taken
    ├── Forbidden              the access token does not match the stored hash
    ├── QuotaExceeded          the document's byte or entry quota would be exceeded
    ├── StaleCheckpoint        covers_seq is not after the current checkpoint, or is in the future
    └── ProtocolError          a client frame the relay cannot accept
        ├── FrameTooLarge      an envelope above its size cap
        └── RateLimited        a connection or document over its token bucket

Each error that reaches a client carries a stable, machine-readable ``code`` (see PROTOCOL.md).
"""

from __future__ import annotations


class RelayError(Exception):
    """Root of every error the relay raises on purpose."""

    code = "internal"


class ConfigError(RelayError):
    code = "config"


class StoreError(RelayError):
    code = "store_unavailable"


class UnknownDocument(RelayError):
    code = "unknown_doc"


class DocumentExists(RelayError):
    code = "doc_exists"


class Forbidden(RelayError):
    code = "forbidden"


class QuotaExceeded(RelayError):
    code = "quota_exceeded"


class StaleCheckpoint(RelayError):
    code = "stale_checkpoint"


class ProtocolError(RelayError):
    code = "bad_frame"
    # The refused frame's own ``id``, when it had a readable one, so the client can match.
    client_id: str | int | None = None


class FrameTooLarge(ProtocolError):
    code = "too_large"


class RateLimited(ProtocolError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after
