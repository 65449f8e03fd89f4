"""The short guided setup for Apple Music, and the fields of its connect dialog.

Apple's API needs a developer token signed with a MusicKit key, which only an Apple Developer
Program member can create (services.md, "Apple Music"); the user's own sign-in (the Music User
Token) then comes from Apple's MusicKit page in the browser. The steps are text with a link,
and a guide illustrates the key's steps (drawn for Mixtape in ``resources/help``); both name
the developer site's buttons as the site does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.service_apple import developer_token_from_key
from app.core.service_kinds import Credentials
from app.gui.accounts.step_guide import StepGuide, link
from connectors._jobs import Clock

KEYS_PAGE = "https://developer.apple.com/account/resources/authkeys/list"


def _tr(text: str) -> str:
    return QCoreApplication.translate("AppleMusicGuide", text)


def setup_steps() -> str:
    """The steps as rich text (an ordered list with the link to the keys page)."""
    steps = [
        _tr("You need an Apple Developer Program membership (Apple charges for it yearly)."),
        _tr(
            "In Certificates, Identifiers &amp; Profiles → Keys, click “+”, tick “Media "
            "Services (MusicKit, ShazamKit, Apple Music Feed)”, and download the key "
            "(AuthKey_KEYID.p8; Apple lets you download it only once). Note the Key ID and "
            "your Team ID (top right of the page)."
        ),
        _tr(
            "Choose that key file below with its Team ID and Key ID, and Mixtape makes the "
            "developer token (it lasts six months); or paste a token you made yourself."
        ),
        _tr(
            "Mixtape then opens Apple’s MusicKit sign-in in your browser for your own Apple "
            "Music account; you can also paste a Music User Token instead."
        ),
    ]
    items = "".join(f"<li>{s}</li>" for s in steps)
    return f'<ol style="margin-left:-20px">{items}</ol><a href="{KEYS_PAGE}">{KEYS_PAGE}</a>'


def setup_label(parent: QWidget) -> QLabel:
    label = QLabel(setup_steps(), parent)
    label.setObjectName("appleMusicSetupSteps")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(True)
    return label


class AppleMusicSetupGuide(StepGuide):
    """Making the MusicKit key, illustrated; the fields stay in the connect dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Set up Apple Music"), parent)
        self.setObjectName("appleMusicSetupGuide")
        self.add_step(
            _tr("Create a MusicKit key"),
            _tr(
                "With your Apple Developer Program membership, open Certificates, Identifiers & "
                "Profiles → Keys, click “+”, name the key and tick “Media Services (MusicKit)”."
            ),
            "apple-step1-musickit-key.svg",
            link(KEYS_PAGE, self),
        )
        self.add_step(
            _tr("Download the key"),
            _tr(
                "Download AuthKey_KEYID.p8 (Apple lets you download it only once). Note its Key "
                "ID and your Team ID (top right, or on the Membership page), then choose the "
                "key file in Mixtape."
            ),
            "apple-step2-download-key.svg",
        )
        self.start()


class AppleMusicFields(QWidget):
    """What the connect dialog asks for Apple Music: a developer token, or the MusicKit key it
    is made from (file, Team ID, Key ID), and optionally a Music User Token. The token is made
    in the connect worker (:attr:`ConnectRequest.prepare`), never on the UI thread."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.developer_token = _secret_field(self, "appleDeveloperToken")
        self.developer_token.setPlaceholderText(self.tr("paste one, or use your MusicKit key"))
        self.key_file = QLineEdit(self)
        self.key_file.setObjectName("appleKeyFile")
        self.key_file.setPlaceholderText("AuthKey_KEYID.p8")
        choose = QPushButton(self.tr("Choose…"), self)
        choose.setObjectName("appleChooseKey")
        choose.clicked.connect(self._choose)
        self.team_id = QLineEdit(self)
        self.team_id.setObjectName("appleTeamId")
        self.key_id = QLineEdit(self)
        self.key_id.setObjectName("appleKeyId")
        for field in (self.team_id, self.key_id):
            field.setPlaceholderText(self.tr("10 letters and digits"))
        self.user_token = _secret_field(self, "appleUserToken")
        self.user_token.setPlaceholderText(self.tr("optional: else Apple’s page opens"))
        key_row = QWidget(self)
        row = QHBoxLayout(key_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.key_file, 1)
        row.addWidget(choose)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Developer token"), self.developer_token)
        form.addRow(self.tr("or MusicKit key"), key_row)
        form.addRow(self.tr("Team ID"), self.team_id)
        form.addRow(self.tr("Key ID"), self.key_id)
        form.addRow(self.tr("Music User Token"), self.user_token)
        for f in (self.developer_token, self.key_file, self.team_id, self.key_id, self.user_token):
            f.textChanged.connect(self.changed)

    def _uses_key(self) -> bool:
        return not self.developer_token.text().strip() and bool(self.key_file.text().strip())

    def problem(self) -> str | None:
        if self.developer_token.text().strip():
            return None
        if not self.key_file.text().strip():
            return self.tr("Paste your developer token, or choose your MusicKit key.")
        for field, name in ((self.team_id, "Team ID"), (self.key_id, "Key ID")):
            text = field.text().strip()
            if not (len(text) == 10 and text.isalnum()):
                return self.tr("A %1 has 10 letters and digits.").replace("%1", self.tr(name))
        return None

    def credentials(self) -> Credentials:
        """With a pasted developer token (see :meth:`prepare` for the key route)."""
        return Credentials(
            secret=self.developer_token.text().strip() or None,
            token=self.user_token.text().strip() or None,
        )

    def prepare(self) -> Callable[[Clock], Credentials] | None:
        """When the token is to be made from the key: the work, for the connect worker."""
        if not self._uses_key():
            return None
        key_file = Path(self.key_file.text().strip())
        team_id, key_id = self.team_id.text().strip(), self.key_id.text().strip()
        user_token = self.user_token.text().strip() or None

        def make(clock: Clock) -> Credentials:
            token = developer_token_from_key(key_file, team_id, key_id, clock)
            return Credentials(secret=token, token=user_token)

        return make

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Your MusicKit key"), "", self.tr("MusicKit key (*.p8)")
        )
        if path:
            self.key_file.setText(path)


def _secret_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setObjectName(name)
    return field
