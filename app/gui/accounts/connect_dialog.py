"""Connecting a service: what it needs from the user and the two consents, as checkboxes.

Spotify: the user's own Client ID (guided setup); ListenBrainz: the user token; Deezer: whose
public playlists to read; Last.fm: an API key and shared secret; Apple Music: a developer
token or the MusicKit key to make one (``apple_music_guide``). Secrets go to the keyring
through ``Services.connect`` and are never kept by this dialog after it closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.service_kinds import Credentials
from app.gui.accounts.apple_music_guide import AppleMusicFields, AppleMusicSetupGuide
from app.gui.accounts.apple_music_guide import setup_label as apple_music_steps
from app.gui.accounts.client_id_guide import SpotifySetupGuide, client_id_problem
from app.gui.accounts.rows import CardRow
from app.gui.accounts.step_guide import StepGuide
from app.gui.accounts.work import ConnectRequest
from app.gui.accounts.youtube_guide import YouTubeSetupGuide, setup_label
from app.gui.duplicates.widgets import heading, muted
from app.gui.services import service_label


class ConnectDialog(QDialog):
    def __init__(self, row: CardRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.row = row
        self.guide: StepGuide | None = None
        service = row.info.key
        name = service_label(service)
        self.setWindowTitle(self.tr("Connect %1").replace("%1", name))
        self.setMinimumWidth(460)

        self.client_id = QLineEdit(row.client_id or "", self)
        self.client_id.setObjectName("connectClientId")
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setObjectName("connectSecret")
        self.user = QLineEdit(self)
        self.user.setObjectName("connectUser")
        self.allow_import = QCheckBox(
            self.tr("Import my %1 from %2")
            .replace("%1", self.tr(row.info.imports))
            .replace("%2", name),
            self,
        )
        self.allow_import.setObjectName("consentImport")
        self.allow_import.setChecked("import" in row.consents or not row.consents)
        self.allow_write = QCheckBox(
            self.tr("Let Mixtape write playlists to %1 (transfers)").replace("%1", name), self
        )
        self.allow_write.setObjectName("consentWriteBack")
        self.allow_write.setChecked("write_back" in row.consents)
        self.allow_write.setVisible(
            service in ("spotify", "youtube_music", "apple_music", "deezer")
        )
        self.apple: AppleMusicFields | None = None
        self.device = QCheckBox(self.tr("Sign in with a code on another device"), self)
        self.device.setObjectName("connectDevice")
        self.device.setVisible(service == "youtube_music")
        self.steps: QWidget | None = None

        form = QFormLayout()
        if service == "spotify":
            setup = QPushButton(self.tr("Set up…"), self)
            setup.setObjectName("openSetupGuide")
            setup.clicked.connect(self.open_guide)
            self.client_id.setReadOnly(True)
            self.client_id.setPlaceholderText(self.tr("set up your own Spotify app first"))
            line = QWidget(self)
            row_layout = QHBoxLayout(line)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(self.client_id, 1)
            row_layout.addWidget(setup)
            form.addRow(self.tr("Client ID"), line)
            intro = self.tr(
                "Spotify lets each developer app serve only a few people, so Mixtape signs in "
                "with an app of your own. Setting it up takes about two minutes."
            )
        elif service == "youtube_music":
            self.client_id.setPlaceholderText(self.tr("….apps.googleusercontent.com"))
            form.addRow(self.tr("Client ID"), self.client_id)
            form.addRow(self.tr("Client secret"), self.secret)
            form.addRow("", self.device)
            self.steps = setup_label(self)
            intro = self.tr(
                "Google gives each project its own daily allowance, so Mixtape signs in with an "
                "OAuth client of your own. Setting it up takes about five minutes:"
            )
        elif service == "apple_music":
            self.apple = AppleMusicFields(self)
            self.apple.changed.connect(self._check)
            form.addRow(self.apple)
            self.steps = apple_music_steps(self)
            intro = self.tr(
                "Apple Music’s API needs a developer token of your own, and then your Apple "
                "Music sign-in on Apple’s MusicKit page:"
            )
        elif service == "listenbrainz":
            self.secret.setPlaceholderText(self.tr("from listenbrainz.org/settings"))
            form.addRow(self.tr("User token"), self.secret)
            intro = self.tr("Paste the user token from your ListenBrainz settings page.")
        elif service == "deezer":
            self.user.setPlaceholderText(self.tr("a Deezer user name or number"))
            form.addRow(self.tr("Public playlists of user"), self.user)
            intro = self.tr(
                "Deezer no longer registers new apps, so Mixtape reads the public playlists "
                "of the user you name, without signing in."
            )
        else:
            self.client_id.setPlaceholderText(self.tr("from last.fm/api/account/create"))
            form.addRow(self.tr("API key"), self.client_id)
            form.addRow(self.tr("Shared secret"), self.secret)
            intro = self.tr(
                "Create a Last.fm API account, then paste its key and shared secret. Your "
                "browser opens to approve Mixtape."
            )

        # Fields this service does not ask for would float in the dialog's corner.
        in_form = {item.widget() for i in range(form.count()) if (item := form.itemAt(i))}
        for field in (self.client_id, self.secret, self.user):
            if field.parentWidget() is self and field not in in_form:
                field.hide()

        self.problem = muted("", self)
        self.problem.setObjectName("connectProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.connect_button = self.buttons.addButton(
            self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        for field in (self.client_id, self.secret, self.user):
            field.textChanged.connect(self._check)
        self.allow_import.toggled.connect(self._check)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading(self.windowTitle(), self, 1.3))
        layout.addWidget(muted(intro, self))
        if self.steps is not None:
            layout.addWidget(self.steps)
            show = QPushButton(self.tr("Show me how…"), self)
            show.setObjectName("openSetupGuide")
            show.clicked.connect(self.show_steps)
            layout.addWidget(show, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.allow_import)
        layout.addWidget(self.allow_write)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()

    def open_guide(self) -> SpotifySetupGuide:
        guide = SpotifySetupGuide(self.client_id.text(), self)
        guide.accepted.connect(lambda: self.client_id.setText(guide.client_id))
        self.guide = guide
        guide.open()
        return guide

    def show_steps(self) -> StepGuide:
        """The illustrated steps for YouTube Music or Apple Music (the fields stay here)."""
        if self.row.info.key == "apple_music":
            guide: StepGuide = AppleMusicSetupGuide(self)
        else:
            guide = YouTubeSetupGuide(self)
        self.guide = guide
        guide.open()
        return guide

    def problem_text(self) -> str | None:
        service = self.row.info.key
        if service == "spotify":
            if client_id_problem(self.client_id.text()) is not None:
                return self.tr("Set up your Spotify app to get a Client ID.")
        elif service == "listenbrainz" and not self.secret.text().strip():
            return self.tr("Paste your user token.")
        elif self.apple is not None and (problem := self.apple.problem()) is not None:
            return problem
        elif service == "deezer" and not self.user.text().strip():
            return self.tr("Say whose public playlists to read.")
        elif service == "youtube_music" and not (
            self.client_id.text().strip() and self.secret.text().strip()
        ):
            return self.tr("Paste the Client ID and the client secret of your OAuth client.")
        elif service == "lastfm" and not (self.client_id.text().strip() and self.secret.text()):
            return self.tr("Paste the API key and the shared secret.")
        if not self.allow_import.isChecked() and not self.allow_write.isChecked():
            return self.tr("Choose at least one thing Mixtape may do.")
        return None

    def _check(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem or "")
        self.connect_button.setEnabled(problem is None)

    def _accept(self) -> None:
        if self.problem_text() is None:
            self.accept()

    def request(self) -> ConnectRequest:
        service = self.row.info.key
        secret = self.secret.text().strip() or None
        creds = Credentials(
            client_id=self.client_id.text().strip() or None,
            secret=None if service == "listenbrainz" else secret,
            token=secret if service == "listenbrainz" else None,
            user=self.user.text().strip() or None,
            device=service == "youtube_music" and self.device.isChecked(),
        )
        if self.apple is not None:
            return ConnectRequest(
                service,
                self.allow_import.isChecked(),
                self.allow_write.isChecked(),
                self.apple.credentials(),
                self.apple.prepare(),
            )
        return ConnectRequest(
            service, self.allow_import.isChecked(), self.allow_write.isChecked(), creds
        )
