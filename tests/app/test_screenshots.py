"""Render the main window on a real library and save PNGs to docs/screenshots/ (README uses them).

Look at them after a UI change: they are the quickest way to see spacing, fonts and colours.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from app.gui.main_window import MainWindow
from app.gui.passphrase import PassphraseDialog, PassphraseMode
from app.gui.tasks import TaskRunner
from store import Library

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _save(widget: QWidget, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    image = widget.grab().toImage()
    assert not image.isNull()
    assert image.save(str(path))
    return path


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, real_library: Library) -> Iterator[MainWindow]:
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.library_model.totalChanged, timeout=10_000):
        window.set_library(real_library)
    qtbot.waitUntil(lambda: "track" in window.summary.text(), timeout=10_000)
    yield window
    tasks.shutdown()


def test_library_screenshot(qtbot: Any, window: MainWindow) -> None:
    window.library_view.table.selectRow(2)
    qtbot.wait(50)
    path = _save(window, "library.png")
    assert path.stat().st_size > 10_000


def test_search_screenshot(qtbot: Any, window: MainWindow) -> None:
    with qtbot.waitSignal(window.library_model.totalChanged, timeout=10_000):
        qtbot.keyClicks(window.search, "river")
    qtbot.wait(50)
    _save(window, "search.png")


#: Sections whose own tests render them with real data (a shared relay, duplicates, a model).
OWN_SCREENSHOTS = {"duplicates", "shared", "discover", "accounts"}


def test_every_section_screenshot(qtbot: Any, window: MainWindow, real_library: Library) -> None:
    """One PNG per main section, on the sample library (with a local playlist in it)."""
    from store.local_playlists import LocalPlaylists

    local = LocalPlaylists(real_library)
    playlist_id = local.create("Evening walk")
    local.insert(playlist_id, [t.id for t in real_library.tracks.page(0, 12)])
    features = window.features
    with qtbot.waitSignal(features.playlists.listLoaded, timeout=10_000):
        features.playlists.refresh()
    with qtbot.waitSignal(features.history.loaded, timeout=10_000):
        window.show_section("history")
    for key in window.section_keys():
        if key in OWN_SCREENSHOTS:
            continue
        window.show_section(key)
        if key == "playlists":
            with qtbot.waitSignal(features.playlists.entriesLoaded, timeout=10_000):
                features.playlists.open_playlist(playlist_id)
            features.playlists.table.selectRow(1)
            qtbot.waitUntil(lambda: features.playlists.detail.detail is not None)
        if key == "library":
            window.library_view.table.selectRow(2)
            qtbot.waitUntil(lambda: features.detail.detail is not None)
        qtbot.wait(30)
        assert _save(window, f"{key}.png").stat().st_size > 5_000


def test_dialog_screenshots(qtbot: Any, window: MainWindow) -> None:
    features = window.features
    welcome = features.show_welcome()
    qtbot.waitExposed(welcome)
    _save(welcome, "welcome.png")
    welcome.import_button.click()
    _save(welcome, "welcome-import.png")
    welcome.reject()
    export = features.export()
    qtbot.waitExposed(export)
    _save(export, "export.png")
    export.reject()


def test_passphrase_screenshot(qtbot: Any, tasks: TaskRunner) -> None:
    dialog = PassphraseDialog(PassphraseMode.CREATE, lambda p: None, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.passphrase, "a long passphrase")
    qtbot.keyClicks(dialog.confirm, "a long passphrasf")
    dialog.ok_button.click()
    qtbot.wait(50)
    _save(dialog, "passphrase.png")
