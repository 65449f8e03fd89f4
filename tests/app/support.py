"""Helpers for the app tests that drive a real window over a real library."""

from __future__ import annotations

from typing import Any

from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner


def open_window(qtbot: Any, tasks: TaskRunner, library: Any) -> MainWindow:
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.library_model.totalChanged, timeout=10_000):
        window.set_library(library)
    qtbot.waitUntil(lambda: "track" in window.summary.text(), timeout=10_000)
    return window


def settle(qtbot: Any, *runners: TaskRunner, timeout: int = 10_000) -> None:
    """Wait until every job of ``runners`` has finished and been delivered."""
    qtbot.waitUntil(lambda: not any(r.jobs() for r in runners), timeout=timeout)
