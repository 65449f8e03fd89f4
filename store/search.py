"""Turning what a user types into a safe FTS5 query."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Every word must match, the last one as a prefix (search as you type).

    Words are quoted, so FTS5 operators typed by the user (``AND``, ``"``, ``*``, ``:``) are
    searched for as text instead of being interpreted. ``None`` when there is nothing to search.
    """
    words = _TOKEN.findall(text.casefold())
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
