"""Reading fields out of raw records, and naming the record when one is unreadable."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from connectors.errors import BadExport
from connectors.sources import ExportFile

#: What a mapping function raises for a record that does not have the expected shape.
RECORD_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError)


@contextmanager
def reading(file: ExportFile, where: str) -> Iterator[None]:
    """Turn a shape error inside the block into ``BadExport(file, problem, where)``."""
    try:
        yield
    except BadExport:
        raise
    except RECORD_ERRORS as e:
        raise record_error(file, where, e) from e


def record_error(file: ExportFile, where: str, error: Exception) -> BadExport:
    """What :func:`reading` raises, for hot loops that catch ``RECORD_ERRORS`` themselves
    (a ``with`` block per record costs more than the rest of reading a small record)."""
    return BadExport(file.name, _problem(error), where)


def _problem(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    if isinstance(error, TypeError | AttributeError):
        return "a field has the wrong type"
    return str(error) or type(error).__name__


def need_object(raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise TypeError("record is not an object")
    return raw


def text(raw: Mapping[str, object], key: str) -> str | None:
    """A string field, stripped; blank, missing or ``null`` give ``None``."""
    value = raw.get(key)
    if value is None:
        return None
    if value.__class__ is not str and not isinstance(value, str):
        raise ValueError(f"field {key!r} should be text")
    return value.strip() or None


def integer(raw: Mapping[str, object], key: str) -> int | None:
    """An integer field; floats (``270000.0``) and numeric strings are accepted."""
    value = raw.get(key)
    if value.__class__ is int:  # the usual case, fast
        return value
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"field {key!r} should be a number")
    return int(float(value))


def boolean(raw: Mapping[str, object], key: str) -> bool | None:
    """A boolean field; ``None`` when missing or null (Spotify's ``skipped`` often is)."""
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in {"true", "false"}:
        return value.strip().casefold() == "true"
    raise ValueError(f"field {key!r} should be true or false")
