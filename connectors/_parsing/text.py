"""Text and CSV readers that stream line by line and fail with the line number."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from connectors.errors import BadExport
from connectors.sources import ExportFile

#: A CSV field longer than this is a broken file, not a song title.
_MAX_FIELD = 1 << 20


def head_text(head: bytes, encoding: str = "utf-8-sig") -> str:
    """The start of a file as text for sniffing; undecodable bytes become U+FFFD.

    The head is cut at an arbitrary byte, so a multi-byte character at its end is dropped
    rather than reported.
    """
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    return decoder.decode(head, final=False)


def iter_lines(file: ExportFile, encoding: str = "utf-8-sig") -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` without the line ending; ``BadExport`` on bad encoding."""
    with file.open() as stream:
        reader = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline=None)
        number = 0
        try:
            for number, line in enumerate(reader, start=1):
                yield number, line.rstrip("\n")
        except UnicodeDecodeError as e:
            raise BadExport(file.name, _encoding_problem(encoding), f"line {number + 1}") from e


def iter_csv_rows(
    file: ExportFile, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)`` for every non-blank CSV row of ``file``.

    Quoting errors (a quote left open at the end of the file, a NUL byte) raise ``BadExport``
    with the line where the reader stopped.
    """
    with file.open() as stream:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        try:
            for row in reader:
                if any(field.strip() for field in row):
                    if max(len(field) for field in row) > _MAX_FIELD:
                        raise BadExport(file.name, "CSV field is far too long", _line(reader))
                    yield reader.line_num, row
        except csv.Error as e:
            raise BadExport(file.name, f"broken CSV ({e})", _line(reader)) from e
        except UnicodeDecodeError as e:
            raise BadExport(file.name, _encoding_problem(encoding), _line(reader, 1)) from e


def _line(reader: object, offset: int = 0) -> str:
    return f"line {getattr(reader, 'line_num', 0) + offset}"


def _encoding_problem(encoding: str) -> str:
    name = {"utf-8-sig": "UTF-8", "utf-7": "UTF-7"}.get(encoding, encoding)
    return f"not {name} text (wrong encoding?)"


def header_index(header: list[str]) -> dict[str, int]:
    """Column positions by name, with typographic apostrophes and stray spaces normalised.

    Apple writes ``User’s Audio Quality`` with U+2019; matching on the normalised name lets one
    lookup serve every header variant.
    """
    return {normalise_header(name): i for i, name in enumerate(header)}


def normalise_header(name: str) -> str:
    return name.replace("\u2019", "'").replace("\ufeff", "").strip().casefold()


def field(row: list[str], columns: dict[str, int], name: str) -> str | None:
    """The stripped value of column ``name`` (any header spelling), or ``None`` if blank/absent.

    The literal text ``null`` (Tidal writes it for missing values) counts as blank.
    """
    index = columns.get(normalise_header(name))
    if index is None or index >= len(row):
        return None
    value = row[index].strip()
    return value if value and value.casefold() != "null" else None
