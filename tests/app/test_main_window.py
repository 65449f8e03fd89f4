"""The main window: sections, global search, status bar."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.gui.empty_state import EmptyState
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner

from .conftest import FakeLibrary

SECTION_TITLES = [
    "Library",
    "Playlists",
    "History & Insights",
    "Duplicates",
    "Discover",
    "Shared",
    "Accounts",
    "Settings & Privacy",
]


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner) -> Iterator[MainWindow]:
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    tasks.cancel_all()


@pytest.fixture
def loaded(qtbot: Any, window: MainWindow, fake_library: FakeLibrary) -> MainWindow:
    with qtbot.waitSignal(window.library_model.totalChanged, timeout=5000):
        window.set_library(fake_library)
    qtbot.waitUntil(lambda: "track" in window.summary.text(), timeout=5000)
    return window


def test_sidebar_lists_every_section(window: MainWindow) -> None:
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == SECTION_TITLES
    assert window.current_section() == "library"
    assert window.sidebar.accessibleName() == "Sections"


def test_switching_sections_shows_their_page(qtbot: Any, window: MainWindow) -> None:
    for row, key in enumerate(window.section_keys()):
        window.sidebar.setCurrentRow(row)
        assert window.pages.currentWidget() is window.section_page(key)
    window.show_section("library")
    assert window.pages.currentWidget().isAncestorOf(window.library_view)


def test_unbuilt_sections_say_what_will_live_there(window: MainWindow) -> None:
    unbuilt = [k for k in window.section_keys() if isinstance(window.section_page(k), EmptyState)]
    for key in unbuilt:
        window.show_section(key)
        page = window.pages.currentWidget()
        assert isinstance(page, EmptyState)
        assert page.heading.text()
        assert len(page.body.text()) > 40
        assert page.accessibleName() == page.heading.text()


def test_a_feature_can_replace_a_section_page(window: MainWindow) -> None:
    page = QLabel("Playlists, for real")
    window.set_section_page("playlists", page)
    window.show_section("playlists")
    assert window.pages.currentWidget() is page
    assert window.section_keys()[1] == "playlists"


def test_library_shows_tracks_and_a_summary(loaded: MainWindow, fake_library: FakeLibrary) -> None:
    view = loaded.library_view
    assert view.stack.currentWidget() is view.table
    assert view.table.model().rowCount() == len(fake_library.tracks.rows)
    assert view.count_label.text() == "42 tracks"
    assert loaded.summary.text().startswith("42 tracks  ·  4 playlists  ·  Apple Music")


def test_ctrl_f_focuses_search(qtbot: Any, loaded: MainWindow) -> None:
    loaded.activateWindow()
    qtbot.waitActive(loaded)
    loaded.library_view.table.setFocus()
    qtbot.keyClick(loaded, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is loaded.search


def test_search_field_drives_the_library(qtbot: Any, loaded: MainWindow) -> None:
    loaded.show_section("discover")
    model = loaded.library_model
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        qtbot.keyClicks(loaded.search, "neon")
    assert loaded.current_section() == "library"
    assert model.query == "neon"
    assert model.rowCount() == 5
    assert loaded.library_view.count_label.text() == "5 tracks matching “neon”"

    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        qtbot.keyClicks(loaded.search, "zzz")
    view = loaded.library_view
    assert view.stack.currentWidget() is view.no_match
    assert "neonzzz" in view.no_match.heading.text()

    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        qtbot.keyClick(loaded.search, Qt.Key.Key_Escape)
    assert loaded.search.text() == ""
    assert model.rowCount() == 42


def test_library_says_it_is_opening_until_it_is_there(window: MainWindow) -> None:
    view = window.library_view
    assert view.stack.currentWidget() is view.opening
    assert window.summary.text() == "Opening your library…"


def test_empty_library_says_what_to_do(
    qtbot: Any, window: MainWindow, fake_library: FakeLibrary
) -> None:
    fake_library.tracks.rows.clear()
    with qtbot.waitSignal(window.library_model.totalChanged, timeout=5000):
        window.set_library(fake_library)
    view = window.library_view
    assert view.stack.currentWidget() is view.empty
    assert "Import" in view.empty.body.text()


def test_status_bar_shows_background_jobs(qtbot: Any, window: MainWindow) -> None:
    release = threading.Event()

    def work(progress: Any, cancelled: Any) -> None:
        progress(-1, "")
        while not (cancelled() or release.is_set()):
            threading.Event().wait(0.005)

    job = window.tasks.run(work, title="Importing Spotify export")
    assert window.jobs.isVisible()
    assert window.jobs.current_job is job
    assert "Importing Spotify export" in window.jobs.label.text()
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        window.jobs.cancel_button.click()
    assert not window.jobs.isVisible()


def test_status_bar_shows_service_health(window: MainWindow) -> None:
    assert not window.health.isVisible()
    window.health.set_health("spotify", "paused", "until 14:05")
    window.health.set_health("apple_music", "ok")
    assert window.health.isVisible()
    assert window.health.health("spotify") == "paused"
    window.health.set_health("spotify", "ok")
    assert window.health.health("spotify") == "ok"
    window.health.clear_health("spotify")
    window.health.clear_health("apple_music")
    assert not window.health.isVisible()


def test_service_filter_narrows_the_library(qtbot: Any, loaded: MainWindow) -> None:
    combo = loaded.library_view.service_filter
    assert combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All services",
        "Apple Music",
        "Spotify",
        "YouTube Music",
    ]
    with qtbot.waitSignal(loaded.library_model.totalChanged, timeout=5000):
        combo.setCurrentIndex(2)
    assert loaded.library_model.service == "spotify"
    assert loaded.library_model.rowCount() == 14
