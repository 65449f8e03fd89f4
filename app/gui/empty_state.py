"""A calm, centred message: what lives here, and what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.gui.icons import line_icon


def muted_color(palette: QPalette) -> QColor:
    """Text colour halfway between text and background: quiet but readable in both themes."""
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    return QColor(
        (text.red() * 3 + window.red() * 2) // 5,
        (text.green() * 3 + window.green() * 2) // 5,
        (text.blue() * 3 + window.blue() * 2) // 5,
    )


BODY_WIDTH = 460


class EmptyState(QWidget):
    """Icon, heading, a sentence or two, and optional buttons; all text already translated."""

    def __init__(
        self,
        icon: str,
        heading: str,
        body: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        muted = muted_color(self.palette())

        self._icon = QLabel(self)
        self._icon.setPixmap(line_icon(icon, muted).pixmap(56, 56))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.heading = QLabel(heading, self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(font.Weight.DemiBold)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.heading.setFixedWidth(BODY_WIDTH)

        self.body = QLabel(body, self)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.body.setFixedWidth(BODY_WIDTH)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.body.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted)
        self.body.setPalette(palette)

        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(8)
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self._icon)
        column.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.body, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(4)
        column.addLayout(self._buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(2)
        outer.addLayout(column)
        outer.addStretch(3)
        self._fit_text()
        self.setAccessibleName(heading)
        self.setAccessibleDescription(body)

    def _fit_text(self) -> None:
        # Nested box layouts under-allocate wrapped labels; reserve their full height.
        for label in (self.heading, self.body):
            label.setMinimumHeight(max(0, label.heightForWidth(BODY_WIDTH)))

    def set_text(self, heading: str, body: str) -> None:
        self.heading.setText(heading)
        self.body.setText(body)
        self._fit_text()
        self.setAccessibleName(heading)
        self.setAccessibleDescription(body)

    def add_button(self, text: str) -> QPushButton:
        """Add an action button (centred, in order); connect its ``clicked`` yourself."""
        button = QPushButton(text, self)
        button.setAccessibleName(text)
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button
