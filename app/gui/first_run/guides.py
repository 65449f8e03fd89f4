"""Short, illustrated how-tos for requesting a data export from each service."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.services import service_color


@dataclass(frozen=True)
class Guide:
    service: str
    title: str
    steps: tuple[str, ...]
    files: str


GUIDES = (
    Guide(
        "spotify",
        QT_TRANSLATE_NOOP("Guides", "Spotify"),
        (
            QT_TRANSLATE_NOOP("Guides", "Open spotify.com/account/privacy and sign in."),
            QT_TRANSLATE_NOOP(
                "Guides",
                "Tick “Account data” (and “Extended streaming history” for every play you "
                "ever made), then “Request data”.",
            ),
            QT_TRANSLATE_NOOP("Guides", "Confirm the e-mail. The download arrives in days."),
            QT_TRANSLATE_NOOP("Guides", "Drop the zip you receive onto Mixtape. No need to unzip."),
        ),
        QT_TRANSLATE_NOOP("Guides", "my_spotify_data.zip"),
    ),
    Guide(
        "apple_music",
        QT_TRANSLATE_NOOP("Guides", "Apple Music"),
        (
            QT_TRANSLATE_NOOP(
                "Guides",
                "Quickest: in Music on a Mac, File → Library → Export Library… saves "
                "“Library.xml”.",
            ),
            QT_TRANSLATE_NOOP(
                "Guides",
                "Everything, with plays: privacy.apple.com → “Obtain a copy of your data” → "
                "Apple Media Services information.",
            ),
            QT_TRANSLATE_NOOP("Guides", "Drop Library.xml or the zip Apple sends onto Mixtape."),
        ),
        QT_TRANSLATE_NOOP("Guides", "Library.xml or Apple Media Services.zip"),
    ),
    Guide(
        "youtube_music",
        QT_TRANSLATE_NOOP("Guides", "YouTube Music (Google Takeout)"),
        (
            QT_TRANSLATE_NOOP("Guides", "Open takeout.google.com and choose “Deselect all”."),
            QT_TRANSLATE_NOOP(
                "Guides", "Select “YouTube and YouTube Music”, include history and playlists."
            ),
            QT_TRANSLATE_NOOP("Guides", "Create the export; Google e-mails a link when ready."),
            QT_TRANSLATE_NOOP("Guides", "Drop the takeout zip onto Mixtape."),
        ),
        QT_TRANSLATE_NOOP("Guides", "takeout-….zip"),
    ),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Guides", text)


class StepBadge(QWidget):
    """A numbered circle in the service's colour: the "illustration" of each step."""

    def __init__(self, number: int, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number, self.color = number, color
        self.setFixedSize(QSize(26, 26))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.color))
        painter.drawEllipse(QRectF(1, 1, 24, 24))
        painter.setPen(QColor("#ffffff"))
        font = QFont(self.font())
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, 26, 26), Qt.AlignmentFlag.AlignCenter, str(self.number))


class GuideView(QWidget):
    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        color = service_color(guide.service)
        for n, step in enumerate(guide.steps, 1):
            row = QHBoxLayout()
            row.addWidget(StepBadge(n, color, self), 0, Qt.AlignmentFlag.AlignTop)
            label = QLabel(_tr(step), self)
            label.setWordWrap(True)
            row.addWidget(label, 1)
            layout.addLayout(row)
        files = QLabel(_tr("You will get: %1").replace("%1", _tr(guide.files)), self)
        files.setWordWrap(True)
        layout.addWidget(files)
        layout.addStretch(1)
        self.setAccessibleName(_tr(guide.title))
        self.setAccessibleDescription(" ".join(_tr(s) for s in guide.steps))
