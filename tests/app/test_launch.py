"""Starting the app: unlock silently when possible, else ask; errors as friendly messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.gui import run_gui
from app.gui.errors import describe_error, show_error
from app.gui.launch import LibraryOpener
from app.gui.main_window import MainWindow
from app.gui.passphrase import PassphraseMode
from app.gui.tasks import TaskRunner
from store import (
    CorruptLibrary,
    Library,
    LibraryLocked,
    Profile,
    StoreError,
    WrongPassphrase,
    open_library,
)

from .conftest import PASSPHRASE


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner) -> Iterator[MainWindow]:
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.show()
    yield window
    library = window.library
    tasks.shutdown()
    if isinstance(library, Library):
        library.close()


def _existing(profile: Profile) -> None:
    open_library(profile, PASSPHRASE).close()


def test_first_run_asks_for_a_new_passphrase(
    qtbot: Any, window: MainWindow, profile: Profile
) -> None:
    opener = LibraryOpener(window, profile, passphrase=None)
    opener.start()
    qtbot.waitUntil(lambda: opener.dialog is not None and opener.dialog.isVisible(), timeout=10_000)
    dialog = opener.dialog
    assert dialog is not None
    assert dialog.mode is PassphraseMode.CREATE
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.confirm, PASSPHRASE)
    with qtbot.waitSignal(window.library_model.totalChanged, timeout=20_000):
        dialog.ok_button.click()
    assert isinstance(window.library, Library)
    assert window.library_view.stack.currentWidget() is window.library_view.empty


def test_known_passphrase_opens_without_asking(
    qtbot: Any, window: MainWindow, profile: Profile
) -> None:
    _existing(profile)
    opener = LibraryOpener(window, profile, passphrase=PASSPHRASE)
    with qtbot.waitSignal(window.library_model.totalChanged, timeout=20_000):
        opener.start()
    assert opener.dialog is None
    assert opener.library is window.library


def test_wrong_known_passphrase_falls_back_to_the_dialog(
    qtbot: Any, window: MainWindow, profile: Profile
) -> None:
    _existing(profile)
    opener = LibraryOpener(window, profile, passphrase="stale passphrase")
    opener.start()
    qtbot.waitUntil(lambda: opener.dialog is not None and opener.dialog.isVisible(), timeout=20_000)
    assert opener.dialog is not None
    assert opener.dialog.mode is PassphraseMode.UNLOCK


def test_a_broken_library_is_a_friendly_message(
    qtbot: Any, window: MainWindow, profile: Profile
) -> None:
    _existing(profile)
    profile.key_path.unlink()  # without its key file the library cannot be opened
    opener = LibraryOpener(window, profile, passphrase=PASSPHRASE)
    opener.start()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=20_000)
    box = window.findChild(QMessageBox, "errorBox")
    assert box.text() in {"Mixtape couldn’t open your library", "Your library is locked"}
    assert "key file" in box.informativeText()
    assert "Traceback" in box.detailedText()  # behind the "Show Details…" toggle only
    assert "Traceback" not in box.informativeText()
    box.accept()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


@pytest.mark.parametrize(
    ("error", "title"),
    [
        (WrongPassphrase("x"), "Wrong passphrase"),
        (LibraryLocked("enter your passphrase"), "Your library is locked"),
        (
            CorruptLibrary("the key file library.key is missing"),
            "Mixtape couldn’t open your library",
        ),
        (PermissionError(13, "Permission denied"), "Mixtape isn’t allowed to use a file"),
        (RuntimeError("boom"), "Something went wrong"),
    ],
)
def test_errors_become_words(error: Exception, title: str) -> None:
    try:
        raise error
    except Exception as e:
        friendly = describe_error(e)
    assert friendly.title == title
    assert friendly.message.endswith(".")
    assert "Traceback" not in friendly.message
    assert type(error).__name__ in friendly.details


def test_show_error_has_a_details_toggle(qtbot: Any) -> None:
    box = show_error(None, StoreError("the disk is full; free some space and try again"))
    qtbot.addWidget(box)
    assert box.informativeText() == "The disk is full; free some space and try again."
    assert box.detailedText()
    box.accept()


def test_run_gui_opens_the_window_on_the_library(qtbot: Any, profile: Profile) -> None:
    _existing(profile)
    seen: dict[str, Any] = {}

    def close_when_loaded() -> None:
        for widget in QApplication.topLevelWidgets():
            ready = isinstance(widget, MainWindow) and widget.isVisible()
            if ready and widget.library is not None and not widget.library_model.loading:
                seen["title"] = widget.windowTitle()
                seen["sections"] = widget.sidebar.count()
                widget.close()
                return
        QTimer.singleShot(20, close_when_loaded)

    QTimer.singleShot(0, close_when_loaded)
    QTimer.singleShot(20_000, QApplication.quit)  # never hang the test run
    assert run_gui(profile.dir, demo=True) == 0
    assert seen == {"title": "Mixtape — demo library", "sections": 8}
