"""The Shared section end to end, with real widgets, a real relay process on 127.0.0.1 and two
real encrypted libraries: Ana shares from the main window, Ben joins from a second view, songs
travel both ways, Ana removes Ben, and the screenshot for the README is taken on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.gui.main_window import MainWindow
from app.gui.shared import SharedView
from app.gui.shared.dialogs import JoinDialog, ShareDialog
from app.gui.tasks import TaskRunner
from store import Library
from tests.app.shared_support import (
    ana_library,
    ben_library,
    summary,
    titles,
)
from tests.app.support import open_window, settle
from tests.relay.conftest import RelayProcess, running_relay

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WAIT = 20_000


@pytest.fixture
def relay() -> Iterator[RelayProcess]:
    with running_relay() as relay:
        yield relay


@pytest.fixture
def ana(tmp_path: Path) -> Iterator[Library]:
    library = ana_library(tmp_path)
    yield library
    library.close()


@pytest.fixture
def ben(tmp_path: Path) -> Iterator[Library]:
    library = ben_library(tmp_path)
    yield library
    library.close()


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, ana: Library) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, ana)
    yield window
    tasks.shutdown()


@pytest.fixture
def ben_view(qtbot: Any, tasks: TaskRunner, ben: Library) -> SharedView:
    view = SharedView(tasks)
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.set_library(ben)
    view.show()
    qtbot.waitExposed(view)
    return view


def _ana_view(qtbot: Any, window: MainWindow) -> SharedView:
    view = window.section_page("shared")
    assert isinstance(view, SharedView)
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        window.show_section("shared")
    return view


def _sync(qtbot: Any, tasks: TaskRunner, view: SharedView) -> str:
    with qtbot.waitSignal(view.sharing.changed, timeout=WAIT) as done:
        view.sync_button.click()
    settle(qtbot, tasks, timeout=WAIT)
    return str(done.args[0])


def _share(qtbot: Any, view: SharedView, relay: RelayProcess) -> ShareDialog:
    with qtbot.waitSignal(view.sharing.playlistsLoaded, timeout=WAIT):
        dialog = view.share()
    assert [dialog.playlist.itemText(i) for i in range(dialog.playlist.count())] == ["Road trip"]
    qtbot.keyClicks(dialog.relay, "relay.example.org")  # no scheme: refused before any work
    dialog.share_button.click()
    assert "wss://" in dialog.error.text()
    dialog.relay.setText(f"ws://127.0.0.1:{relay.port}")
    dialog.name.setText("Ana")
    with qtbot.waitSignal(view.sharing.created, timeout=WAIT):
        dialog.share_button.click()
    return dialog


def _join(qtbot: Any, view: SharedView, link: str) -> None:
    dialog = view.join()
    assert isinstance(dialog, JoinDialog)
    qtbot.keyClicks(dialog.link, "https://evil.example/join?x=1")
    assert not dialog.join_button.isEnabled()
    assert "isn’t a Mixtape invite link" in dialog.error.text()
    dialog.link.setText(link)
    assert dialog.join_button.isEnabled()
    assert "Road trip" in dialog.verdict.text()
    dialog.name.setText("Ben")
    with qtbot.waitSignal(view.sharing.joined, timeout=WAIT):
        dialog.join_button.click()
    assert dialog.result() == JoinDialog.DialogCode.Accepted


def _add_from_search(qtbot: Any, view: SharedView, query: str) -> None:
    box = view.detail.add_box
    with qtbot.waitSignal(view.sharing.searchLoaded, timeout=WAIT):
        qtbot.keyClicks(box.search, query)
    assert box.results.count() >= 1
    with qtbot.waitSignal(view.sharing.changed, timeout=WAIT) as done:
        box.results.itemActivated.emit(box.results.item(0))
    assert "Added" in str(done.args[0])


@pytest.mark.slow
def test_share_join_sync_remove_through_a_real_relay(
    qtbot: Any,
    tasks: TaskRunner,
    window: MainWindow,
    ben_view: SharedView,
    relay: RelayProcess,
) -> None:
    ana_view = _ana_view(qtbot, window)
    assert ana_view.stack.currentWidget() is ana_view.empty
    assert "encrypted" in ana_view.empty.body.text()

    # Ana shares "Road trip": the dialog shows the single-use link and its QR code.
    dialog = _share(qtbot, ana_view, relay)
    link = dialog.link_panel.link.text()
    assert link.startswith("mixtape://join?v=1#")
    assert not dialog.link_panel.qr.pixmap().isNull()
    assert "works once" in dialog.link_panel.note.text()
    dialog.link_panel.copy.click()
    assert QApplication.clipboard().text() == link
    dialog.accept()
    settle(qtbot, tasks, timeout=WAIT)
    assert ana_view.stack.currentWidget() is ana_view.split
    assert titles(ana_view) == ["Harbour Lights", "Paper Satellites", "Birch Road"]
    assert ana_view.detail.status.text().startswith("Up to date  ·  through the relay at 127.0.0.1")

    # Ben joins in his own view; Ana's next sync admits him, Ben's brings the songs.
    _join(qtbot, ben_view, link)
    settle(qtbot, tasks, timeout=WAIT)
    _sync(qtbot, tasks, ana_view)
    assert _sync(qtbot, tasks, ben_view) == "Everything is synced."
    assert titles(ben_view) == ["Harbour Lights", "Paper Satellites", "Birch Road"]
    yours = [e.service for e in ben_view.detail.entries.rows]
    assert yours == ["deezer", None, None]  # his own Deezer copy; the others not in his library
    shown = ben_view.detail.entries.index(1, 4).data()
    assert shown == "not in your library"

    # Ben adds a song from his Deezer library; it appears in Ana's view after her sync.
    _add_from_search(qtbot, ben_view, "Late Bus")
    settle(qtbot, tasks, timeout=WAIT)
    _sync(qtbot, tasks, ana_view)
    assert titles(ana_view)[-1] == "Late Bus Home"
    assert ana_view.detail.entries.rows[-1].service is None
    assert ana_view.detail.entries.rows[-1].added_by == "Ben"
    assert summary(ana_view).members == 2
    assert "Up to date" in ana_view.shares.subtitle(summary(ana_view))
    assert "2 members" in ana_view.shares.subtitle(summary(ana_view))

    ana_view.detail.tabs.setCurrentIndex(0)
    qtbot.wait(50)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().toImage().save(str(SCREENSHOTS / "shared.png"))

    # Ana removes Ben: confirm (it explains the new key), then Ben can no longer sync.
    ana_view.detail.tabs.setCurrentIndex(1)
    assert set(ana_view.detail.remove_buttons) == {"Ben"}
    ana_view.detail.remove_buttons["Ben"].click()
    box = ana_view.confirmation
    assert isinstance(box, QMessageBox)
    assert "new key" in box.informativeText()
    remove = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    assert remove.text() == "Remove"
    with qtbot.waitSignal(ana_view.sharing.changed, timeout=WAIT) as removed:
        remove.click()
    assert "Removed Ben" in str(removed.args[0])
    settle(qtbot, tasks, timeout=WAIT)
    assert summary(ana_view).members == 1
    assert "couldn’t sync" in _sync(qtbot, tasks, ben_view)
    assert ben_view.detail.status.text().startswith("Can’t sync")
    assert "removed" in ben_view.detail.status.text()
