"""The YouTube Music card with real widgets against the fake YouTube on 127.0.0.1: the guided
setup text, connecting with a device code (the code and URL are shown), a sync that runs out
of the daily quota shows "paused until …" with the reason, and disconnect revokes at Google."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from app.gui.accounts.connect_dialog import ConnectDialog
from app.gui.accounts.work import ServiceEnvironment
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Library
from store.accounts import ServiceAccounts
from tests.app.accounts_support import WAIT, accounts_view, card_text
from tests.app.support import open_window, settle
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.youtube import FakeYouTube
from tests.services.conftest import _only_loopback  # noqa: F401  (autouse: loopback only)
from tests.services.support import MemorySecrets

SERVICE = "youtube_music"


@pytest.fixture
def yt() -> Iterator[FakeYouTube]:
    server = FakeYouTube().start()
    server.add_playlist("PLmix", "Mix", server.add_videos(0, 4))
    server.liked = server.add_videos(10, 60)
    yield server
    server.stop()


@pytest.fixture
def window(
    qtbot: Any, tasks: TaskRunner, real_library: Library, yt: FakeYouTube
) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, real_library)
    accounts_view(window).accounts.env = ServiceEnvironment(
        secrets=lambda: MemorySecrets(),
        clock=FakeClock(datetime(2026, 11, 25, 20, tzinfo=UTC).timestamp()),
        environ=yt.environ,
        open_browser=open_in_thread,
        sign_in_timeout=15,
    )
    yield window
    tasks.shutdown()


def test_connect_with_a_device_code_pause_on_quota_and_disconnect(
    qtbot: Any, window: MainWindow, real_library: Library, yt: FakeYouTube
) -> None:
    secrets = MemorySecrets()
    view = accounts_view(window)
    view.accounts.env.secrets = lambda: secrets
    window.show_section("accounts")
    qtbot.waitUntil(lambda: bool(view.rows), timeout=WAIT)
    assert "Not connected" in card_text(view, SERVICE)
    view.cards[SERVICE].connect_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ConnectDialog)
    assert dialog.steps is not None
    assert "Desktop app" in dialog.steps.text()
    assert "7 days" in dialog.steps.text()
    assert not dialog.connect_button.isEnabled()  # no client yet
    qtbot.keyClicks(dialog.client_id, yt.client_id)
    qtbot.keyClicks(dialog.secret, yt.client_secret)
    dialog.device.setChecked(True)
    assert dialog.connect_button.isEnabled()
    yt.device_script = ["authorization_pending", "ok"]
    with qtbot.waitSignal(view.accounts.connected, timeout=WAIT):
        dialog.connect_button.click()
    settle(qtbot, window.tasks)
    assert "Signed in as Ana" in card_text(view, SERVICE)
    assert yt.token_requests[0] == "urn:ietf:params:oauth:grant-type:device_code"

    ServiceAccounts(real_library).set_setting("youtube_music.daily_quota", "2")
    with qtbot.waitSignal(view.accounts.synced, timeout=WAIT):
        view.cards[SERVICE].sync_button.click()
    settle(qtbot, window.tasks)
    text = card_text(view, SERVICE)
    assert "Paused until" in text
    assert "daily allowance" in text
    assert "waits until" in text
    qtbot.waitUntil(lambda: window.health.health(SERVICE) == "paused", timeout=WAIT)

    refresh = set(yt.refresh_tokens)
    view.cards[SERVICE].disconnect_button.click()
    assert view.confirmation is not None
    with qtbot.waitSignal(view.accounts.disconnected, timeout=WAIT):
        view.confirmation.accept()
    settle(qtbot, window.tasks)
    assert set(yt.revoked) == refresh
    assert "Not connected" in card_text(view, SERVICE)
    assert secrets.values == {}


def test_the_device_code_is_shown_to_the_user(
    qtbot: Any, window: MainWindow, yt: FakeYouTube
) -> None:
    view = accounts_view(window)
    view.accounts.deviceCode.emit(SERVICE, "https://www.google.com/device", "GQVQ-JKEC")
    assert "GQVQ-JKEC" in view.message.text()
    assert "https://www.google.com/device" in view.message.text()


def test_a_sign_out_google_could_not_revoke_says_so_and_where_to_remove_mixtape(
    qtbot: Any, window: MainWindow
) -> None:
    view = accounts_view(window)
    assert view.transfer_button.text() == "Transfer…"  # playlists and liked songs
    view.accounts.disconnected.emit(SERVICE, False)
    text = view.message.text()
    assert "could not be reached" in text
    assert "https://myaccount.google.com/permissions" in text
    assert "revoked" not in text
    view.accounts.disconnected.emit(SERVICE, True)
    assert "Google revoked Mixtape’s access." in view.message.text()
