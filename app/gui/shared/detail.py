"""One shared playlist: its entries as *my* library sees them, adding a track, and the members."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.widgets import calm_table, heading, muted
from app.gui.library_view import ServiceBadgeDelegate
from app.gui.shared.actions import SharingActions
from app.gui.shared.models import (
    ENTRY_ARTISTS,
    ENTRY_TITLE,
    ENTRY_YOURS,
    MEMBER_ACTION,
    MEMBER_NAME,
    EntriesModel,
    MembersModel,
)
from app.gui.shared.rows import MemberLine, ShareDetail
from app.gui.shared.words import status_text
from store.rows import TrackRow

SEARCH_DELAY_MS = 250
_TrackRole = Qt.ItemDataRole.UserRole


class AddTrackBox(QWidget):
    """Search your library and add a track from any of your services."""

    def __init__(self, actions: SharingActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sharing = actions
        self.doc_id: str | None = None
        self.search = QLineEdit(self)
        self.search.setObjectName("sharedAddSearch")
        self.search.setPlaceholderText(self.tr("Add a song: search your library…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("sharedAddResults")
        self.results.setMaximumHeight(140)
        self.results.hide()
        self.results.itemActivated.connect(self._add)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: actions.search(self.search.text()))
        self.search.textChanged.connect(lambda _: self._timer.start())
        actions.searchLoaded.connect(self.show_results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)

    def show_results(self, rows: list[TrackRow]) -> None:
        self.results.clear()
        for row in rows:
            text = f"{row.title} — {', '.join(row.artists)}"
            item = QListWidgetItem(text, self.results)
            item.setData(_TrackRole, row)
            item.setToolTip(self.tr("Double-click or press Enter to add"))
        self.results.setVisible(bool(rows) and bool(self.search.text().strip()))

    def _add(self, item: QListWidgetItem) -> None:
        row = item.data(_TrackRole)
        if self.doc_id is not None and isinstance(row, TrackRow):
            self.sharing.add_track(self.doc_id, row)
            self.search.clear()
            self.results.hide()


class DetailPanel(QWidget):
    removeRequested = Signal(object)  # MemberLine
    leaveRequested = Signal()
    inviteRequested = Signal()

    def __init__(self, actions: SharingActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sharing = actions
        self.detail: ShareDetail | None = None
        self.title = heading("", self, 1.3)
        self.title.setObjectName("sharedTitle")
        self.status = muted("", self, wrap=False)
        self.status.setObjectName("sharedStatus")
        self.invite = QPushButton(self.tr("Invite a friend…"), self)
        self.invite.clicked.connect(self.inviteRequested)
        self.leave = QPushButton(self.tr("Leave…"), self)
        self.leave.setObjectName("sharedLeave")
        self.leave.clicked.connect(self.leaveRequested)

        self.entries = EntriesModel(self)
        self.table = calm_table("sharedEntries", self.entries, self, self.tr("Shared songs"))
        self.table.setItemDelegateForColumn(ENTRY_YOURS, ServiceBadgeDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ENTRY_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ENTRY_ARTISTS, QHeaderView.ResizeMode.Stretch)
        self.add_box = AddTrackBox(actions, self)
        songs = QWidget(self)
        songs_layout = QVBoxLayout(songs)
        songs_layout.setContentsMargins(0, 8, 0, 0)
        songs_layout.addWidget(self.add_box)
        songs_layout.addWidget(self.table, 1)

        self.members = MembersModel(self)
        self.member_table = calm_table("sharedMembers", self.members, self, self.tr("Members"))
        members_header = self.member_table.horizontalHeader()
        members_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        members_header.setSectionResizeMode(MEMBER_NAME, QHeaderView.ResizeMode.Stretch)
        self.remove_buttons: dict[str, QPushButton] = {}
        people = QWidget(self)
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 8, 0, 0)
        self.members_note = muted("", people)
        people_layout.addWidget(self.members_note)
        people_layout.addWidget(self.member_table, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(songs, self.tr("Songs"))
        self.tabs.addTab(people, self.tr("Members"))

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.status)
        top.addLayout(titles, 1)
        top.addWidget(self.invite)
        top.addWidget(self.leave)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    def show_detail(self, detail: ShareDetail) -> None:
        self.detail = detail
        summary = detail.summary
        self.title.setText(summary.name)
        relay = urlsplit(summary.relay_url).netloc
        self.status.setText(
            self.tr("%1  ·  through the relay at %2")
            .replace("%2", relay)
            .replace("%1", status_text(summary))
        )
        self.status.setToolTip(summary.relay_url)
        self.invite.setVisible(summary.is_owner)
        self.leave.setText(self.tr("Delete…") if summary.is_owner else self.tr("Leave…"))
        self.add_box.doc_id = summary.doc_id
        self.entries.set_rows(detail.entries)
        self.members.set_rows(detail.members)
        active = sum(1 for m in detail.members if m.active)
        self.tabs.setTabText(1, self.tr("Members (%1)").replace("%1", str(active)))
        self.members_note.setText(
            self.tr("You own this playlist: you can invite friends and remove them.")
            if summary.is_owner
            else self.tr("The owner invites and removes members.")
        )
        self.remove_buttons = {}
        for row, member in enumerate(detail.members):
            if summary.is_owner and member.active and not member.is_me:
                index = self.members.index(row, MEMBER_ACTION)
                self.member_table.setIndexWidget(index, self._remove_button(member))

    def _remove_button(self, member: MemberLine) -> QWidget:
        cell = QWidget(self.member_table)
        button = QPushButton(self.tr("Remove…"), cell)
        button.setAccessibleName(self.tr("Remove %1").replace("%1", member.name))
        button.clicked.connect(lambda: self.removeRequested.emit(member))
        row = QHBoxLayout(cell)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(button)
        self.remove_buttons[member.name] = button
        return cell


def confirm(parent: QWidget, title: str, text: str, info: str, action: str) -> QMessageBox:
    """A non-blocking confirmation; connect ``accepted`` (the action button) yourself."""
    box = QMessageBox(parent)
    box.setObjectName("sharedConfirm")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(info)
    box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box
