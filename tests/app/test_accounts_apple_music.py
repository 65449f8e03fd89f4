"""The Apple Music card with real widgets against the fake Apple Music on 127.0.0.1: the guided
setup text, connecting with a pasted developer token through the MusicKit page (a fake browser
posts the Music User Token), a sync shows counts, and a refused Music User Token shows
"Needs sign-in" with what waits."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.gui.accounts.connect_dialog import ConnectDialog
from app.gui.accounts.work import ServiceEnvironment
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from connectors.apple_music_api import make_developer_token
from store import Library
from tests.app.accounts_support import WAIT, accounts_view, card_text
from tests.app.support import open_window, settle
from tests.fakes.apple_music import USER_TOKEN, FakeAppleMusic
from tests.fakes.clock import FakeClock
from tests.fakes.musickit_browser import sign_in_in_thread
from tests.services.conftest import _only_loopback  # noqa: F401  (autouse: loopback only)
from tests.services.support import MemorySecrets

SERVICE = "apple_music"
NOW = datetime(2026, 11, 25, 20, tzinfo=UTC).timestamp()


@pytest.fixture
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@pytest.fixture
def apple(key: ec.EllipticCurvePrivateKey) -> Iterator[FakeAppleMusic]:
    server = FakeAppleMusic().start()
    server.developer_token = make_developer_token(_pem(key), "TEAM123456", "KEY7890ABC", NOW)
    server.seed_library(12)
    server.add_playlist("p.road", "Road trip", [1, 2, 3])
    yield server
    server.stop()


@pytest.fixture
def window(
    qtbot: Any, tasks: TaskRunner, real_library: Library, apple: FakeAppleMusic
) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, real_library)
    accounts_view(window).accounts.env = ServiceEnvironment(
        secrets=lambda: MemorySecrets(),
        clock=FakeClock(NOW),
        environ=apple.environ,
        open_browser=sign_in_in_thread(USER_TOKEN),
        sign_in_timeout=15,
    )
    yield window
    tasks.shutdown()


def test_connect_through_the_musickit_page_sync_and_reconnect_needed(
    qtbot: Any, window: MainWindow, apple: FakeAppleMusic
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
    assert "Apple Developer Program" in dialog.steps.text()
    assert "MusicKit" in dialog.steps.text()
    assert not dialog.connect_button.isEnabled()  # no developer token yet
    assert dialog.apple is not None
    qtbot.keyClicks(dialog.apple.developer_token, apple.developer_token)
    assert dialog.connect_button.isEnabled()
    with qtbot.waitSignal(view.accounts.connected, timeout=WAIT):
        dialog.connect_button.click()
    settle(qtbot, window.tasks)
    assert "Signed in as Apple Music library (US)" in card_text(view, SERVICE)
    assert USER_TOKEN in "".join(secrets.values.values())

    with qtbot.waitSignal(view.accounts.synced, timeout=WAIT):
        view.cards[SERVICE].sync_button.click()
    settle(qtbot, window.tasks)
    text = card_text(view, SERVICE)
    assert "12 saved items" in text
    assert "1 playlist" in text

    apple.user_tokens.clear()  # the Music User Token expired
    with qtbot.waitSignal(view.accounts.synced, timeout=WAIT):
        view.cards[SERVICE].sync_button.click()
    settle(qtbot, window.tasks)
    text = card_text(view, SERVICE)
    assert "Needs sign-in" in text
    assert "Library songs — waiting (needs you to sign in again)" in text
    assert view.cards[SERVICE].connect_button.isVisibleTo(view.cards[SERVICE])


def test_the_developer_token_can_be_made_from_the_musickit_key_in_the_dialog(
    qtbot: Any,
    window: MainWindow,
    apple: FakeAppleMusic,
    key: ec.EllipticCurvePrivateKey,
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "AuthKey_KEY7890ABC.p8"
    key_file.write_bytes(_pem(key))
    apple.developer_key = key.public_key()  # the fake checks the signature Mixtape makes
    apple.developer_token = "none yet"
    view = accounts_view(window)
    window.show_section("accounts")
    qtbot.waitUntil(lambda: bool(view.rows), timeout=WAIT)
    view.cards[SERVICE].connect_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ConnectDialog)
    assert dialog.apple is not None
    dialog.apple.key_file.setText(str(key_file))
    qtbot.keyClicks(dialog.apple.team_id, "TEAM123456")
    assert not dialog.connect_button.isEnabled()  # the Key ID is still missing
    assert "Key ID" in dialog.problem.text()
    qtbot.keyClicks(dialog.apple.key_id, "KEY7890ABC")
    assert dialog.connect_button.isEnabled()
    with qtbot.waitSignal(view.accounts.connected, timeout=WAIT):
        dialog.connect_button.click()
    settle(qtbot, window.tasks)
    assert "Signed in as Apple Music library (US)" in card_text(view, SERVICE)
    header = apple.developer_token.split(".")[0]  # the token the fake verified and accepted
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {
        "alg": "ES256",
        "kid": "KEY7890ABC",
        "typ": "JWT",
    }
