"""The Accounts section: a card per service, "Sync all", "Transfer…", and the
status bar's health chips kept in step with the accounts (on start and after every change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.gui.accounts.card import ServiceCard
from app.gui.accounts.connect_dialog import ConnectDialog
from app.gui.accounts.rows import SERVICES, TRANSFER_TARGETS, CardRow
from app.gui.accounts.transfer_dialog import TransferDialog
from app.gui.accounts.words import describe_service_error, sign_out_words
from app.gui.accounts.work import AccountActions, SyncOutcome
from app.gui.duplicates.widgets import heading, muted
from app.gui.errors import describe_error
from app.gui.services import service_label
from app.gui.status_bar import ServiceHealthBar
from app.gui.tasks import TaskRunner


class AccountsView(QWidget):
    loaded = Signal()  # the cards show the latest read

    def __init__(
        self,
        tasks: TaskRunner,
        health: ServiceHealthBar | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.health = health
        self.accounts = AccountActions(tasks, self)
        self.rows: list[CardRow] = []
        self.dialog: ConnectDialog | TransferDialog | None = None
        self.confirmation: QMessageBox | None = None
        self._syncing: set[str] = set()

        self.heading = heading(self.tr("Accounts"), self)
        self.message = muted(
            self.tr(
                "Connect the services you use. Mixtape keeps sign-ins in your system keyring and "
                "only fetches or writes what you allow."
            ),
            self,
        )
        self.message.setObjectName("accountsMessage")
        self.transfer_button = QPushButton(self.tr("Transfer…"), self)
        self.transfer_button.setObjectName("transferPlaylist")
        self.sync_all = QPushButton(self.tr("Sync all"), self)
        self.sync_all.setObjectName("syncAll")
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.transfer_button)
        top.addWidget(self.sync_all)

        self.cards: dict[str, ServiceCard] = {}
        holder = QWidget(self)
        self.grid = QGridLayout(holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(16)
        for i, info in enumerate(SERVICES):
            card = ServiceCard(CardRow(info), holder)
            card.connectRequested.connect(self.ask_connect)
            card.syncRequested.connect(lambda s: self.sync([s]))
            card.disconnectRequested.connect(self.ask_disconnect)
            self.cards[info.key] = card
            self.grid.addWidget(card, i // 2, i % 2)
        self.grid.setRowStretch(len(SERVICES) // 2 + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addWidget(scroll, 1)

        self.transfer_button.clicked.connect(self.open_transfer)
        self.sync_all.clicked.connect(self._sync_all)
        self.accounts.loaded.connect(self._show)
        self.accounts.synced.connect(self._synced)
        self.accounts.syncStarted.connect(self._sync_started)
        self.accounts.connected.connect(
            lambda s: self._say(self.tr("Connected %1.").replace("%1", service_label(s)))
        )
        self.accounts.disconnected.connect(self._disconnected)
        self.accounts.signInUrl.connect(self._sign_in_url)
        self.accounts.deviceCode.connect(self._device_code)
        self.accounts.failed.connect(self._failed)
        self.accounts.idle.connect(self._after_job)
        self._show([])

    # -- library and reads ----------------------------------------------------------------------
    def set_library(self, library: Any) -> None:
        self.accounts.set_library(library)

    def _show(self, rows: list[CardRow]) -> None:
        self.rows = rows
        for row in rows:
            card = self.cards[row.info.key]
            health = card.show_row(row, row.info.key in self._syncing)
            if self.health is not None:
                if row.account is None:
                    self.health.clear_health(row.info.key)
                else:
                    self.health.set_health(row.info.key, health.state, health.chip)
        connected = [r.info.key for r in rows if r.account is not None]
        self.sync_all.setEnabled(bool(connected) and not self._syncing)
        self.transfer_button.setEnabled(any(s in TRANSFER_TARGETS for s in connected))
        if rows:
            self.loaded.emit()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # -- connect / disconnect -----------------------------------------------------------------
    def ask_connect(self, row: CardRow) -> ConnectDialog:
        dialog = ConnectDialog(row, self)
        dialog.accepted.connect(lambda: self.accounts.connect_service(dialog.request()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _sign_in_url(self, service: str, url: str) -> None:
        self._say(
            self.tr("Finish signing in to %1 in your browser.").replace(
                "%1", service_label(service)
            )
        )

    def _device_code(self, service: str, url: str, code: str) -> None:
        self._say(
            self.tr("To connect %1, open %2 on any device and enter the code %3.")
            .replace("%1", service_label(service))
            .replace("%2", url)
            .replace("%3", code)
        )

    def _disconnected(self, service: str, revoked: bool | None) -> None:
        # The rows are still those read before the disconnect (the refresh comes after).
        row = next((r for r in self.rows if r.info.key == service), None)
        self._say(sign_out_words(row, service, revoked))

    def ask_disconnect(self, service: str) -> QMessageBox:
        name = service_label(service)
        box = QMessageBox(self)
        box.setObjectName("confirmDisconnect")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Disconnect %1").replace("%1", name))
        box.setText(self.tr("Disconnect %1?").replace("%1", name))
        box.setInformativeText(
            self.tr(
                "Mixtape forgets the sign-in. Everything already in your library stays. To "
                "revoke access completely, remove Mixtape in your %1 account settings."
            ).replace("%1", name)
        )
        box.addButton(self.tr("Disconnect"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.accounts.disconnect_service(service))
        self.confirmation = box
        box.open()
        return box

    # -- sync ---------------------------------------------------------------------------------
    def sync(self, services: list[str]) -> None:
        self.accounts.sync(services)

    def _sync_all(self) -> None:
        self.sync([r.info.key for r in self.rows if r.account is not None])

    def _sync_started(self, services: list[str]) -> None:
        self._syncing.update(services)
        self.sync_all.setEnabled(False)
        self._show(self.rows)

    def _synced(self, outcomes: list[SyncOutcome]) -> None:
        parts = []
        for o in outcomes:
            name = service_label(o.service)
            new = (o.after.saved - o.before.saved, o.after.playlists - o.before.playlists)
            text = self.tr("%1: %2 new saved, %3 new playlists").replace("%1", name)
            text = text.replace("%2", str(max(0, new[0]))).replace("%3", str(max(0, new[1])))
            if o.parked:
                text += self.tr(" (some of it paused)")
            if o.failed:
                text += self.tr(" (something failed)")
            parts.append(text)
        self._say(self.tr("Synced. ") + "; ".join(parts) + ".")

    def _failed(self, service: str, error: BaseException) -> None:
        self._syncing.clear()
        text = describe_service_error(service, error) if service else None
        if text is None:
            friendly = describe_error(error)
            text = f"{friendly.title}. {friendly.message}"
        self._say(text)

    def _after_job(self) -> None:
        self._syncing.clear()

    # -- transfer -------------------------------------------------------------------------------
    def open_transfer(self, playlist_id: int | None = None) -> TransferDialog:
        dialog = TransferDialog(self.tasks, self.accounts, playlist_id, self)
        self.dialog = dialog
        dialog.open()
        return dialog


def install(window: Any) -> AccountsView:
    """Build the section and put it in ``window`` (a :class:`~app.gui.main_window.MainWindow`)."""
    view = AccountsView(window.tasks, getattr(window, "health", None), window)
    window.set_section_page("accounts", view)
    window.libraryChanged.connect(view.set_library)
    if hasattr(window, "refresh_summary"):
        view.accounts.synced.connect(lambda _: window.refresh_summary())
    if window.library is not None:
        view.set_library(window.library)
    return view
