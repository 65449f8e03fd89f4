"""Shared/exclusive advisory locks that say "this index file is mapped by a reader".

POSIX: ``flock`` on the file itself (a reader holds a shared lock for as long as it maps the
file; cleanup deletes only what it can lock exclusively without waiting). Windows has no
``flock``, but it refuses to delete a file that is mapped, which is the same answer: cleanup
tries and leaves the file when the OS says it is in use.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class ReaderLock:
    """A shared lock on ``path`` held while a reader has the file mapped."""

    def __init__(self, path: Path) -> None:
        self._fd: int | None = None
        if fcntl is not None:
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)
            except OSError:
                os.close(fd)
                raise
            self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None


def remove_if_unused(path: Path) -> bool:
    """Delete ``path`` unless a reader holds it; true when the file is gone afterwards."""
    if fcntl is None:  # pragma: no cover - Windows
        try:
            path.unlink(missing_ok=True)
        except PermissionError:
            return False
        return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    try:
        path.unlink(missing_ok=True)
    finally:
        os.close(fd)
    return True
