"""Guided setup of the user's own Spotify app (shared/docs/services.md, "Spotify": since 2026 a
development app serves 5 users, so each listener brings their own Client ID).

Three short steps, each with an illustration drawn for Mixtape (``resources/help``): create an
app, add the redirect URI (with a copy button), paste the Client ID, checked as it is typed.
"""

from __future__ import annotations

import re
from importlib import resources

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.widgets import heading, muted

REDIRECT_URI = "http://127.0.0.1/callback"
DASHBOARD = "https://developer.spotify.com/dashboard"
_CLIENT_ID = re.compile(r"[0-9a-fA-F]{32}")


def client_id_problem(text: str) -> str | None:
    """None when ``text`` looks like a Spotify Client ID (32 hexadecimal characters)."""
    text = text.strip()
    if not text:
        return "Paste the Client ID from your app’s settings."
    if not _CLIENT_ID.fullmatch(text):
        if len(text) != 32:
            return f"A Client ID has 32 characters; this has {len(text)}."
        return "A Client ID has only the digits 0–9 and the letters a–f."
    return None


def illustration(name: str, width: int = 480) -> QPixmap:
    svg = (resources.files("resources.help") / name).read_text(encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize().scaled(QSize(width, 10_000), Qt.AspectRatioMode.KeepAspectRatio)
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


class SpotifySetupGuide(QDialog):
    """Returns the validated Client ID in :attr:`client_id` when accepted."""

    def __init__(self, client_id: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spotifySetupGuide")
        self.setWindowTitle(self.tr("Set up Spotify"))
        self.client_id = ""
        self.pages = QStackedWidget(self)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setObjectName("copyRedirectUri")
        self.copy_button.clicked.connect(self._copy)
        self.uri = QLineEdit(REDIRECT_URI, self)
        self.uri.setReadOnly(True)
        self.uri.setAccessibleName(self.tr("Redirect URI"))
        self.field = QLineEdit(client_id, self)
        self.field.setObjectName("clientIdField")
        self.field.setPlaceholderText(self.tr("32 letters and digits"))
        self.field.setAccessibleName(self.tr("Client ID"))
        self.field.textChanged.connect(self._validate)
        self.problem = muted("", self)
        self.problem.setObjectName("clientIdProblem")

        dashboard = QLabel(f'<a href="{DASHBOARD}">{DASHBOARD}</a>', self)
        dashboard.setOpenExternalLinks(True)
        self._add_step(
            1,
            self.tr("Create an app"),
            self.tr(
                "Sign in to Spotify’s developer dashboard and click “Create app”. Any name and "
                "description will do; the app is yours and only you use it."
            ),
            "spotify-step1-create-app.svg",
            dashboard,
        )
        self._add_step(
            2,
            self.tr("Add the redirect URI"),
            self.tr(
                "In the form, add this redirect URI exactly, tick “Web API” and save. Mixtape "
                "picks a free port on this computer when you sign in."
            ),
            "spotify-step2-redirect-uri.svg",
            _row(self, self.uri, self.copy_button),
        )
        step3 = QWidget(self)
        lay = QVBoxLayout(step3)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.field)
        lay.addWidget(self.problem)
        self._add_step(
            3,
            self.tr("Paste the Client ID"),
            self.tr(
                "Open the app’s settings and copy its Client ID. Mixtape doesn’t need the "
                "client secret."
            ),
            "spotify-step3-client-id.svg",
            step3,
        )

        self.back = QPushButton(self.tr("Back"), self)
        self.next = QPushButton(self.tr("Next"), self)
        self.next.setObjectName("guideNext")
        self.next.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        self.back.clicked.connect(lambda: self._go(-1))
        self.next.clicked.connect(self._next)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(self.pages)
        layout.addLayout(buttons)
        self._go(0)
        self._validate(client_id)

    def _add_step(self, n: int, title: str, text: str, svg: str, extra: QWidget) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        step = muted(self.tr("Step %1 of 3").replace("%1", str(n)), page)
        layout.addWidget(step)
        layout.addWidget(heading(title, page, 1.3))
        layout.addWidget(muted(text, page))
        picture = QLabel(page)
        picture.setPixmap(illustration(svg))
        picture.setAccessibleName(title)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(extra)
        layout.addStretch(1)
        self.pages.addWidget(page)

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def _go(self, delta: int) -> None:
        index = max(0, min(self.pages.count() - 1, self.pages.currentIndex() + delta))
        self.pages.setCurrentIndex(index)
        last = index == self.pages.count() - 1
        self.back.setEnabled(index > 0)
        self.next.setText(self.tr("Use this Client ID") if last else self.tr("Next"))
        self._validate(self.field.text())
        if last:
            self.field.setFocus()

    def _next(self) -> None:
        if self.step < self.pages.count() - 1:
            self._go(1)
        elif client_id_problem(self.field.text()) is None:
            self.client_id = self.field.text().strip()
            self.accept()

    def _validate(self, text: str) -> None:
        problem = client_id_problem(text)
        self.problem.setText("" if problem is None or not text else self.tr(problem))
        if self.step == self.pages.count() - 1:
            self.next.setEnabled(problem is None)
        else:
            self.next.setEnabled(True)

    def _copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(REDIRECT_URI)
        self.copy_button.setText(self.tr("Copied"))


def _row(parent: QWidget, *widgets: QWidget) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    return row
