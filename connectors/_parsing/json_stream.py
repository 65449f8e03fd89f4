"""JSON readers with bounded memory and one-line errors.

Service exports are mostly one big JSON list of small objects (Spotify's history files, Apple's
library tracks). :func:`iter_json_list` walks such a list element by element with the standard
library's C decoder (``JSONDecoder.raw_decode``), so memory stays at one read chunk plus one
record, and speed stays close to a plain ``json.load`` — no third-party streaming parser needed.
Small files shaped as one object (``YourLibrary.json``, ``Playlist1.json``) go through
:func:`load_json`, which refuses anything larger than :data:`MAX_DOCUMENT_BYTES`.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from connectors.errors import BadExport, TooLarge
from connectors.sources import ExportFile

#: Whole-document JSON files bigger than this are refused (no real object-shaped export is).
MAX_DOCUMENT_BYTES = 256 << 20
#: One record of a list may not grow past this while we wait for its end (a broken file would
#: otherwise be read to its end into memory before failing).
MAX_RECORD_CHARS = 16 << 20
_CHUNK = 1 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_BLANKS = " \t\n\r"
_DECODER = json.JSONDecoder()
_SCAN_ONCE: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


def _scan(text: str, pos: int) -> tuple[Any, int]:
    """``_DECODER.raw_decode`` without its Python wrapper (called once per record)."""
    try:
        return _SCAN_ONCE(text, pos)
    except StopIteration as e:
        raise json.JSONDecodeError("Expecting value", text, e.value) from None


def load_json(file: ExportFile, max_bytes: int = MAX_DOCUMENT_BYTES) -> Any:
    """The whole JSON document of ``file``; for files shaped as one object, not a long list."""
    if file.size > max_bytes:
        raise TooLarge(file.name, f"JSON document of {file.size >> 20} MiB is too large to read")
    with file.open() as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(file.name, "JSON document is too large to read")
    text = decode_utf8(file, data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BadExport(file.name, f"broken JSON ({e.msg})", f"line {e.lineno}") from e
    except RecursionError as e:
        raise BadExport(file.name, "JSON nested too deeply") from e


def decode_utf8(file: ExportFile, data: bytes) -> str:
    """``data`` as text (a UTF-8 byte-order mark is allowed), or ``BadExport``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadExport(file.name, f"not UTF-8 text (bad byte at offset {e.start})") from e


def iter_json_list(file: ExportFile) -> Iterator[tuple[int, Any]]:
    """Yield ``(record_number, value)`` for each element of the top-level JSON list of ``file``.

    Record numbers start at 1. A truncated or malformed file raises ``BadExport`` naming the
    first record that could not be read, after the records before it were yielded (the caller
    rolls the whole file back).
    """
    with file.open() as stream:
        cursor = _Cursor(file, stream)
        if cursor.next_char() != "[":
            raise BadExport(file.name, "expected a JSON list of records")
        cursor.advance(1)
        number = 0
        if cursor.next_char() == "]":
            cursor.advance(1)
        else:
            while True:
                number += 1
                yield number, cursor.value(number)
                separator = cursor.next_char()
                if separator == ",":
                    cursor.advance(1)
                    continue
                if separator == "]":
                    cursor.advance(1)
                    break
                problem = (
                    "file ends in the middle of the list"
                    if separator is None
                    else (f"expected ',' or ']' after a record, found {separator!r}")
                )
                raise BadExport(file.name, problem, f"record {number + 1}")
        trailing = cursor.next_char()
        if trailing is not None:
            raise BadExport(file.name, f"unexpected {trailing!r} after the end of the list")


def iter_json_lines(file: ExportFile) -> Iterator[tuple[int, Any]]:
    """Yield ``(line_number, value)`` for each non-blank line of a JSON Lines file."""
    with file.open() as stream:
        decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        for number, raw in enumerate(stream, start=1):
            try:
                line = decoder.decode(raw)
            except UnicodeDecodeError as e:
                raise BadExport(file.name, "not UTF-8 text", f"line {number}") from e
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as e:
                raise BadExport(file.name, f"broken JSON ({e.msg})", f"line {number}") from e


class _Cursor:
    """A window onto the decoded text of a stream, refilled on demand."""

    def __init__(self, file: ExportFile, stream: BinaryIO) -> None:
        self._file = file
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self._text = ""
        self._pos = 0
        self._eof = False

    def _fill(self) -> bool:
        """Read one more chunk; ``False`` at the end of the stream."""
        if self._eof:
            return False
        chunk = self._stream.read(_CHUNK)
        self._eof = not chunk
        try:
            more = self._decoder.decode(chunk, final=self._eof)
        except UnicodeDecodeError as e:
            raise BadExport(self._file.name, "not UTF-8 text") from e
        if self._pos:
            self._text = self._text[self._pos :]
            self._pos = 0
        self._text += more
        return True

    def next_char(self) -> str | None:
        """The next non-blank character without consuming it; ``None`` at the end."""
        text, pos = self._text, self._pos
        if pos < len(text) and text[pos] not in _BLANKS:  # the usual case, without a regex
            return text[pos]
        while True:
            match = _WHITESPACE.match(self._text, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._text):
                return self._text[self._pos]
            if not self._fill():
                return None

    def advance(self, n: int) -> None:
        self._pos += n

    def value(self, number: int) -> Any:
        """Decode the JSON value starting here, reading more text until it is complete."""
        self.next_char()
        while True:
            try:
                value, end = _scan(self._text, self._pos)
            except json.JSONDecodeError as e:
                if len(self._text) - self._pos < MAX_RECORD_CHARS and self._fill():
                    continue
                raise BadExport(self._file.name, self._problem(e), f"record {number}") from e
            except RecursionError as e:
                raise BadExport(
                    self._file.name, "JSON nested too deeply", f"record {number}"
                ) from e
            # A number or literal cut at the end of the buffer would decode as a shorter one.
            if end == len(self._text) and self._fill():
                continue
            self._pos = end
            return value

    def _problem(self, error: json.JSONDecodeError) -> str:
        cut = self._eof and (
            error.pos >= len(self._text.rstrip()) or error.msg.startswith("Unterminated string")
        )
        return (
            f"file ends in the middle of a record ({error.msg})"
            if cut
            else (f"broken JSON ({error.msg})")
        )
