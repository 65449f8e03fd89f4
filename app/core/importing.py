"""Import export files, folders and zips into a library: detect, read, write as batches.

Each file is one batch, all or nothing: a file that fails part-way leaves the library exactly
as before, and the other files still import. Files inside a folder or zip that are not music
exports (a service's payment history, say) are skipped quietly; a single file given directly
that Mixtape does not know is an error.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast

from connectors.errors import BadExport, ConnectorError, ImportCancelled, UnknownFormat
from connectors.registry import detect
from connectors.sources import ExportFile, expand
from store import Library
from store.importing import AlreadyImported

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


@dataclass
class FileResult:
    source: str
    importer: str | None
    outcome: str  # "imported", "already imported", "not a music export", "failed", "cancelled"
    added: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    duplicate_listens: int = 0
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "importer": self.importer,
            "source": self.source,
            "outcome": self.outcome,
            "added": self.added or _zero_counts(),
            "skipped": self.skipped,
            "duplicate_listens": self.duplicate_listens,
            "errors": self.errors,
        }


def _zero_counts() -> dict[str, int]:
    keys = ("service_tracks", "playlists", "playlist_entries", "saved_items", "listens")
    return dict.fromkeys(keys, 0)


def import_paths(
    library: Library,
    paths: Iterable[Path],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[FileResult]:
    """Import everything under ``paths``. Raises ``ImportCancelled`` if the user cancels."""
    results: list[FileResult] = []
    plan: list[tuple[ExportFile, bool]] = []
    for path in paths:
        try:
            files = list(expand(path))
        except BadExport as e:
            results.append(FileResult(e.source, None, "failed", errors=[str(e)]))
            continue
        direct = path.is_file() and len(files) == 1
        plan.extend((f, direct) for f in files)
    total = sum(f.size for f, _ in plan) or 1
    done = 0
    for file, direct in plan:

        def report(read: int, file: ExportFile = file, done: int = done) -> None:
            if progress is not None:
                progress(min(1.0, (done + read) / total), file.basename)

        results.append(_import_file(library, file, direct, report, cancelled))
        done += file.size
    if progress is not None:
        progress(1.0, "done")
    return results


def _import_file(
    library: Library,
    file: ExportFile,
    direct: bool,
    report: Callable[[int], None],
    cancelled: Cancelled | None,
) -> FileResult:
    try:
        importer = detect(file)
    except UnknownFormat as e:
        if direct:
            return FileResult(file.name, None, "failed", errors=[str(e)])
        return FileResult(file.name, None, "not a music export")
    except ConnectorError as e:
        return FileResult(file.name, None, "failed", errors=[str(e)])
    try:
        digest = file.sha256()
        writer = library.begin_import(importer.name, file.name, digest)
    except AlreadyImported:
        return FileResult(file.name, importer.name, "already imported")
    except OSError as e:
        return FileResult(file.name, importer.name, "failed", errors=[f"{file.name}: {e}"])
    counted = _counting(file, report)
    try:
        with writer:
            for n, record in enumerate(importer.read(counted), 1):
                writer.add(record)
                if n % 2000 == 0 and cancelled is not None and cancelled():
                    raise ImportCancelled()
    except ImportCancelled:
        raise
    except ConnectorError as e:
        return FileResult(file.name, importer.name, "failed", errors=[str(e)])
    except (OSError, UnicodeError, ValueError) as e:
        message = f"{file.name}: unreadable ({type(e).__name__}: {e})"
        return FileResult(file.name, importer.name, "failed", errors=[message])
    counts = writer.counts
    return FileResult(
        file.name,
        importer.name,
        "imported",
        added=counts.added(),
        skipped=counts.skipped,
        duplicate_listens=counts.duplicate_listens,
    )


def _counting(file: ExportFile, report: Callable[[int], None]) -> ExportFile:
    """The same file, reporting how many bytes the importer has read so far."""

    def opener() -> BinaryIO:
        raw = _CountingReader(file.open(), report)
        return cast(BinaryIO, io.BufferedReader(raw, 1 << 16))

    return ExportFile(file.name, file.size, opener)


class _CountingReader(io.RawIOBase):
    def __init__(self, inner: BinaryIO, report: Callable[[int], None]) -> None:
        self._inner = inner
        self._report = report
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._read += n
        self._report(self._read)
        return n

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()
