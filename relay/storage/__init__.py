"""Storage backends of the relay, chosen by URL: ``sqlite:///PATH`` or ``redis://host:port/db``."""

from __future__ import annotations

from relay.errors import ConfigError
from relay.storage.base import Checkpoint, DocInfo, Entry, Feed, LogStore

__all__ = ["Checkpoint", "DocInfo", "Entry", "Feed", "LogStore", "open_store"]


def open_store(url: str, feed: Feed) -> LogStore:
    """Build (not yet open) the backend that ``url`` names."""
    if url.startswith("sqlite:///"):
        from relay.storage.sqlite import SqliteStore

        path = url.removeprefix("sqlite:///")
        if not path:
            raise ConfigError("sqlite store URL needs a path: sqlite:///PATH")
        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy spells them.
        return SqliteStore(path, feed)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from relay.storage.redis import RedisStore

        return RedisStore(url, feed)
    raise ConfigError("store URL must start with sqlite:/// or redis://")
