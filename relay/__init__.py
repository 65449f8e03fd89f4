"""Mixtape relay: a mailbox for end-to-end-encrypted shared-playlist updates.

The relay keeps, per document, an ordered append-only log of opaque envelopes, replays it from
a cursor and fans new entries out live. It never sees plaintext and never applies CRDT updates.
It imports nothing from the rest of Mixtape. Wire protocol: ``relay/PROTOCOL.md``.
"""

from __future__ import annotations

from relay.errors import RelayError
from relay.limits import Limits

__all__ = ["Limits", "RelayError", "serve"]


def serve(host: str, port: int, store_url: str, limits: Limits | None = None) -> None:
    """Run the relay until interrupted (blocking); what ``mixtape relay serve`` calls."""
    from relay.server import serve as run

    run(host, port, store_url, limits)
