"""Content checks for ``sniff``: look at the first records, not at the file name.

The head handed to ``sniff`` is the first 64 KiB, so the JSON in it is usually cut short; these
helpers decode as much as is complete and never raise.
"""

from __future__ import annotations

import json
import re
from typing import Any

from connectors._parsing.text import head_text

_DECODER = json.JSONDecoder()
_LIST_START = re.compile(r"\s*\[\s*")
_OBJECT_KEY = re.compile(r'\s*\{\s*"(?P<key>(?:[^"\\]|\\.)*)"\s*:\s*')


def first_list_record(head: bytes) -> dict[str, Any] | None:
    """The first object of a top-level JSON list, if the head holds it completely."""
    text = head_text(head)
    start = _LIST_START.match(text)
    if not start:
        return None
    return _object_at(text, start.end())


def first_key(head: bytes) -> str | None:
    """The first key of a top-level JSON object (``"tracks"`` for ``YourLibrary.json``)."""
    match = _OBJECT_KEY.match(head_text(head))
    return match.group("key") if match else None


def first_record_of(head: bytes, key: str) -> dict[str, Any] | None:
    """The first object of the list under the first key ``key`` of a top-level object."""
    text = head_text(head)
    match = _OBJECT_KEY.match(text)
    if not match or match.group("key") != key:
        return None
    start = _LIST_START.match(text, match.end())
    return _object_at(text, start.end()) if start else None


def first_json_line(head: bytes) -> dict[str, Any] | None:
    """The first line of a JSON Lines head, if it is a complete object."""
    for line in head_text(head).splitlines():
        if line.strip():
            return _object_at(line, 0)
    return None


def _object_at(text: str, pos: int) -> dict[str, Any] | None:
    try:
        value, _ = _DECODER.raw_decode(text, pos)
    except (json.JSONDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def has_keys(record: dict[str, Any] | None, *keys: str) -> bool:
    return record is not None and all(k in record for k in keys)


def name_hint(basename: str, *fragments: str) -> float:
    """A small bonus when the file name looks like the format's usual name."""
    lowered = basename.casefold()
    return 0.05 if any(f.casefold() in lowered for f in fragments) else 0.0
