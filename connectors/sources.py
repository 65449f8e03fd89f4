"""Turn what the user gave us (a file, a folder, a zip as the service delivers it) into files.

Zips are read member by member without extracting to disk, with limits that stop zip bombs:
a member may not inflate past ``MAX_MEMBER_BYTES`` nor past ``MAX_RATIO`` times its compressed
size, and nested zips are opened one level deep only.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

from connectors.errors import BadExport, TooLarge

#: Larger single files are refused outright: no real export file comes close.
MAX_FILE_BYTES = 1 << 30
MAX_MEMBER_BYTES = 1 << 30
MAX_RATIO = 200
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class ExportFile:
    """One file of an export, wherever it lives; ``open()`` gives a fresh binary stream."""

    name: str  # shown to the user: "my_spotify_data.zip/Playlist1.json"
    size: int
    opener: Callable[[], BinaryIO]

    def open(self) -> BinaryIO:
        return self.opener()

    def head(self, n: int = 65536) -> bytes:
        with self.open() as f:
            return f.read(n)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]


def expand(path: Path) -> Iterator[ExportFile]:
    """Every file under ``path``: the file itself, a folder's files (sorted), a zip's members."""
    if not path.exists():
        raise BadExport(str(path), "no such file or folder")
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if child.name not in _SKIP_NAMES and not child.name.startswith("."):
                yield from _expand_file(child, f"{path.name}/{child.relative_to(path).as_posix()}")
        return
    yield from _expand_file(path, path.name)


def _expand_file(path: Path, name: str) -> Iterator[ExportFile]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLarge(name, f"file is {size / 2**30:.1f} GiB; Mixtape reads files up to 1 GiB")
    if zipfile.is_zipfile(path):
        yield from _expand_zip(lambda: path.open("rb"), name, depth=0)
        return
    yield ExportFile(name, size, lambda: path.open("rb"))


def _expand_zip(opener: Callable[[], BinaryIO], name: str, depth: int) -> Iterator[ExportFile]:
    try:
        with opener() as raw, zipfile.ZipFile(raw) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise BadExport(name, f"damaged zip archive ({e})") from e
    total = 0
    for info in sorted(infos, key=lambda i: i.filename):
        member = f"{name}/{info.filename}"
        base = info.filename.rsplit("/", 1)[-1]
        if base in _SKIP_NAMES or base.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        if info.file_size > MAX_MEMBER_BYTES or (
            info.compress_size and info.file_size / info.compress_size > MAX_RATIO
        ):
            raise TooLarge(member, "archive member inflates far beyond its size (zip bomb?)")
        total += info.file_size
        if total > 4 * MAX_MEMBER_BYTES:
            raise TooLarge(name, "archive inflates to more than 4 GiB")
        reader = _member_reader(opener, info, member)
        if base.lower().endswith(".zip"):
            if depth >= 1:
                raise BadExport(member, "zip nested inside a zip inside a zip; unpack it first")
            yield from _expand_zip(reader, member, depth + 1)
        else:
            yield ExportFile(member, info.file_size, reader)


def _member_reader(
    opener: Callable[[], BinaryIO], info: zipfile.ZipInfo, member: str
) -> Callable[[], BinaryIO]:
    def open_member() -> BinaryIO:
        raw = opener()
        archive = zipfile.ZipFile(raw)
        stream = archive.open(info)
        bounded = _Bounded(stream, info.file_size, member, archive, raw)
        return cast(BinaryIO, io.BufferedReader(bounded, 1 << 16))

    return open_member


class _Bounded(io.RawIOBase):
    """Reads a zip member but never more than its declared size (lying headers are bombs too)."""

    def __init__(
        self, stream: IO[bytes], limit: int, name: str, archive: zipfile.ZipFile, raw: BinaryIO
    ) -> None:
        self._raw = raw
        self._stream = stream
        self._left = limit
        self._name = name
        self._archive = archive

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise TooLarge(self._name, "archive member is larger than its header says")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._stream.close()
            self._archive.close()
            self._raw.close()
        finally:
            super().close()
