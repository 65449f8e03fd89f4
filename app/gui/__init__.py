"""The desktop app (PySide6). Qt is imported only under ``app/``; nothing imports ``app/``.

``run_gui`` imports Qt lazily so that ``mixtape --help`` and the rest of the CLI stay quick.
"""

from __future__ import annotations

from pathlib import Path


def run_gui(profile_dir: Path | None, demo: bool = False, *, passphrase: str | None = None) -> int:
    """Open the desktop app on ``profile_dir``'s library; see :func:`app.gui.launch.run_gui`."""
    from app.gui.launch import run_gui as launch

    return launch(profile_dir, demo, passphrase=passphrase)


__all__ = ["run_gui"]
