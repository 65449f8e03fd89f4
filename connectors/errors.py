"""Errors raised by connectors and importers.

ConnectorError
├── BadExport          a file we recognise but cannot read (names the file and record)
│   └── TooLarge       a file or archive beyond the safety limits (zip bombs, 2 GB files)
├── UnknownFormat      no importer recognises the file
└── ImportCancelled    the user cancelled; nothing was written
"""

from __future__ import annotations


class ConnectorError(Exception):
    """Root of every connector error; the message is one line a user can act on."""


class BadExport(ConnectorError):
    """A file that cannot be imported. ``str()`` names the file and, when known, the record."""

    def __init__(self, source: str, problem: str, record: str | None = None) -> None:
        self.source = source
        self.problem = problem
        self.record = record
        where = f"{source}, {record}" if record else source
        super().__init__(f"{where}: {problem}")


class TooLarge(BadExport):
    """Refused before reading: bigger than Mixtape will read for this kind of file."""


class UnknownFormat(ConnectorError):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"{source}: not a music export Mixtape knows")


class ImportCancelled(ConnectorError):
    def __init__(self) -> None:
        super().__init__("import cancelled; nothing was changed")
