"""The guided Spotify setup: the redirect URI copies, the Client ID is checked as typed, and
the connect dialog asks for each service's own field and explicit consents."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from app.gui.accounts.client_id_guide import REDIRECT_URI, SpotifySetupGuide, client_id_problem
from app.gui.accounts.connect_dialog import ConnectDialog
from app.gui.accounts.rows import SERVICES, CardRow


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0b", True),
        ("  3F1C0A9E5B7D4C2E8A6F1B3D5C7E9A0B ", True),
        ("", False),
        ("3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0", False),  # 31
        ("3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0bb", False),  # 33
        ("3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0g", False),  # not hex
    ],
)
def test_client_id_is_32_hex_characters(text: str, ok: bool) -> None:
    assert (client_id_problem(text) is None) is ok


def test_guide_walks_three_steps_and_copies_the_redirect_uri(qtbot: Any) -> None:
    guide = SpotifySetupGuide()
    qtbot.addWidget(guide)
    guide.show()
    assert guide.step == 0
    guide.next.click()
    guide.copy_button.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == REDIRECT_URI == "http://127.0.0.1/callback"
    guide.next.click()
    assert guide.step == 2
    qtbot.keyClicks(guide.field, "not-an-id")
    assert not guide.next.isEnabled()
    assert "32 characters" in guide.problem.text()
    guide.field.setText("3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0b")
    assert guide.next.isEnabled()
    assert guide.problem.text() == ""
    guide.next.click()
    assert guide.result() == guide.DialogCode.Accepted
    assert guide.client_id == "3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0b"


def _row(service: str) -> CardRow:
    return CardRow(next(s for s in SERVICES if s.key == service))


def test_each_service_asks_for_its_own_field(qtbot: Any) -> None:
    lb = ConnectDialog(_row("listenbrainz"))
    qtbot.addWidget(lb)
    assert not lb.connect_button.isEnabled()
    lb.secret.setText("a-user-token")
    assert lb.connect_button.isEnabled()
    request = lb.request()
    assert request.credentials.token == "a-user-token"
    assert request.credentials.secret is None

    deezer = ConnectDialog(_row("deezer"))
    qtbot.addWidget(deezer)
    deezer.user.setText("2529")
    assert deezer.request().credentials.user == "2529"

    lastfm = ConnectDialog(_row("lastfm"))
    qtbot.addWidget(lastfm)
    lastfm.client_id.setText("key")
    assert not lastfm.connect_button.isEnabled()  # the shared secret too
    lastfm.secret.setText("secret")
    assert lastfm.connect_button.isEnabled()


def test_consents_are_explicit(qtbot: Any) -> None:
    dialog = ConnectDialog(_row("spotify"))
    qtbot.addWidget(dialog)
    assert not dialog.allow_write.isChecked()  # writing is never assumed
    dialog.client_id.setText("3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0b")
    dialog.allow_import.setChecked(False)
    assert not dialog.connect_button.isEnabled()
    dialog.allow_write.setChecked(True)
    request = dialog.request()
    assert (request.allow_import, request.allow_write_back) == (False, True)
