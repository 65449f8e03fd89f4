"""The app side of "a new version is available" (the check itself is :mod:`app.core.updates`).

Once the library has opened, :class:`UpdateChecker` asks the releases URL in the background
(through the window's task runner, never on the UI thread) whether a newer Mixtape exists; the
core makes sure that happens at most once a day, remembered in the profile folder. A newer
version shows as a small, dismissible notice in the status bar whose links open the release
page in the browser, and only when clicked: Mixtape never downloads or replaces itself.

Nothing is asked when the user turned the preference off, when the build disabled checks
(:func:`app.core.updates.build_allows_checks`), or when there is no profile folder to remember
the last check in (a window without preferences, as in tests). Failures are silent.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from PySide6.QtCore import QObject, QSize, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QToolButton, QWidget

from app.core.updates import Update, build_allows_checks, check_for_update
from app.gui.icons import line_icon
from app.gui.preferences import Preferences
from app.gui.tasks import Cancelled, Progress, TaskRunner

logger = logging.getLogger(__name__)

STATE_FILE = "update-check.json"


def current_version() -> str | None:
    """This Mixtape's version, or None when it cannot be told (then nothing is checked)."""
    try:
        from importlib.metadata import version

        return version("mixtape")
    except Exception:  # a frozen build without package metadata, for instance
        return None


class UpdateNotice(QWidget):
    """ "Mixtape X.Y is available — What's new · Download" with a close button; hidden at first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.update_info: Update | None = None
        self.label = QLabel(self)
        self.label.setAccessibleName(self.tr("A new version is available"))
        self.label.linkActivated.connect(lambda _link: self.open_release())
        self.close_button = QToolButton(self)
        self.close_button.setIcon(line_icon("cancel"))
        self.close_button.setIconSize(QSize(12, 12))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss the new version notice"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.close_button)
        self.setVisible(False)

    @property
    def url(self) -> str | None:
        return self.update_info.url if self.update_info is not None else None

    def show_update(self, update: Update) -> None:
        self.update_info = update
        href = escape(QUrl(update.url).toString(), quote=True)
        text = escape(self.tr("Mixtape %1 is available").replace("%1", update.version), False)
        new, download = escape(self.tr("What's new"), False), escape(self.tr("Download"), False)
        self.label.setText(f'{text} — <a href="{href}">{new}</a> · <a href="{href}">{download}</a>')
        self.label.setToolTip(update.notes)
        self.setVisible(True)

    def open_release(self) -> None:
        """Open the release page in the browser (the user clicked a link); nothing is fetched."""
        if self.update_info is not None:
            QDesktopServices.openUrl(QUrl(self.update_info.url))

    def dismiss(self) -> None:
        self.setVisible(False)


class UpdateChecker(QObject):
    """Checks once, after the window's first library opened; shows :class:`UpdateNotice`."""

    def __init__(self, window: Any, current: str | None = None) -> None:
        super().__init__(window)
        self._tasks: TaskRunner = window.tasks
        self._preferences: Preferences = window.preferences
        self._current = current
        self.started = False
        self.notice = UpdateNotice(window)
        if isinstance(window, QMainWindow):
            window.statusBar().addWidget(self.notice)  # after the summary, before the jobs
        window.libraryChanged.connect(self._library_changed)

    def _library_changed(self, library: object) -> None:
        if library is not None and not self.started:
            self.start()

    def start(self) -> None:
        """Ask once in the background, if the user, the build and the profile allow it."""
        self.started = True
        folder = self._preferences.directory
        current = self._current or current_version()
        if not self._preferences.check_for_updates or not build_allows_checks():
            return
        if folder is None or current is None:
            logger.debug("update check skipped: no profile folder or no version")
            return
        state_file = folder / STATE_FILE

        def check(progress: Progress, cancelled: Cancelled) -> Update | None:
            return check_for_update(current, enabled=True, state_file=state_file)

        self._tasks.run(check, on_result=self._checked, on_error=self._failed)

    def _checked(self, update: Update | None) -> None:
        if update is not None and self._preferences.check_for_updates:
            self.notice.show_update(update)

    def _failed(self, error: BaseException) -> None:
        logger.debug("update check failed: %s", type(error).__name__)
