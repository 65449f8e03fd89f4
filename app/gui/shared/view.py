"""The Shared section: the playlists you share (with sync status), one open in detail, and the
share / join / sync-now actions. An empty state explains sharing until there is something."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.widgets import heading, muted
from app.gui.empty_state import EmptyState
from app.gui.preferences import Preferences
from app.gui.shared.actions import SharingActions
from app.gui.shared.delegate import ShareDelegate, list_style
from app.gui.shared.detail import DetailPanel, confirm
from app.gui.shared.dialogs import JoinDialog, ShareDialog
from app.gui.shared.models import SharesModel
from app.gui.shared.rows import MemberLine, ShareDetail, ShareSummary
from app.gui.shared.words import describe_sharing_error
from app.gui.tasks import TaskRunner

#: How often the status of the list is read again while the section is on screen.
REFRESH_MS = 20_000


class SharedView(QWidget):
    loaded = Signal()  # the list reached the screen
    detailShown = Signal()  # the open playlist reached the screen

    def __init__(
        self,
        tasks: TaskRunner,
        preferences: Preferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.preferences = preferences or Preferences(None)
        self.sharing = SharingActions(tasks, self)
        self.shares = SharesModel(self)
        self.dialog: ShareDialog | JoinDialog | None = None
        self.confirmation: QMessageBox | None = None
        self._library: Any = None
        self._select_after: str | None = None

        self.heading = heading(self.tr("Shared"), self)
        self.message = muted("", self)
        self.message.setObjectName("sharedMessage")
        self.share_button = QPushButton(self.tr("Share a playlist…"), self)
        self.join_button = QPushButton(self.tr("Join from a link…"), self)
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("sharedSyncNow")
        top = QHBoxLayout()
        top.setContentsMargins(24, 18, 24, 6)
        top.setSpacing(8)
        top.addWidget(self.heading)
        top.addSpacing(8)
        top.addWidget(self.message, 1)
        for button in (self.sync_button, self.join_button, self.share_button):
            top.addWidget(button)

        self.empty = EmptyState(
            "shared",
            self.tr("Build a playlist together with friends"),
            self.tr(
                "Share one of your playlists and friends can add to it from their own "
                "service: Spotify, Apple Music, YouTube Music or any other. Each of you keeps "
                "a copy, edits made offline merge, and everything travels end-to-end encrypted "
                "through a relay that can’t read it. Start by sharing a playlist, or paste a "
                "link a friend sent you."
            ),
            self,
        )
        self.empty.add_button(self.tr("Share a playlist…")).clicked.connect(self.share)
        self.empty.add_button(self.tr("Join from a link…")).clicked.connect(self.join)

        self.list = QListView(self)
        self.list.setObjectName("sharedList")
        self.list.setAccessibleName(self.tr("Shared playlists"))
        self.list.setModel(self.shares)
        self.list.setItemDelegate(ShareDelegate(self.list))
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.setStyleSheet(list_style(self.palette()))
        self.list.setMinimumWidth(260)
        self.list.selectionModel().selectionChanged.connect(self._selected)
        self.detail = DetailPanel(self.sharing, self)
        self.split = QSplitter(self)
        self.split.addWidget(self.list)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([300, 700])
        self.split.setContentsMargins(16, 0, 0, 0)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.share_button.clicked.connect(self.share)
        self.join_button.clicked.connect(self.join)
        self.sync_button.clicked.connect(self.sharing.sync_now)
        self.detail.removeRequested.connect(self.confirm_remove)
        self.detail.leaveRequested.connect(self.confirm_leave)
        self.detail.inviteRequested.connect(self.invite)
        self.sharing.overviewLoaded.connect(self._show_list)
        self.sharing.detailLoaded.connect(self._show_detail)
        self.sharing.changed.connect(self.message.setText)
        self.sharing.failed.connect(self._failed)
        self.sharing.busyChanged.connect(lambda busy: self.sync_button.setEnabled(not busy))
        self.sharing.created.connect(lambda c: self._remember(c.doc_id))
        self.sharing.joined.connect(self._remember)

    # -- library ---------------------------------------------------------------------------
    def set_library(self, library: Any) -> None:
        """Show ``library`` (read now if the section is on screen, else when it is shown)."""
        self._library = library
        self.message.setText("")
        self.shares.set_rows([])
        self.sharing.set_library(library, read=self.isVisible())

    def refresh(self) -> None:
        self.sharing.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._library is not None:
            self.refresh()

    def _tick(self) -> None:
        if self.isVisible() and self._library is not None and not self.sharing.busy:
            self.refresh()

    # -- list and detail -------------------------------------------------------------------
    def _show_list(self, rows: list[ShareSummary]) -> None:
        current = self._select_after or self.sharing.current
        self._select_after = None
        self.shares.set_rows(rows)
        self.stack.setCurrentWidget(self.split if rows else self.empty)
        for button in (self.sync_button, self.join_button, self.share_button):
            button.setVisible(bool(rows))  # the empty state has its own, bigger invitation
        if rows:
            row = self.shares.row_of(current) if current else -1
            self.list.setCurrentIndex(self.shares.index(max(row, 0)))
        self.loaded.emit()

    def _selected(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        share = self.shares.rows[indexes[0].row()]
        if share.doc_id != self.sharing.current or self.detail.detail is None:
            self.sharing.open(share.doc_id)

    def _show_detail(self, detail: ShareDetail) -> None:
        self.detail.show_detail(detail)
        self.detailShown.emit()

    def open(self, doc_id: str) -> None:
        row = self.shares.row_of(doc_id)
        if row >= 0:
            self.list.setCurrentIndex(self.shares.index(row))
        self.sharing.open(doc_id)

    def _remember(self, doc_id: str) -> None:
        self._select_after = doc_id
        self.sharing.current = doc_id

    # -- share, join, invite ---------------------------------------------------------------
    def share(self) -> ShareDialog:
        dialog = ShareDialog(self.sharing, self.preferences, self)
        self._open_dialog(dialog)
        return dialog

    def join(self) -> JoinDialog:
        dialog = JoinDialog(self.sharing, self.preferences, self)
        dialog.accepted.connect(lambda: self.message.setText(self._joined_text()))
        self._open_dialog(dialog)
        return dialog

    def invite(self) -> None:
        if self.detail.detail is not None:
            dialog = ShareDialog(self.sharing, self.preferences, self)
            dialog.setWindowTitle(self.tr("Invite a friend"))
            dialog.share_button.hide()
            self._open_dialog(dialog)
            self.sharing.invite(self.detail.detail.summary.doc_id)

    def _open_dialog(self, dialog: ShareDialog | JoinDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _joined_text(self) -> str:
        return self.tr("Joined. The owner lets you in on their next sync; then the songs appear.")

    # -- members, leave --------------------------------------------------------------------
    def confirm_remove(self, member: MemberLine) -> QMessageBox:
        detail = self.detail.detail
        assert detail is not None
        doc_id = detail.summary.doc_id
        box = confirm(
            self,
            self.tr("Remove a member"),
            self.tr("Remove %1 from “%2”?")
            .replace("%1", member.name)
            .replace("%2", detail.summary.name),
            self.tr(
                "Mixtape makes a new key for everyone else and a new relay password, so %1 "
                "can’t read anything added from now on. They keep the songs they already have."
            ).replace("%1", member.name),
            self.tr("Remove"),
        )
        box.accepted.connect(lambda: self.sharing.remove_member(doc_id, member.device, member.name))
        self._open_confirmation(box)
        return box

    def confirm_leave(self) -> QMessageBox:
        detail = self.detail.detail
        assert detail is not None
        summary = detail.summary
        if summary.is_owner:
            title, action = self.tr("Delete shared playlist"), self.tr("Delete for everyone")
            info = self.tr(
                "This deletes the encrypted copy on the relay, so nobody can sync it any more. "
                "Your own playlist stays in your library, and friends keep the songs they have."
            )
        else:
            title, action = self.tr("Leave shared playlist"), self.tr("Leave")
            info = self.tr("You stop receiving changes. The others carry on without you.")
        box = confirm(self, title, f"{title}: “{summary.name}”?", info, action)
        box.accepted.connect(lambda: self.sharing.leave(summary.doc_id, summary.name))
        self._open_confirmation(box)
        return box

    def _open_confirmation(self, box: QMessageBox) -> None:
        self.confirmation = box
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "confirmation", None))
        box.open()

    # -- errors ----------------------------------------------------------------------------
    def _failed(self, what: str, error: BaseException) -> None:
        if what in ("create", "invite", "join") and self.dialog is not None:
            return  # the open dialog shows it next to the field
        friendly = describe_sharing_error(error)
        self.message.setText(f"{friendly.title}. {friendly.message}")


def install(window: Any) -> SharedView:
    """Build the section and put it in ``window`` (a :class:`~app.gui.main_window.MainWindow`)."""
    view = SharedView(window.tasks, getattr(window, "preferences", None), window)
    window.set_section_page("shared", view)
    window.libraryChanged.connect(view.set_library)
    if window.library is not None:
        view.set_library(window.library)
    return view
