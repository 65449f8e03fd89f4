"""The Accounts section with real widgets against the fake Spotify on 127.0.0.1: connect
through the guided Client ID setup and the fake browser, sync shows counts, a day-long
``Retry-After`` shows "paused until …" on the card and in the status bar, disconnect. The
README screenshot is taken on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.gui.accounts.card import ServiceCard
from app.gui.accounts.connect_dialog import ConnectDialog
from app.gui.accounts.rows import CardRow, ServiceInfo
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Library
from store.accounts import ServiceAccounts
from tests.app.accounts_support import (
    CLIENT_ID,
    WAIT,
    accounts_view,
    card_text,
    environment,
    start_fake,
)
from tests.app.support import open_window, settle
from tests.fakes.spotify import FakeSpotify
from tests.services.conftest import _only_loopback  # noqa: F401  (autouse: loopback only)
from tests.services.support import MemorySecrets

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def fake() -> Iterator[FakeSpotify]:
    server = start_fake()
    yield server
    server.stop()


@pytest.fixture
def window(
    qtbot: Any, tasks: TaskRunner, real_library: Library, fake: FakeSpotify
) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, real_library)
    accounts_view(window).accounts.env = environment(fake, MemorySecrets())
    yield window
    tasks.shutdown()


def _connect_spotify(qtbot: Any, window: MainWindow) -> None:
    view = accounts_view(window)
    window.show_section("accounts")
    qtbot.waitUntil(lambda: bool(view.rows), timeout=WAIT)
    view.cards["spotify"].connect_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ConnectDialog)
    assert not dialog.connect_button.isEnabled()  # no Client ID yet
    guide = dialog.open_guide()
    guide.next.click()
    guide.next.click()
    assert not guide.next.isEnabled()
    qtbot.keyClicks(guide.field, CLIENT_ID)
    guide.next.click()
    assert dialog.client_id.text() == CLIENT_ID
    dialog.allow_write.setChecked(True)
    with qtbot.waitSignal(view.accounts.connected, timeout=WAIT):
        dialog.connect_button.click()
    settle(qtbot, window.tasks)


def test_connect_sync_pause_and_disconnect(
    qtbot: Any, window: MainWindow, real_library: Library, fake: FakeSpotify
) -> None:
    view = accounts_view(window)
    _connect_spotify(qtbot, window)
    assert "Signed in as Wizzler" in card_text(view, "spotify")
    assert window.health.health("spotify") == "ok"
    accounts = ServiceAccounts(real_library)
    assert accounts.has_consent("spotify", "import")
    assert accounts.has_consent("spotify", "write_back")

    with qtbot.waitSignal(view.accounts.synced, timeout=WAIT):
        view.cards["spotify"].sync_button.click()
    settle(qtbot, window.tasks)
    assert "120 saved items" in card_text(view, "spotify")
    assert "playlists" in card_text(view, "spotify")
    assert "Synced" in view.message.text()
    assert "last synced" in card_text(view, "spotify")

    window.resize(1200, 760)
    qtbot.wait(50)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "accounts.png"))

    fake.fail_next(1, 429, {"Retry-After": "86400"})
    before = len(fake.api_requests())
    with qtbot.waitSignal(view.accounts.synced, timeout=WAIT):
        view.cards["spotify"].sync_button.click()
    settle(qtbot, window.tasks)
    assert len(fake.api_requests()) - before == 1  # parked after one request, no waiting
    text = card_text(view, "spotify")
    assert "Paused until" in text
    assert "slow down" in text
    assert "waits until" in text  # what is parked, and until when
    # The status bar chips follow the accounts from their own refresh: wait for it.
    qtbot.waitUntil(lambda: window.health.health("spotify") == "paused", timeout=WAIT)
    # Each refresh builds a new chip, so look it up afresh every time.
    qtbot.waitUntil(lambda: "until" in window.health._chips["spotify"].toolTip(), timeout=WAIT)

    view.cards["spotify"].disconnect_button.click()
    assert view.confirmation is not None
    with qtbot.waitSignal(view.accounts.disconnected, timeout=WAIT):
        view.confirmation.accept()
    settle(qtbot, window.tasks)
    assert "Not connected" in card_text(view, "spotify")
    qtbot.waitUntil(lambda: window.health.health("spotify") is None, timeout=WAIT)
    assert accounts.accounts("spotify") == []


def test_coming_soon_services_have_no_buttons(qtbot: Any) -> None:
    # Every service of the Accounts section is connectable now; a future one starts like this.
    card = ServiceCard(CardRow(ServiceInfo("tidal", "nothing", False, "playlists")))
    qtbot.addWidget(card)
    assert "Coming soon" in card.status.accessibleName()
    assert not card.connect_button.isVisibleTo(card)
    assert not card.sync_button.isVisibleTo(card)
