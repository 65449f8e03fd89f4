"""The Settings & Privacy page. Every action that reads or writes a file or the database runs
in the background; the page says what happened in a line under its heading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.updates import build_allows_checks, releases_url
from app.gui.errors import describe_error, show_error
from app.gui.preferences import LANGUAGES, Preferences
from app.gui.services import known_services
from app.gui.settings.consents import ConsentModel
from app.gui.settings.dialogs import ChangePassphraseDialog, DeleteEverythingDialog, RestoreDialog
from app.gui.tasks import Cancelled, Progress, TaskRunner
from app.gui.theme import THEMES, apply_theme
from domain import PURPOSES
from store.consents import DEFAULT_GRANTED, Consents

THEME_TITLES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}
CONSENT_SERVICES = [s for s in known_services() if s != "local"]


class SettingsView(QWidget):
    libraryReplaced = Signal(object)  # the newly opened library after a restore
    libraryDeleted = Signal()
    exportEverythingRequested = Signal()
    done = Signal(str)  # what the last action did, in words (also shown on the page)

    def __init__(
        self, tasks: TaskRunner, preferences: Preferences, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.preferences = preferences
        self._library: Any = None
        self.dialog: Any = None

        heading = QLabel(self.tr("Settings & Privacy"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(font.Weight.DemiBold)
        heading.setFont(font)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("Result of the last action"))

        body = QWidget(self)
        body.setMaximumWidth(900)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(14)
        column.addWidget(self._library_group(body))
        column.addWidget(self._data_group(body))
        column.addWidget(self._consent_group(body))
        column.addWidget(self._updates_group(body))
        column.addWidget(self._appearance_group(body))
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 12, 12)
        layout.addWidget(heading)
        layout.addWidget(self.feedback)
        layout.addWidget(scroll, 1)
        self._set_enabled(False)

    # -- groups --------------------------------------------------------------------------------
    def _button(self, text: str, parent: QWidget, slot: Any) -> QPushButton:
        button = QPushButton(text, parent)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _library_group(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Your library"), parent)
        self.location = QLabel(box)
        self.location.setAccessibleName(self.tr("Library location"))
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = self._button(self.tr("Open folder"), box, self._open_folder)
        self.change_passphrase = self._button(
            self.tr("Change passphrase…"), box, self.ask_passphrase
        )
        self.backup_button = self._button(self.tr("Back up…"), box, self.ask_backup)
        self.restore_button = self._button(self.tr("Restore…"), box, self.ask_restore)
        form = QFormLayout(box)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.open_folder)
        form.addRow(self.tr("Kept in"), where)
        form.addRow(self.tr("Passphrase"), self._row(self.change_passphrase))
        form.addRow(self.tr("Backups"), self._row(self.backup_button, self.restore_button))
        return box

    def _data_group(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Your data"), parent)
        self.export_button = self._button(
            self.tr("Export everything…"), box, self.exportEverythingRequested.emit
        )
        self.delete_button = self._button(self.tr("Delete everything…"), box, self.ask_delete)
        note = QLabel(
            self.tr(
                "Everything is yours: take it all in open formats, or remove it all from "
                "this computer."
            ),
            box,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(note)
        layout.addLayout(self._row(self.export_button, self.delete_button))
        return box

    def _consent_group(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("What each service may be used for"), parent)
        self.consents = ConsentModel(CONSENT_SERVICES, PURPOSES, self)
        self.consents.toggled.connect(self._save_consent)
        table = QTableView(box)
        table.setModel(self.consents)
        table.setAccessibleName(self.tr("Consents per service and purpose"))
        table.setShowGrid(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Each purpose as wide as its name (five of them did not fit in equal shares), the
        # last one taking what is left.
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows = table.verticalHeader().length() + table.horizontalHeader().height() + 6
        table.setMinimumHeight(min(rows, 320))
        self.consent_table = table
        note = QLabel(
            self.tr(
                "Nothing is sent anywhere without a consent you gave for that purpose. "
                "Recommendations are worked out on this computer."
            ),
            box,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(note)
        layout.addWidget(table)
        return box

    def _updates_group(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("New versions"), parent)
        self.check_updates = QCheckBox(self.tr("Check for new versions"), box)
        self.check_updates.setAccessibleName(self.tr("Check for new versions"))
        allowed = build_allows_checks()
        if allowed:
            self.check_updates.setChecked(self.preferences.check_for_updates)
            text = self.tr(
                "Once a day, Mixtape asks %1 whether a newer version exists; the request "
                "carries only its version number, never anything from your library."
            ).replace("%1", releases_url())
        else:
            text = self.tr(
                "This build of Mixtape is updated another way (for example by your system's "
                "package manager), so it never checks for new versions itself."
            )
        self.check_updates.setVisible(allowed)
        self.check_updates.toggled.connect(
            lambda on: setattr(self.preferences, "check_for_updates", on)
        )
        self.updates_note = QLabel(text, box)
        self.updates_note.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.check_updates)
        layout.addWidget(self.updates_note)
        return box

    def _appearance_group(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Appearance"), parent)
        self.theme = QComboBox(box)
        self.theme.setAccessibleName(self.tr("Theme"))
        for key in THEMES:
            self.theme.addItem(self.tr(THEME_TITLES[key]), key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.preferences.theme)))
        self.theme.currentIndexChanged.connect(self._theme_changed)
        self.language = QComboBox(box)
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.preferences.language)))
        self.language.currentIndexChanged.connect(
            lambda: setattr(self.preferences, "language", self.language.currentData())
        )
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Language"), self.language)
        return box

    def _row(self, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    # -- library -------------------------------------------------------------------------------
    def set_library(self, library: Any) -> None:
        self._library = library
        profile = getattr(library, "profile", None)
        self.location.setText(str(profile.dir) if profile is not None else "")
        self._set_enabled(profile is not None)
        if profile is None:
            return

        def read(progress: Progress, cancelled: Cancelled) -> dict[tuple[str, str], bool]:
            decided = Consents(library).all()
            granted = {(s, p): p in DEFAULT_GRANTED for s in CONSENT_SERVICES for p in PURPOSES}
            granted.update({k: c.granted for k, c in decided.items()})
            return granted

        self._tasks.run(read, on_result=self.consents.set_granted, on_error=self._failed)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.open_folder, self.change_passphrase, self.backup_button,
                       self.restore_button, self.export_button, self.delete_button,
                       self.consent_table):  # fmt: skip
            widget.setEnabled(enabled)

    def _say(self, text: str) -> None:
        self.feedback.setText(text)
        self.done.emit(text)

    def _failed(self, error: BaseException) -> None:
        self.feedback.setText(describe_error(error).message)
        show_error(self, error)

    def _run(self, fn: Any, success: str, title: str | None = None) -> None:
        self._tasks.run(
            lambda progress, cancelled: fn(),
            title=title,
            on_result=lambda _: self._say(success),
            on_error=self._failed,
        )

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.location.text()))

    def _save_consent(self, service: str, purpose: str, granted: bool) -> None:
        library = self._library
        self._run(lambda: Consents(library).set(service, purpose, granted), self.tr("Saved."))

    def _theme_changed(self) -> None:
        theme = str(self.theme.currentData())
        self.preferences.theme = theme
        apply_theme(theme)

    # -- actions -------------------------------------------------------------------------------
    def ask_passphrase(self) -> ChangePassphraseDialog:
        dialog = ChangePassphraseDialog(self)
        dialog.accepted.connect(lambda: self.change_passphrase_to(dialog.passphrase.text()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def change_passphrase_to(self, passphrase: str) -> None:
        library = self._library
        self._run(
            lambda: library.change_passphrase(passphrase),
            self.tr("Passphrase changed. Use the new one from now on."),
        )

    def ask_backup(self) -> None:
        dialog = QFileDialog(self, self.tr("Save a backup"), "mixtape.mixtape-backup")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.backup_to(Path(path)))
        self.dialog = dialog
        dialog.open()

    def backup_to(self, target: Path) -> None:
        from store.backup import backup

        library = self._library
        self._run(
            lambda: backup(library, target),
            self.tr("Backup saved to %1.").replace("%1", str(target)),
            title=self.tr("Backing up"),
        )

    def ask_restore(self) -> RestoreDialog:
        dialog = RestoreDialog(self)
        dialog.accepted.connect(
            lambda: self.restore_from(Path(dialog.path.text().strip()), dialog.passphrase.text())
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def restore_from(self, source: Path, passphrase: str) -> None:
        from store import open_library
        from store.backup import restore

        library = self._library
        profile = library.profile

        def run(progress: Progress, cancelled: Cancelled) -> Any:
            restore(profile, source, passphrase)  # verifies before it replaces anything
            library.close()
            return open_library(profile, passphrase)

        def restored(new: Any) -> None:
            self._say(self.tr("Restored. Your library now holds the backup."))
            self.libraryReplaced.emit(new)

        self._tasks.run(run, title=self.tr("Restoring"), on_result=restored,
                        on_error=self._failed)  # fmt: skip

    def ask_delete(self) -> DeleteEverythingDialog:
        dialog = DeleteEverythingDialog(self)
        dialog.accepted.connect(self.delete_everything)
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete_everything(self) -> None:
        from store.backup import forget

        library = self._library
        profile = library.profile

        def run(progress: Progress, cancelled: Cancelled) -> int:
            library.close()
            return len(forget(profile))

        def deleted(count: int) -> None:
            self._say(self.tr("Everything Mixtape kept on this computer was deleted."))
            self.libraryDeleted.emit()

        self._tasks.run(run, title=self.tr("Deleting"), on_result=deleted, on_error=self._failed)
