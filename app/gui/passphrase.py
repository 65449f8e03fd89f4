"""Passphrase dialogs: unlock an existing library, or choose one for a new library.

The dialog does not know how a library opens: it is given an ``attempt(passphrase)`` callable
and runs it in the background (deriving the key with Argon2id takes a noticeable moment, and it
is file work). A wrong passphrase is said in place, under the field; the dialog stays open.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.empty_state import muted_color
from app.gui.errors import describe_error, show_error
from app.gui.icons import app_pixmap, line_icon
from app.gui.tasks import Cancelled, Job, Progress, TaskRunner
from store import LibraryLocked, WrongPassphrase

MIN_LENGTH = 8
_ERROR_COLOR = "#c62828"


class PassphraseMode(enum.Enum):
    UNLOCK = "unlock"
    CREATE = "create"


class PassphraseDialog(QDialog):
    """Ask for a passphrase and run ``attempt`` with it until it succeeds or the user gives up.

    After ``accept``, :attr:`value` holds what ``attempt`` returned (e.g. the open library).
    """

    def __init__(
        self,
        mode: PassphraseMode,
        attempt: Callable[[str], Any],
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        self.value: Any = None
        self._attempt = attempt
        self._tasks = tasks
        self._job: Job[Any] | None = None
        creating = mode is PassphraseMode.CREATE
        self.setWindowTitle(self.tr("Create your library") if creating else self.tr("Unlock"))
        self.setModal(True)
        self.setMinimumWidth(460)

        icon = QLabel(self)
        icon.setPixmap(app_pixmap(56))
        heading = QLabel(
            self.tr("Choose a passphrase") if creating else self.tr("Unlock your library"), self
        )
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(font.Weight.DemiBold)
        heading.setFont(font)
        intro = QLabel(self._intro_text(), self)
        intro.setWordWrap(True)
        intro.setFixedWidth(360)
        intro.setMinimumHeight(intro.heightForWidth(360))  # the layout would squeeze it
        palette = intro.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted_color(palette))
        intro.setPalette(palette)

        self.passphrase = self._field(self.tr("Passphrase"))
        self.confirm = self._field(self.tr("Confirm passphrase"))
        self.confirm.setVisible(creating)
        self.message = QLabel(self)
        self.message.setObjectName("passphraseMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {_ERROR_COLOR};")
        self.message.setAccessibleName(self.tr("Passphrase problem"))
        self.message.setVisible(False)

        form = QFormLayout()
        form.setSpacing(8)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        if creating:
            form.addRow(self.tr("Confirm"), self.confirm)

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Create library") if creating else self.tr("Unlock"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(heading)
        text.addWidget(intro)
        top.addLayout(text, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()
        self.adjustSize()

    def _intro_text(self) -> str:
        if self.mode is PassphraseMode.CREATE:
            return self.tr(
                "Mixtape keeps your library encrypted on this computer. Your passphrase is the "
                "way back in if your system keyring changes, and nobody can recover it for you, "
                "so pick one you will remember."
            )
        return self.tr(
            "Your system keyring couldn’t unlock the library, so Mixtape needs the passphrase "
            "you chose when you created it."
        )

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        field.setMinimumWidth(260)
        show = QAction(line_icon("eye"), self.tr("Show passphrase"), field)
        show.setCheckable(True)
        show.toggled.connect(
            lambda on: field.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        field.addAction(show, QLineEdit.ActionPosition.TrailingPosition)
        field.textEdited.connect(lambda _text: self._say(""))
        return field

    # -- flow --------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._job is not None

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _problem(self) -> str:
        """What is wrong with the typed text, in words (empty when it can be tried)."""
        passphrase = self.passphrase.text()
        if not passphrase:
            return self.tr("Enter your passphrase.")
        if self.mode is PassphraseMode.CREATE:
            if len(passphrase) < MIN_LENGTH:
                return self.tr("Use at least %n characters.", "", MIN_LENGTH)
            if passphrase != self.confirm.text():
                return self.tr("The two passphrases don’t match.")
        return ""

    def _submit(self) -> None:
        if self.busy:
            return
        problem = self._problem()
        if problem:
            self._say(problem)
            field = self.confirm if self.confirm.isVisible() and self.passphrase.text() else None
            (field or self.passphrase).setFocus()
            return
        passphrase = self.passphrase.text()
        attempt = self._attempt

        def run(progress: Progress, cancelled: Cancelled) -> Any:
            return attempt(passphrase)

        self._set_busy(True)
        self._job = self._tasks.run(
            run, on_result=self._succeeded, on_error=self._failed, cancellable=False
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.passphrase, self.confirm, self.ok_button, self.cancel_button):
            widget.setEnabled(not busy)
        if busy:
            creating = self.mode is PassphraseMode.CREATE
            self.ok_button.setText(self.tr("Creating…") if creating else self.tr("Unlocking…"))
        else:
            creating = self.mode is PassphraseMode.CREATE
            self.ok_button.setText(self.tr("Create library") if creating else self.tr("Unlock"))

    def _succeeded(self, value: Any) -> None:
        self._job = None
        self.value = value
        self._set_busy(False)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self._set_busy(False)
        if isinstance(error, WrongPassphrase | LibraryLocked):
            self._say(describe_error(error).message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self._say(describe_error(error).title)
        show_error(self, error)

    def reject(self) -> None:
        if self.busy:
            return  # the attempt finishes in a moment; leaving now would orphan an open library
        super().reject()
