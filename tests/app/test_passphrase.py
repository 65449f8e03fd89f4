"""Passphrase dialogs: wrong passphrase said in place, confirm mismatch, real unlock."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from app.gui.passphrase import PassphraseDialog, PassphraseMode
from app.gui.tasks import TaskRunner
from store import Library, Profile, WrongPassphrase, open_library

from .conftest import PASSPHRASE


class Attempts:
    """Opens "the library" for one passphrase only, and remembers what it was given."""

    def __init__(self, right: str) -> None:
        self.right = right
        self.tried: list[str] = []

    def __call__(self, passphrase: str) -> str:
        self.tried.append(passphrase)
        if passphrase != self.right:
            raise WrongPassphrase("the passphrase does not open this library")
        return "the library"


def _dialog(qtbot: Any, tasks: TaskRunner, mode: PassphraseMode, attempt: Any) -> PassphraseDialog:
    dialog = PassphraseDialog(mode, attempt, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_wrong_passphrase_is_said_in_place(qtbot: Any, tasks: TaskRunner) -> None:
    attempts = Attempts("open sesame")
    dialog = _dialog(qtbot, tasks, PassphraseMode.UNLOCK, attempts)
    assert not dialog.confirm.isVisible()

    qtbot.keyClicks(dialog.passphrase, "open barley")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=5000)
    assert "doesn’t unlock this library" in dialog.message.text()
    assert "Traceback" not in dialog.message.text()
    assert dialog.isVisible()
    assert dialog.passphrase.isEnabled()

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "open sesame")
    assert not dialog.message.isVisible()  # typing clears the old message
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    assert dialog.value == "the library"
    assert attempts.tried == ["open barley", "open sesame"]


def test_empty_passphrase_is_not_tried(qtbot: Any, tasks: TaskRunner) -> None:
    attempts = Attempts("x")
    dialog = _dialog(qtbot, tasks, PassphraseMode.UNLOCK, attempts)
    dialog.ok_button.click()
    assert dialog.message.text() == "Enter your passphrase."
    assert attempts.tried == []


def test_create_needs_matching_confirmation(qtbot: Any, tasks: TaskRunner) -> None:
    attempts = Attempts("a long passphrase")
    dialog = _dialog(qtbot, tasks, PassphraseMode.CREATE, attempts)
    assert dialog.confirm.isVisible()

    qtbot.keyClicks(dialog.passphrase, "short")
    dialog.ok_button.click()
    assert dialog.message.text() == "Use at least 8 characters."

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "a long passphrase")
    qtbot.keyClicks(dialog.confirm, "a long passphrasf")
    dialog.ok_button.click()
    assert dialog.message.text() == "The two passphrases don’t match."
    assert attempts.tried == []

    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "a long passphrase")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    assert attempts.tried == ["a long passphrase"]


def test_cancel_rejects(qtbot: Any, tasks: TaskRunner) -> None:
    dialog = _dialog(qtbot, tasks, PassphraseMode.UNLOCK, Attempts("x"))
    with qtbot.waitSignal(dialog.finished, timeout=1000):
        dialog.cancel_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_creates_and_unlocks_a_real_library(
    qtbot: Any, tasks: TaskRunner, profile: Profile
) -> None:
    def attempt(passphrase: str) -> Library:
        return open_library(profile, passphrase)

    create = _dialog(qtbot, tasks, PassphraseMode.CREATE, attempt)
    qtbot.keyClicks(create.passphrase, PASSPHRASE)
    qtbot.keyClicks(create.confirm, PASSPHRASE)
    with qtbot.waitSignal(create.accepted, timeout=20_000):
        create.ok_button.click()
    assert isinstance(create.value, Library)
    create.value.close()
    assert Library.exists(profile)

    unlock = _dialog(qtbot, tasks, PassphraseMode.UNLOCK, attempt)
    qtbot.keyClicks(unlock.passphrase, "not the passphrase")
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: unlock.message.isVisible(), timeout=20_000)
    assert "doesn’t unlock" in unlock.message.text()

    unlock.passphrase.clear()
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    with qtbot.waitSignal(unlock.accepted, timeout=20_000):
        unlock.ok_button.click()
    assert isinstance(unlock.value, Library)
    unlock.value.close()
