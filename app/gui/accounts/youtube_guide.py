"""The short guided setup for YouTube Music: the user's own Google OAuth client.

Google gives every Cloud project its own daily quota, so Mixtape signs in with a client the
user creates (services.md, "YouTube Music"). The steps are text with a link, and a guide
illustrates them (drawn for Mixtape in ``resources/help``); both name the console's buttons as
the console does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.gui.accounts.step_guide import StepGuide, link

CONSOLE = "https://console.cloud.google.com/apis/credentials"


def _tr(text: str) -> str:
    return QCoreApplication.translate("YouTubeGuide", text)


def setup_steps() -> str:
    """The steps as rich text (an ordered list with the console link)."""
    steps = [
        _tr(
            "In the Google Cloud console, create a project and enable the "
            "“YouTube Data API v3” (APIs &amp; Services → Library)."
        ),
        _tr("Configure the OAuth consent screen (External) and add yourself as a test user."),
        _tr(
            "Credentials → Create credentials → OAuth client ID → Application type "
            "“Desktop app”. Copy its Client ID and Client secret here. (For “Sign in with a "
            "code”, choose “TVs and Limited Input devices” instead.)"
        ),
        _tr(
            "While the app is in “Testing”, Google ends the sign-in after 7 days: Mixtape "
            "then says “Needs sign-in”. Publishing the app (no review is needed for your own "
            "use) keeps it signed in."
        ),
    ]
    items = "".join(f"<li>{s}</li>" for s in steps)
    return f'<ol style="margin-left:-20px">{items}</ol><a href="{CONSOLE}">{CONSOLE}</a>'


def setup_label(parent: QWidget) -> QLabel:
    label = QLabel(setup_steps(), parent)
    label.setObjectName("youtubeSetupSteps")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(True)
    return label


class YouTubeSetupGuide(StepGuide):
    """The three console steps, illustrated; the fields stay in the connect dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Set up YouTube Music"), parent)
        self.setObjectName("youtubeSetupGuide")
        self.add_step(
            _tr("Create a project and enable the API"),
            _tr(
                "In the Google Cloud console, create a project and enable the “YouTube Data "
                "API v3” (APIs & Services → Library)."
            ),
            "youtube-step1-enable-api.svg",
            link(CONSOLE, self),
        )
        self.add_step(
            _tr("Configure the OAuth consent screen"),
            _tr("Choose “External” and add yourself as a test user."),
            "youtube-step2-consent-screen.svg",
        )
        self.add_step(
            _tr("Create an OAuth client ID"),
            _tr(
                "Credentials → Create credentials → OAuth client ID → Application type "
                "“Desktop app”, then copy its Client ID and Client secret into Mixtape. For "
                "“Sign in with a code”, choose “TVs and Limited Input devices” instead."
            ),
            "youtube-step3-oauth-client.svg",
        )
        self.start()
