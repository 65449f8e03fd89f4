"""The one place where the app turns exceptions into words for people.

Every window, dialog and section goes through :func:`describe_error` (words) or
:func:`show_error` (a message box whose "Show Details…" button holds the technical part). A
traceback never appears on its own in front of anyone.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from store import LibraryLocked, StoreError, WrongPassphrase

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


@dataclass(frozen=True)
class FriendlyError:
    title: str
    message: str
    details: str


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def describe_error(error: BaseException) -> FriendlyError:
    """A title, a sentence a person can act on, and the technical details for the toggle."""
    details = "".join(traceback.format_exception(error)).strip()
    if isinstance(error, WrongPassphrase):
        return FriendlyError(
            _tr("Wrong passphrase"),
            _tr("That passphrase doesn’t unlock this library. Check it and try again."),
            details,
        )
    if isinstance(error, LibraryLocked):
        # The store says why (no passphrase given, key file missing…) in one actionable line.
        return FriendlyError(_tr("Your library is locked"), _sentence(str(error)), details)
    if isinstance(error, StoreError):
        # Store messages are written as one line a user can act on (house rule 6).
        return FriendlyError(
            _tr("Mixtape couldn’t open your library"), _sentence(str(error)), details
        )
    if isinstance(error, PermissionError):
        return FriendlyError(
            _tr("Mixtape isn’t allowed to use a file"),
            _tr("Check that you own the file or folder and try again."),
            details,
        )
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return FriendlyError(
            _tr("Mixtape couldn’t read or write a file"), _sentence(reason), details
        )
    return FriendlyError(
        _tr("Something went wrong"),
        _tr(
            "Mixtape ran into a problem it didn’t expect. Your library is safe. "
            "If it happens again, the details below help us fix it."
        ),
        details,
    )


def show_error(parent: QWidget | None, error: BaseException, *, modal: bool = False) -> QMessageBox:
    """Show ``error`` in a friendly message box with a details toggle.

    The box opens without blocking (``modal=True`` runs it to completion; for start-up only).
    """
    friendly = describe_error(error)
    logger.error("%s: %s", friendly.title, type(error).__name__)
    box = QMessageBox(parent)
    box.setObjectName("errorBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(friendly.title)
    box.setText(friendly.title)
    box.setInformativeText(friendly.message)
    box.setDetailedText(friendly.details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(friendly.title)
    if modal:
        box.exec()
    else:
        box.open()
    return box
