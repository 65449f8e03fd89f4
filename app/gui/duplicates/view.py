"""The Duplicates section: duplicate songs with their evidence, the review queue, the history.

Three tabs over one :class:`DuplicatesActions`; every tab is refreshed from the same snapshot,
so after any change (or undo) all of them agree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.actions import DuplicatesActions
from app.gui.duplicates.groups_panel import GroupsPanel
from app.gui.duplicates.queue_models import UNDO_COLUMN, HistoryModel
from app.gui.duplicates.review_panel import ReviewPanel
from app.gui.duplicates.rows import SCOPES, HistoryEntry, Snapshot
from app.gui.duplicates.widgets import calm_table, heading, muted
from app.gui.errors import show_error
from app.gui.i18n import plural
from app.gui.tasks import TaskRunner
from store.identity import IdentityError


class HistoryPanel(QWidget):
    """Every identity change, newest first, each with its own undo button."""

    def __init__(self, commands: DuplicatesActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commands = commands
        self.model = HistoryModel(self)
        self.table = calm_table("identityHistory", self.model, self, self.tr("What was changed"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(
            round(self.table.fontMetrics().height() * 2.4)
        )
        self.undo_buttons: dict[int, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 8, 0)
        layout.addWidget(
            muted(
                self.tr("Everything you or Mixtape decided about duplicates. Undo any of it."), self
            )
        )
        layout.addWidget(self.table, 1)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.model.set_rows(snapshot.history)
        self.undo_buttons = {}
        for row, entry in enumerate(snapshot.history):
            if entry.undoable:
                self.table.setIndexWidget(
                    self.model.index(row, UNDO_COLUMN), self._undo_button(entry)
                )

    def _undo_button(self, entry: HistoryEntry) -> QWidget:
        cell = QWidget(self.table)
        button = QPushButton(self.tr("Undo"), cell)
        button.setAccessibleName(self.tr("Undo: %1").replace("%1", entry.summary))
        button.clicked.connect(lambda: self.commands.undo(entry.id))
        row = QHBoxLayout(cell)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(button)
        row.addStretch(1)
        self.undo_buttons[entry.id] = button
        return cell


class DuplicatesView(QWidget):
    loaded = Signal()  # after every refresh reached the screen

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commands = DuplicatesActions(tasks, self)
        self.groups = GroupsPanel(self.commands, self)
        self.review = ReviewPanel(self.commands, self)
        self.history = HistoryPanel(self.commands, self)
        self.snapshot: Snapshot | None = None
        self._library: Any = None
        # show_recording(): the song to focus, and the scopes still to look in.
        self._focus: tuple[int, tuple[str, ...]] | None = None

        self.heading = heading(self.tr("Duplicates"), self)
        self.summary = muted("", self, wrap=False)
        self.summary.setAccessibleName(self.tr("Duplicates summary"))
        self.message = muted("", self, wrap=False)
        self.message.setObjectName("duplicatesMessage")
        top = QHBoxLayout()
        top.setContentsMargins(24, 18, 24, 6)
        top.setSpacing(12)
        top.addWidget(self.heading)
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.message)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.groups, self.tr("Duplicates"))
        self.tabs.addTab(self.review, self.tr("To review"))
        self.tabs.addTab(self.history, self.tr("History"))
        body = QVBoxLayout()
        body.setContentsMargins(24, 0, 16, 16)
        body.addWidget(self.tabs)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self.commands.loaded.connect(self._show)
        self.commands.changed.connect(self.message.setText)
        self.commands.failed.connect(self._failed)
        self.commands.busy.connect(lambda busy: self.setEnabled(not busy))

    def set_library(self, library: Any) -> None:
        """Show ``library`` (read now if the section is on screen, else when it is shown)."""
        self._library = library
        self.message.setText("")
        self.commands.set_library(library, read=self.isVisible())

    def refresh(self) -> None:
        self.commands.reload(keep=self.commands.keep)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._library is not None:
            self.refresh()

    def show_recording(self, recording_id: int) -> None:
        """Focus the group of the song ``recording_id``: in the scope on screen if it is there
        more than once, else in the first scope (of :data:`SCOPES`) where it is."""
        current = self.commands.scope
        scopes = (current, *(s for s in SCOPES if s != current))
        self._focus = (recording_id, scopes[1:])
        self.message.setText("")
        self.tabs.setCurrentWidget(self.groups)
        self.commands.reload(scopes[0])

    def _focus_found(self, snapshot: Snapshot) -> bool:
        """False while show_recording() is still looking in another scope."""
        if self._focus is None:
            return True
        recording_id, rest = self._focus
        row = self.groups.groups_model.row_of(recording_id)
        if row >= 0:
            self._focus = None
            self.groups.select_row(row)
            return True
        if rest:
            self._focus = (recording_id, rest[1:])
            self.commands.reload(rest[0])
            return False
        self._focus = None
        self.message.setText(self.tr("This song is in your library only once."))
        return True

    def _show(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.groups.show_snapshot(snapshot)
        if not self._focus_found(snapshot):
            return
        self.review.show_snapshot(snapshot)
        self.history.show_snapshot(snapshot)
        songs, waiting = len(snapshot.groups), len(snapshot.suggestions)
        parts = [plural(self.tr("%n song(s) found more than once", "", songs), songs)]
        if waiting:
            parts.append(plural(self.tr("%n to review", "", waiting), waiting))
        self.summary.setText("  ·  ".join(parts))
        self.tabs.setTabText(
            1,
            plural(self.tr("To review (%n)", "", waiting), waiting)
            if waiting
            else self.tr("To review"),
        )
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, IdentityError):
            self.message.setText(str(error)[:1].upper() + str(error)[1:] + ".")
        else:
            show_error(self, error)


def install(window: Any) -> DuplicatesView:
    """Build the section and put it in ``window`` (a :class:`~app.gui.main_window.MainWindow`)."""
    view = DuplicatesView(window.tasks, window)
    window.set_section_page("duplicates", view)
    window.libraryChanged.connect(view.set_library)
    if window.library is not None:
        view.set_library(window.library)
    return view
