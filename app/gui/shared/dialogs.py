"""Share a playlist (pick it, choose a relay, get the link and its QR code) and join from a link."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.widgets import heading, muted
from app.gui.preferences import Preferences
from app.gui.shared.actions import CreatedShare, SharingActions
from app.gui.shared.links import MAX_NAME_CHARS, check_invite, check_relay
from app.gui.shared.words import describe_sharing_error, now_ms

RELAY_KEY = "sharing/relay"
NAME_KEY = "sharing/name"
QR_SIZE = 220


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel("", parent)
    label.setObjectName("sharedError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: #c0392b;")
    return label


def _name_field(parent: QWidget, preferences: Preferences) -> QLineEdit:
    field = QLineEdit(str(preferences.value(NAME_KEY, "") or ""), parent)
    field.setMaxLength(MAX_NAME_CHARS)
    field.setPlaceholderText(parent.tr("How friends see you, e.g. Ana"))
    return field


class LinkPanel(QWidget):
    """The invite link with a copy button, its QR code, and what to do with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(self.tr("Send this link to one friend"), self, 1.25)
        self.qr = QLabel(self)
        self.qr.setObjectName("inviteQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName(self.tr("QR code of the invite link"))
        self.link = QLineEdit(self)
        self.link.setObjectName("inviteLink")
        self.link.setReadOnly(True)
        self.link.setAccessibleName(self.tr("Invite link"))
        self.copy = QPushButton(self.tr("Copy link"), self)
        self.copy.clicked.connect(self._copy)
        self.note = muted("", self)
        row = QHBoxLayout()
        row.addWidget(self.link, 1)
        row.addWidget(self.copy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.qr)
        layout.addLayout(row)
        layout.addWidget(self.note)

    def show_link(self, created: CreatedShare) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(created.qr_png, "PNG")
        self.qr.setPixmap(
            pixmap.scaled(
                QR_SIZE,
                QR_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,  # crisp modules, no blur
            )
        )
        self.link.setText(created.link)
        self.link.setCursorPosition(0)
        until = datetime.fromtimestamp(created.expires_at / 1000).astimezone()
        self.note.setText(
            self.tr(
                "The link works once, for one friend, and expires on %1. It holds the key to "
                "the playlist, so send it privately (a message, not a public post), or let your "
                "friend scan the code. For more friends, make another link from the playlist."
            ).replace("%1", f"{until.day} {until.strftime('%B at %H:%M')}")
        )

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.link.text())
        self.copy.setText(self.tr("Copied"))


class ShareDialog(QDialog):
    """Pick a playlist and a relay → create → the link and QR code."""

    def __init__(
        self, actions: SharingActions, preferences: Preferences, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shareDialog")
        self.setWindowTitle(self.tr("Share a playlist"))
        self.setMinimumWidth(520)
        self.sharing, self.preferences = actions, preferences
        self.created: CreatedShare | None = None

        self.playlist = QComboBox(self)
        self.playlist.setAccessibleName(self.tr("Playlist to share"))
        self.relay = QLineEdit(str(preferences.value(RELAY_KEY, "") or ""), self)
        self.relay.setPlaceholderText("wss://relay.example.org")
        self.relay.setAccessibleName(self.tr("Relay address"))
        self.name = _name_field(self, preferences)
        self.error = _error_label(self)
        intro = muted(
            self.tr(
                "Friends see this playlist on their own service. Changes travel end-to-end "
                "encrypted through the relay, which can’t read them."
            ),
            self,
        )
        form_page = QWidget(self)
        form = QFormLayout(form_page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(intro)
        form.addRow(self.tr("Playlist"), self.playlist)
        form.addRow(self.tr("Relay"), self.relay)
        form.addRow(self.tr("Your name"), self.name)
        form.addRow(self.error)
        self.link_panel = LinkPanel(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(form_page)
        self.pages.addWidget(self.link_panel)

        self.buttons = QDialogButtonBox(self)
        self.share_button = self.buttons.addButton(
            self.tr("Share"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.share_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)

        actions.playlistsLoaded.connect(self._fill)
        actions.created.connect(self._created)
        actions.failed.connect(self._failed)
        self.share_button.setEnabled(False)
        actions.load_playlists()

    def _fill(self, names: list[str]) -> None:
        self.playlist.clear()
        self.playlist.addItems(names)
        self.share_button.setEnabled(bool(names))
        if not names:
            self.error.setText(self.tr("You have no playlists yet. Import or create one first."))

    def submit(self) -> None:
        relay = check_relay(self.relay.text())
        if not relay.ok:
            self.error.setText(relay.message)
            self.relay.setFocus()
            return
        self.preferences.set_value(RELAY_KEY, relay.value)
        self.preferences.set_value(NAME_KEY, self.name.text().strip())
        self.error.setText(self.tr("Sharing…"))
        self.share_button.setEnabled(False)
        self.sharing.create(self.playlist.currentText(), relay.value, self.name.text().strip())

    def show_link(self, created: CreatedShare) -> None:
        self.created = created
        self.link_panel.show_link(created)
        self.pages.setCurrentWidget(self.link_panel)
        self.share_button.hide()
        self.close_button.setText(self.tr("Done"))

    def _created(self, created: CreatedShare) -> None:
        if self.isVisible():
            self.show_link(created)

    def _failed(self, what: str, error: BaseException) -> None:
        if what in ("create", "invite") and self.isVisible():
            friendly = describe_sharing_error(error)
            self.error.setText(f"{friendly.title}. {friendly.message}")
            self.share_button.setEnabled(True)


class JoinDialog(QDialog):
    """Paste a link; it is checked as you type and joined in the background."""

    def __init__(
        self, actions: SharingActions, preferences: Preferences, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("joinDialog")
        self.setWindowTitle(self.tr("Join a shared playlist"))
        self.setMinimumWidth(520)
        self.sharing, self.preferences = actions, preferences
        self.doc_id: str | None = None
        self.link = QLineEdit(self)
        self.link.setPlaceholderText("mixtape://join?v=1#…")
        self.link.setAccessibleName(self.tr("Invite link"))
        self.name = _name_field(self, preferences)
        self.verdict = muted("", self)
        self.verdict.setObjectName("linkVerdict")
        self.error = _error_label(self)
        form = QFormLayout()
        form.addRow(
            muted(self.tr("Paste the link a friend sent you. It works once and expires."), self)
        )
        form.addRow(self.tr("Link"), self.link)
        form.addRow("", self.verdict)
        form.addRow(self.tr("Your name"), self.name)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(self)
        self.join_button = self.buttons.addButton(
            self.tr("Join"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.join_button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.link.textChanged.connect(self._check)
        actions.joined.connect(self._joined)
        actions.failed.connect(self._failed)
        self._check("")

    def _check(self, text: str) -> None:
        checked = check_invite(text, now_ms())
        self.verdict.setText(checked.message if text.strip() else "")
        self.error.setText("" if checked.ok or not text.strip() else checked.message)
        if not checked.ok:
            self.verdict.setText("")
        self.join_button.setEnabled(checked.ok)

    def submit(self) -> None:
        checked = check_invite(self.link.text(), now_ms())
        if not checked.ok:
            self.error.setText(checked.message)
            return
        self.preferences.set_value(NAME_KEY, self.name.text().strip())
        self.join_button.setEnabled(False)
        self.error.setText("")
        self.verdict.setText(self.tr("Joining…"))
        self.sharing.join(checked.value, self.name.text().strip())

    def _joined(self, doc_id: str) -> None:
        if self.isVisible():
            self.doc_id = doc_id
            self.accept()

    def _failed(self, what: str, error: BaseException) -> None:
        if what == "join" and self.isVisible():
            friendly = describe_sharing_error(error)
            self.verdict.setText("")
            self.error.setText(f"{friendly.title}. {friendly.message}")
            self.join_button.setEnabled(True)
