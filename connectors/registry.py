"""Which importer reads a file: every format package offers importers, detection picks one.

A format package (``connectors/<format>/``) exports ``IMPORTERS``, a tuple of objects that
satisfy :class:`ExportImporter`. They are found automatically, so adding a format is adding a
package. Detection looks at content (the first 64 KiB) and the file name together; the importer
that is most confident wins.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from functools import cache
from typing import Protocol

import connectors
from connectors.errors import UnknownFormat
from connectors.sources import ExportFile
from domain import ImportRecord

#: Called with the fraction of the file read so far (0.0 to 1.0).
Progress = Callable[[float], None]


class ExportImporter(Protocol):
    #: Stable id, recorded in each ImportBatch ("spotify_extended_history").
    name: str
    #: What people call the format ("Spotify extended streaming history").
    label: str

    def sniff(self, file: ExportFile, head: bytes) -> float:
        """How sure this importer is that it reads ``file``: 0.0 (no) to 1.0 (certain)."""
        ...

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield the file's records in file order; raise ``BadExport`` naming the record."""
        ...


@cache
def all_importers() -> tuple[ExportImporter, ...]:
    found: list[ExportImporter] = []
    for module in sorted(pkgutil.iter_modules(connectors.__path__), key=lambda m: m.name):
        if not module.ispkg or module.name.startswith("_"):
            continue
        package = importlib.import_module(f"connectors.{module.name}")
        found.extend(getattr(package, "IMPORTERS", ()))
    return tuple(found)


def detect(file: ExportFile) -> ExportImporter:
    """The importer for ``file``, or ``UnknownFormat``."""
    head = file.head()
    best: tuple[float, ExportImporter] | None = None
    for importer in all_importers():
        confidence = importer.sniff(file, head)
        if confidence > 0 and (best is None or confidence > best[0]):
            best = (confidence, importer)
    if best is None:
        raise UnknownFormat(file.name)
    return best[1]
