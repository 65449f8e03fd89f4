"""One suggestion as a calm row: title and artist, the reason, where it is, and "Not for me"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.gui.discover.work import SuggestionRow
from app.gui.empty_state import muted_color
from app.gui.services import service_color, service_label


def service_badge(service: str, parent: QWidget | None = None) -> QLabel:
    badge = QLabel(service_label(service), parent)
    badge.setObjectName("serviceBadge")
    badge.setStyleSheet(
        f"background: {service_color(service)}; color: white; border-radius: 8px;"
        " padding: 1px 8px; font-size: 11px;"
    )
    badge.setAccessibleName(service_label(service))
    return badge


class SuggestionWidget(QWidget):
    """The widget inside one list item; emits ``dismissed`` with the recording id."""

    dismissed = Signal(int)

    def __init__(self, row: SuggestionRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        muted = muted_color(self.palette()).name()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.setSpacing(10)

        text = QVBoxLayout()
        text.setSpacing(2)
        title = QLabel(row.title, self)
        title.setStyleSheet("font-weight: 600;")
        byline = " · ".join(p for p in (", ".join(row.artists), row.album or "") if p)
        artist = QLabel(byline, self)
        artist.setStyleSheet(f"color: {muted};")
        reason = QLabel(row.reason[:1].upper() + row.reason[1:], self)
        reason.setObjectName("reason")
        reason.setStyleSheet(f"color: {muted}; font-style: italic;")
        for label in (title, artist, reason):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            text.addWidget(label)
        layout.addLayout(text, 1)

        for service in row.services:
            layout.addWidget(service_badge(service, self), 0, Qt.AlignmentFlag.AlignVCenter)
        self.dismiss = QPushButton(self.tr("Not for me"), self)
        self.dismiss.setFlat(True)
        self.dismiss.setStyleSheet(f"color: {muted};")
        self.dismiss.setToolTip(self.tr("Hide this song; it will not be suggested again"))
        self.dismiss.clicked.connect(lambda: self.dismissed.emit(row.recording_id))
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(f"{row.title}, {byline}. {row.reason}")
