"""A streaming reader for the two big sections of an iTunes library property list.

``Library.xml`` is ``<plist><dict>`` with scalar keys, a ``Tracks`` dict (track id → track
dict) and a ``Playlists`` array. :func:`iter_library` yields each track and each playlist as a
plain dict as soon as its element is complete, then clears it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from connectors._parsing.times import parse_iso
from connectors.errors import BadExport

Section = Literal["header", "track", "playlist"]


def iter_library(stream: BinaryIO, name: str) -> Iterator[tuple[Section, Any]]:
    """Yield ``("header", (key, value))``, ``("track", dict)`` and ``("playlist", dict)``."""
    depth = 0
    top_key: str | None = None
    top: Element | None = None
    container: Element | None = None
    counts = {"track": 0, "playlist": 0}
    try:
        for event, elem in iterparse(stream, events=("start", "end"), forbid_dtd=False):
            if event == "start":
                depth += 1
                if depth == 1 and elem.tag != "plist":
                    raise BadExport(name, "not a property list (no <plist>)")
                if depth == 2:
                    top = elem
                elif depth == 3 and elem.tag != "key":
                    container = elem
                continue
            if depth == 3:
                if elem.tag == "key":
                    top_key = elem.text or ""
                elif top_key not in ("Tracks", "Playlists"):
                    yield "header", (top_key, _convert(elem, name, f"header {top_key!r}"))
                if top is not None:
                    top.clear()
            elif depth == 4 and elem.tag == "dict" and container is not None:
                section: Section = "track" if top_key == "Tracks" else "playlist"
                counts[section] += 1
                yield section, _convert(elem, name, f"{section} {counts[section]}")
                container.clear()
            depth -= 1
    except ParseError as e:
        line = getattr(e, "position", (0, 0))[0]
        raise BadExport(name, f"broken XML ({_reason(e)})", f"line {line}") from e
    except DefusedXmlException as e:
        raise BadExport(
            name, "refused: the XML declares entities or external references (unsafe file)"
        ) from e


def _convert(elem: Element, name: str, where: str) -> Any:
    try:
        return plist_value(elem)
    except ValueError as e:
        raise BadExport(name, f"unreadable property list value ({e})", where) from e


def _reason(error: ParseError) -> str:
    return str(error).split(":", 1)[0]


def plist_value(elem: Element) -> Any:
    """The Python value of one plist element (dict, array, string, integer, date, …)."""
    tag = elem.tag
    if tag == "dict":
        children = list(elem)
        if len(children) % 2:
            raise ValueError("a <dict> with a key and no value")
        result: dict[str, Any] = {}
        for key, value in zip(children[::2], children[1::2], strict=True):
            if key.tag != "key":
                raise ValueError(f"<{key.tag}> where a <key> belongs")
            result[key.text or ""] = plist_value(value)
        return result
    if tag == "array":
        return [plist_value(child) for child in elem]
    if tag in ("string", "key"):
        return elem.text or ""
    if tag == "integer":
        return int((elem.text or "").strip())
    if tag == "real":
        return float((elem.text or "").strip())
    if tag == "true":
        return True
    if tag == "false":
        return False
    if tag == "date":
        return parse_iso(elem.text)
    if tag == "data":
        try:
            return base64.b64decode("".join((elem.text or "").split()))
        except binascii.Error as e:
            raise ValueError("bad <data>") from e
    raise ValueError(f"unknown plist element <{tag}>")
