"""The bundled demo library, loaded through the same import path as any export."""

from __future__ import annotations

from pathlib import Path

import resources
from app.core.importing import FileResult, Progress, import_paths
from store import Library

DEMO_FILE = Path(resources.__file__).parent / "demo" / "demo-library.json"
#: The demo profile is not secret; a fixed passphrase lets it open without questions.
DEMO_PASSPHRASE = "mixtape-demo"  # noqa: S105 (deliberately public)


def load_demo(library: Library, progress: Progress | None = None) -> list[FileResult]:
    """Import the demo library (idempotent: a second load adds nothing)."""
    return import_paths(library, [DEMO_FILE], progress)
