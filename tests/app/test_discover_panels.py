"""Discover's seam for modes answered by a panel of their own (e.g. "beyond your library")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from app.core.demo import load_demo
from app.gui.discover import DiscoverView
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Profile, open_library
from tests.app.support import open_window, settle


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, profile: Profile) -> Iterator[MainWindow]:
    library = open_library(profile, "discover panel tests")
    load_demo(library)
    window = open_window(qtbot, tasks, library)
    try:
        yield window
    finally:
        tasks.shutdown()
        library.close()


def test_a_panel_mode_takes_the_lists_place_and_gives_it_back(
    qtbot: Any, window: MainWindow
) -> None:
    view = window.discover
    assert isinstance(view, DiscoverView)
    window.show_section("discover")
    qtbot.waitUntil(lambda: view.list.count() > 0, timeout=20_000)
    settle(qtbot, window.tasks, timeout=20_000)
    panel = QLabel("a panel of its own")
    view.add_panel("elsewhere", "From elsewhere", panel)
    index = view.mode.findData("elsewhere")
    assert view.mode.itemText(index) == "From elsewhere"

    view.mode.setCurrentIndex(index)
    assert panel.isVisible()
    assert not view.list.isVisible()
    assert not view.keep.isVisible()
    assert not view.diversity.isVisible()
    assert view.heading.text() == "From elsewhere"

    with qtbot.waitSignal(view.answered, timeout=20_000):
        view.mode.setCurrentIndex(view.mode.findData("for_you"))
    assert not panel.isVisible()
    assert view.list.isVisible()
    assert view.keep.isVisible()
    assert view.rows()
