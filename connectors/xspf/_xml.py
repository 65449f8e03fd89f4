"""XSPF XML ⇄ the JSPF-shaped object of :mod:`connectors._xspf_model`.

Parsing goes through defusedxml: a document that declares entities (the "billion laughs" bomb)
or points at external ones is refused before anything expands. Writing uses the standard
library (nothing to defuse when we are the author); characters XML 1.0 cannot hold (control
characters other than tab and newlines) are written as U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # writing only: parsing goes through defusedxml
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from connectors._xspf_model import LIST_FIELDS, Jspf

NS = "http://xspf.org/ns/0/"
_TRACK_TEXT = ("title", "creator", "annotation", "info", "image", "album", "trackNum", "duration")
_PLAYLIST_TEXT = ("title", "creator", "annotation", "info", "location", "identifier", "image",
                  "date", "license")  # fmt: skip
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class XmlRefused(ValueError):
    """The XML is broken or unsafe; the message says which, ``where`` says where if known."""

    def __init__(self, problem: str, where: str | None = None) -> None:
        super().__init__(problem)
        self.where = where


def parse(data: bytes) -> Jspf:
    """The playlist in ``data`` as a JSPF-shaped object."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as e:
        raise XmlRefused(f"refused: the XML declares entities or external references ({e})") from e
    except ET.ParseError as e:
        line, column = e.position
        raise XmlRefused(f"broken XML ({e.msg})", f"line {line}, column {column}") from e
    if _local(root.tag) != "playlist":
        raise XmlRefused(f"the document is a <{_local(root.tag)}>, not an XSPF <playlist>")
    doc: Jspf = {}
    for child in root:
        name = _local(child.tag)
        if name in _PLAYLIST_TEXT:
            doc[name] = child.text or ""
        elif name == "extension":
            doc.setdefault("extension", {})[child.get("application", "")] = _extension(child)
        elif name == "trackList":
            doc["track"] = [_track(t) for t in child if _local(t.tag) == "track"]
    return doc


def _track(element: ET.Element) -> Jspf:
    track: Jspf = {}
    for child in element:
        name = _local(child.tag)
        if name in ("location", "identifier"):
            track.setdefault(name, []).append((child.text or "").strip())
        elif name in _TRACK_TEXT:
            track[name] = child.text or ""
        elif name == "extension":
            track.setdefault("extension", {})[child.get("application", "")] = _extension(child)
    return track


def _extension(element: ET.Element) -> Jspf:
    """An extension's child elements as fields; repeated (or list) fields become lists."""
    fields: Jspf = {}
    for child in element:
        name, value = _local(child.tag), child.text or ""
        if name in LIST_FIELDS or name in fields:
            previous = fields.get(name, [])
            fields[name] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            fields[name] = value
    return fields


def render(doc: Jspf) -> bytes:
    """The XSPF document for a JSPF-shaped playlist object, indented, UTF-8."""
    root = ET.Element("playlist", version="1", xmlns=NS)
    for name in ("title", "creator", "annotation", "identifier"):
        _text(root, name, doc.get(name))
    _extensions(root, doc.get("extension", {}))
    track_list = ET.SubElement(root, _tag("trackList"))
    for track in doc.get("track", []):
        element = ET.SubElement(track_list, _tag("track"))
        for name in ("location", "identifier"):
            for value in track.get(name, []):
                _text(element, name, value)
        for name in ("title", "creator", "album", "duration"):
            _text(element, name, track.get(name))
        _extensions(element, track.get("extension", {}))
    ET.indent(root, "  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def _extensions(parent: ET.Element, extensions: dict[str, Jspf]) -> None:
    for application, fields in extensions.items():
        element = ET.SubElement(parent, _tag("extension"), application=application)
        for name, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                _text(element, name, item)


def _text(parent: ET.Element, name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        value = "true" if value else "false"
    ET.SubElement(parent, _tag(name)).text = _NOT_XML.sub("\ufffd", str(value))


def _tag(name: str) -> str:
    # Unqualified on purpose: the root's plain ``xmlns`` attribute puts them all in XSPF's
    # namespace, which ElementTree's ``default_namespace`` cannot do with attributes present.
    return name


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]
