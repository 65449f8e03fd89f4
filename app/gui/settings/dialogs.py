"""Small dialogs for Settings: a new passphrase, a restore, and deleting everything."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.passphrase import MIN_LENGTH


class _Form(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _secret(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        field.textChanged.connect(self._validate)
        self.form.addRow(name, field)
        return field

    def _validate(self) -> None:
        pass


class ChangePassphraseDialog(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self_tr("Change passphrase"),
            self_tr(
                "Your library stays encrypted with the same key; only the passphrase that "
                "unlocks it changes. Backups made before keep the old passphrase."
            ),
            parent,
        )
        self.setObjectName("changePassphrase")
        self.passphrase = self._secret(self.tr("New passphrase"))
        self.confirm = self._secret(self.tr("Type it again"))
        self.hint = QLabel(self)
        self.form.addRow("", self.hint)
        self._validate()

    def _validate(self) -> None:
        text = self.passphrase.text()
        if len(text) < MIN_LENGTH:
            hint = self.tr("At least %1 characters.").replace("%1", str(MIN_LENGTH))
        elif text != self.confirm.text():
            hint = self.tr("The two don’t match yet.")
        else:
            hint = ""
        self.hint.setText(hint)
        self.ok_button.setEnabled(not hint)


class RestoreDialog(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self_tr("Restore from a backup"),
            self_tr(
                "Mixtape checks the backup completely before it replaces anything. Your "
                "current library is kept beside it as “library.db.before-restore”."
            ),
            parent,
        )
        self.setObjectName("restoreBackup")
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("Backup file"))
        self.path.textChanged.connect(self._validate)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.form.addRow(self.tr("Backup file"), row)
        self.passphrase = self._secret(self.tr("Its passphrase"))
        self._validate()

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a Mixtape backup"))
        dialog.setNameFilter(self.tr("Mixtape backups (*.mixtape-backup *.zip);;All files (*)"))
        dialog.fileSelected.connect(self.path.setText)
        dialog.open()

    def _validate(self) -> None:
        self.ok_button.setEnabled(bool(self.path.text().strip() and self.passphrase.text()))


class DeleteEverythingDialog(_Form):
    """Asks the person to type the word "delete" (translated) before anything is removed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self_tr("Delete everything"),
            self_tr(
                "This removes your library, its key, the keyring entry, caches and indexes "
                "from this computer. Nothing on your streaming services changes. It cannot be "
                "undone: export everything or make a backup first if you may want it back."
            ),
            parent,
        )
        self.setObjectName("deleteEverything")
        self.word = self.tr("delete")
        self.typed = QLineEdit(self)
        self.typed.setAccessibleName(self.tr("Type %1 to confirm").replace("%1", self.word))
        self.typed.setPlaceholderText(self.word)
        self.typed.textChanged.connect(self._validate)
        self.form.addRow(self.tr("Type “%1” to confirm").replace("%1", self.word), self.typed)
        self.ok_button.setText(self.tr("Delete everything"))
        self._validate()

    def _validate(self) -> None:
        self.ok_button.setEnabled(self.typed.text().strip().casefold() == self.word.casefold())


def self_tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("SettingsDialogs", text)
