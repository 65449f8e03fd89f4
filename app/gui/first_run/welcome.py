"""The welcome flow shown when the library is empty.

Page 1 offers three ways in (demo library, import a data export, connect a service); the
import page shows how to request an export from each service; then a few taste questions whose
answers are saved as the ``onboarding`` setting that the recommender reads for cold start.
The dialog itself never touches the library: it asks (signals) and the window does the work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.first_run.guides import GUIDES, GuideView, _tr
from app.gui.first_run.taste import TastePicker
from app.gui.icons import app_pixmap

ONBOARDING_KEY = "onboarding"


def _title(text: str, parent: QWidget, scale: float = 1.5) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class WelcomeDialog(QDialog):
    demoRequested = Signal()
    importRequested = Signal()
    finishedWith = Signal(object)  # the onboarding answers (a dict) to save

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWindowTitle(self.tr("Welcome to Mixtape"))
        self.resize(640, 520)
        self.pages = QStackedWidget(self)
        self.start_page = self._start_page()
        self.import_page = self._import_page()
        self.connect_page = self._connect_page()
        self.taste_page = self._taste_page()
        for page in (self.start_page, self.import_page, self.connect_page, self.taste_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- pages ---------------------------------------------------------------------------------
    def _start_page(self) -> QWidget:
        page = QWidget(self)
        logo = QLabel(page)
        logo.setPixmap(app_pixmap(64))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = _title(self.tr("All your music, in one place"), page)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            self.tr(
                "Mixtape brings your libraries, playlists and listening history from every "
                "service together, encrypted on this computer. How would you like to start?"
            ),
            page,
        )
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_button = QCommandLinkButton(
            self.tr("Try the demo library"),
            self.tr("A small made-up library to look around in. Import your own later."),
            page,
        )
        self.import_button = QCommandLinkButton(
            self.tr("Import a data export"),
            self.tr("Spotify, Apple Music, YouTube Music, Last.fm… works entirely offline."),
            page,
        )
        self.connect_button = QCommandLinkButton(
            self.tr("Connect a service"),
            self.tr("Sign in and keep your library in sync."),
            page,
        )
        self.demo_button.clicked.connect(self._demo)
        self.import_button.clicked.connect(lambda: self.pages.setCurrentWidget(self.import_page))
        self.connect_button.clicked.connect(lambda: self.pages.setCurrentWidget(self.connect_page))
        skip = QPushButton(self.tr("Skip for now"), page)
        skip.clicked.connect(self.skip)
        layout = QVBoxLayout(page)
        layout.addWidget(logo)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addSpacing(8)
        for button in (self.demo_button, self.import_button, self.connect_button):
            button.setAccessibleName(button.text())
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(skip, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _import_page(self) -> QWidget:
        page = QWidget(self)
        heading = _title(self.tr("Import a data export"), page, 1.3)
        body = QLabel(
            self.tr(
                "Every service lets you download your data. Ask for it once, then drop the "
                "file or zip onto Mixtape (or choose it below)."
            ),
            page,
        )
        body.setWordWrap(True)
        self.guides = QTabWidget(page)
        for guide in GUIDES:
            self.guides.addTab(GuideView(guide, page), _tr(guide.title))
        choose = QPushButton(self.tr("Choose files…"), page)
        choose.setDefault(True)
        choose.clicked.connect(self._import)
        later = QPushButton(self.tr("I’ll do it later"), page)
        later.clicked.connect(self.show_taste)
        return self._with_back(page, [heading, body, self.guides], [later, choose])

    def _connect_page(self) -> QWidget:
        page = QWidget(self)
        heading = _title(self.tr("Connect a service"), page, 1.3)
        body = QLabel(
            self.tr(
                "Signing in to Spotify, Apple Music and others arrives with the Accounts "
                "section. Until then, a data export brings in everything, offline."
            ),
            page,
        )
        body.setWordWrap(True)
        instead = QPushButton(self.tr("Import a data export instead"), page)
        instead.clicked.connect(lambda: self.pages.setCurrentWidget(self.import_page))
        return self._with_back(page, [heading, body], [instead])

    def _taste_page(self) -> QWidget:
        page = QWidget(self)
        heading = _title(self.tr("What do you love?"), page, 1.3)
        self.taste = TastePicker(page)
        skip = QPushButton(self.tr("Skip"), page)
        skip.clicked.connect(self.skip)
        done = QPushButton(self.tr("Done"), page)
        done.setDefault(True)
        done.clicked.connect(self.finish)
        self.done_button = done
        return self._with_back(page, [heading, self.taste], [skip, done])

    def _with_back(
        self, page: QWidget, widgets: list[QWidget], buttons: list[QPushButton]
    ) -> QWidget:
        back = QPushButton(self.tr("Back"), page)
        back.clicked.connect(lambda: self.pages.setCurrentWidget(self.start_page))
        layout = QVBoxLayout(page)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QTabWidget | TastePicker) else 0)
        layout.addStretch(0)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
        return page

    # -- flow ----------------------------------------------------------------------------------
    def _demo(self) -> None:
        self.demoRequested.emit()
        self.show_taste()

    def _import(self) -> None:
        self.importRequested.emit()
        self.show_taste()

    def show_taste(self) -> None:
        self.pages.setCurrentWidget(self.taste_page)

    def set_artists(self, artists: list[str]) -> None:
        self.taste.set_artists(artists)

    def answers(self) -> dict[str, Any]:
        return {"version": 1, **self.taste.chosen()}

    def finish(self) -> None:
        self.finishedWith.emit(self.answers())
        self.accept()

    def skip(self) -> None:
        self.finishedWith.emit({"version": 1, "skipped": True, "artists": [], "genres": []})
        self.accept()
