"""ListenBrainz listens → domain listens, through the export importer's mapping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.listenbrainz._importer import to_listen
from domain import Listen


def listen(raw: Mapping[str, Any]) -> Listen | None:
    """A listen, or ``None`` for one without a time or a track name (skipped, not fatal)."""
    try:
        return to_listen(raw)
    except (ValueError, KeyError, TypeError):
        return None


def listened_at(raw: Mapping[str, Any]) -> int | None:
    value = raw.get("listened_at")
    return value if isinstance(value, int) else None
