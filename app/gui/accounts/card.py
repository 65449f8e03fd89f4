"""One service's card: who is connected, health, last sync, what waits and until when, and
the Connect / Sync now / Disconnect buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.gui.accounts.rows import CardRow
from app.gui.accounts.words import Health, counts_line, health_of, parked_lines, when
from app.gui.duplicates.widgets import heading, muted
from app.gui.services import service_color, service_label
from app.gui.status_bar import HEALTH_STATES

_OFF = "#a0a6ae"


class ServiceCard(QFrame):
    connectRequested = Signal(object)  # CardRow
    syncRequested = Signal(str)
    disconnectRequested = Signal(str)

    def __init__(self, row: CardRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.service = row.info.key
        self.setObjectName(f"card-{self.service}")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumHeight(150)
        mid = self.palette().color(QPalette.ColorRole.Mid)
        base = self.palette().color(QPalette.ColorRole.Base)
        self.setStyleSheet(
            f"QFrame#card-{self.service} {{ background: {base.name()};"
            f" border: 1px solid {mid.name()}; border-radius: 10px; }}"
        )
        badge = QLabel(self)
        badge.setFixedSize(12, 12)
        color = service_color(self.service) if row.info.available else _OFF
        badge.setStyleSheet(f"background: {color}; border-radius: 6px; border: none;")
        self.name = heading(service_label(self.service), self, 1.15)
        self.status = QLabel(self)
        self.status.setObjectName("cardStatus")
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(badge)
        top.addWidget(self.name)
        top.addStretch(1)
        top.addWidget(self.status)

        self.account = muted("", self)
        self.account.setObjectName("cardAccount")
        self.detail = muted("", self)
        self.detail.setObjectName("cardDetail")
        self.counts = QLabel(self)
        self.counts.setObjectName("cardCounts")
        self.parked = muted("", self)
        self.parked.setObjectName("cardParked")

        self.connect_button = QPushButton(self.tr("Connect…"), self)
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.disconnect_button = QPushButton(self.tr("Disconnect"), self)
        for b, name in (
            (self.connect_button, "connect"),
            (self.sync_button, "syncNow"),
            (self.disconnect_button, "disconnect"),
        ):
            b.setObjectName(f"{name}-{self.service}")
        self.connect_button.clicked.connect(lambda: self.connectRequested.emit(self.row))
        self.sync_button.clicked.connect(lambda: self.syncRequested.emit(self.service))
        self.disconnect_button.clicked.connect(lambda: self.disconnectRequested.emit(self.service))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.disconnect_button)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.sync_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.account)
        layout.addWidget(self.counts)
        layout.addWidget(self.detail)
        layout.addWidget(self.parked)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.show_row(row)

    def show_row(self, row: CardRow, syncing: bool = False) -> Health:
        self.row = row
        health = health_of(row, syncing)
        _words, color = HEALTH_STATES.get(health.state, ("", _OFF))
        if health.state == "off":
            color = _OFF
        self.status.setText(f'<span style="color:{color}">●</span>&nbsp;{health.headline}')
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName(health.headline)
        account = row.account
        if account is not None:
            who = account.display_name or account.account_id
            last = when(account.last_sync)
            text = self.tr("Signed in as %1").replace("%1", who)
            text += "  ·  " + (
                self.tr("last synced %1").replace("%1", last) if last else self.tr("not synced yet")
            )
            self.account.setText(text)
        elif not row.info.available:
            self.account.setText(self.tr("Mixtape can read this service’s data exports today."))
        else:
            self.account.setText(self.tr("Brings in your %1.").replace("%1", row.info.imports))
        self.counts.setText(counts_line(row) if account is not None else "")
        self.counts.setVisible(bool(self.counts.text()))
        self.detail.setText(health.detail)
        self.detail.setVisible(bool(health.detail))
        lines = parked_lines(row) if account is not None else []
        self.parked.setText("\n".join(lines))
        self.parked.setVisible(bool(lines))
        if health.state == "paused":
            pal = self.detail.palette()
            pal.setColor(QPalette.ColorRole.WindowText, QColor("#9a6a00"))
            self.detail.setPalette(pal)
        available = row.info.available
        self.connect_button.setVisible(
            available and (account is None or health.state in ("needs_sign_in", "error"))
        )
        self.connect_button.setText(
            self.tr("Connect…") if account is None else self.tr("Sign in again…")
        )
        self.sync_button.setVisible(account is not None)
        self.sync_button.setEnabled(not syncing)
        self.disconnect_button.setVisible(account is not None)
        self.disconnect_button.setEnabled(not syncing)
        return health
