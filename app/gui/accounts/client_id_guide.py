"""Guided setup of the user's own Spotify app (shared/docs/services.md, "Spotify": since 2026 a
development app serves 5 users, so each listener brings their own Client ID).

Three short steps, each with an illustration drawn for Mixtape (``resources/help``): create an
app, add the redirect URI (with a copy button), paste the Client ID, checked as it is typed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.gui.accounts.step_guide import StepGuide, link
from app.gui.duplicates.widgets import muted

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


class SpotifySetupGuide(StepGuide):
    """Returns the validated Client ID in :attr:`client_id` when accepted."""

    def __init__(self, client_id: str = "", parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("SpotifySetupGuide", "Set up Spotify"), parent)
        self.setObjectName("spotifySetupGuide")
        self.finish_text = self.tr("Use this Client ID")
        self.client_id = ""
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
        self.last_focus = self.field
        self.problem = muted("", self)
        self.problem.setObjectName("clientIdProblem")

        self.add_step(
            self.tr("Create an app"),
            self.tr(
                "Sign in to Spotify’s developer dashboard and click “Create app”. Any name and "
                "description will do; the app is yours and only you use it."
            ),
            "spotify-step1-create-app.svg",
            link(DASHBOARD, self),
        )
        self.add_step(
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
        self.add_step(
            self.tr("Paste the Client ID"),
            self.tr(
                "Open the app’s settings and copy its Client ID. Mixtape doesn’t need the "
                "client secret."
            ),
            "spotify-step3-client-id.svg",
            step3,
        )
        self.start()

    def can_finish(self) -> bool:
        return client_id_problem(self.field.text()) is None

    def finish(self) -> None:
        self.client_id = self.field.text().strip()
        self.accept()

    def refresh(self) -> None:
        self._validate(self.field.text())

    def _validate(self, text: str) -> None:
        problem = client_id_problem(text)
        self.problem.setText("" if problem is None or not text else self.tr(problem))
        super().refresh()

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
