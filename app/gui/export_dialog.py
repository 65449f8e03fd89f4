"""Export (Ctrl+E): one playlist in an open format, or everything as one zip.

The dialog only gathers choices; the writing runs in the background (see :func:`start_export`)
and files appear all at once (the exporters write to a temporary name and rename at the end).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.services import service_label
from app.gui.tasks import Cancelled, Job, Progress, TaskRunner
from store import PlaylistRow

#: Format → file extension (as ``app.core.exporting.FORMATS``, which loads every connector).
EXTENSIONS = {"m3u8": "m3u8", "xspf": "xspf", "jspf": "jspf", "csv": "csv", "json": "json"}
FORMAT_NAMES = {
    "m3u8": QT_TRANSLATE_NOOP("Export", "M3U8 — plays in most media players"),
    "xspf": QT_TRANSLATE_NOOP("Export", "XSPF — with every service link and ISRC"),
    "jspf": QT_TRANSLATE_NOOP("Export", "JSPF — ListenBrainz style, with added dates"),
    "csv": QT_TRANSLATE_NOOP("Export", "CSV — Exportify columns, opens in spreadsheets"),
    "json": QT_TRANSLATE_NOOP("Export", "Mixtape JSON — everything, for re-import"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


def _safe_filename(name: str) -> str:
    from app.core.exporting import safe_filename

    return safe_filename(name)


def _documents() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location or Path.home())


class ExportDialog(QDialog):
    """Choose what to export, the format and where. ``choice()`` after ``accepted``."""

    def __init__(
        self,
        playlists: Sequence[PlaylistRow],
        selected: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(520)
        self.one = QRadioButton(self.tr("One playlist"), self)
        self.everything = QRadioButton(self.tr("Everything (a zip with all your data)"), self)
        group = QButtonGroup(self)
        group.addButton(self.one)
        group.addButton(self.everything)
        self.playlist = QComboBox(self)
        self.playlist.setAccessibleName(self.tr("Playlist to export"))
        for row in playlists:
            self.playlist.addItem(f"{row.name}  ·  {service_label(row.service)}", row.id)
        if selected is not None and self.playlist.findData(selected) >= 0:
            self.playlist.setCurrentIndex(self.playlist.findData(selected))
        self.format = QComboBox(self)
        self.format.setAccessibleName(self.tr("File format"))
        for key in EXTENSIONS:
            self.format.addItem(_tr(FORMAT_NAMES[key]), key)
        self.target = QLineEdit(self)
        self.target.setAccessibleName(self.tr("Save to"))
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("Playlist"), self.playlist)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Save to"), where)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.one)
        layout.addWidget(self.everything)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        for signal in (self.one.toggled, self.playlist.currentIndexChanged):
            signal.connect(self._update)
        self.format.currentIndexChanged.connect(self._suggest_target)
        self.target.textChanged.connect(self._update)
        if playlists:
            self.one.setChecked(True)
        else:
            self.everything.setChecked(True)
            self.one.setEnabled(False)
        self._suggest_target()

    def _suggest_target(self) -> None:
        if self.everything.isChecked():
            name = "mixtape-export.zip"
        else:
            ext = EXTENSIONS[self.format.currentData()]
            name = f"{_safe_filename(self.playlist.currentText().split('  ·  ')[0])}.{ext}"
        folder = Path(self.target.text()).parent if self.target.text() else _documents()
        self.target.setText(str(folder / name))

    def _update(self) -> None:
        one = self.one.isChecked()
        self.playlist.setEnabled(one)
        self.format.setEnabled(one)
        if self.sender() in (self.one, self.playlist):
            self._suggest_target()
        self.note.setText(
            self.tr("The playlist keeps its order, added dates and every known link.")
            if one
            else self.tr(
                "Your whole library as Mixtape JSON, plus every playlist in every open "
                "format. It can take a while for a large library; you can keep working."
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.target.text().strip()))

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Save export as"), self.target.text())
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.target.setText)
        dialog.open()

    def choice(self) -> tuple[int | None, str, Path]:
        """(playlist id or None for everything, format, target path)."""
        if self.everything.isChecked():
            return None, "zip", Path(self.target.text().strip())
        return self.playlist.currentData(), self.format.currentData(), Path(self.target.text())


class ExportRunner(QObject):
    """Runs an export chosen in the dialog; ``finished(path)`` when the file is in place."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks

    def start_selection(
        self, library: Any, track_ids: list[int], fmt: str, target: Path
    ) -> Job[Any]:
        """Export the Library's selected tracks, in order, as a playlist file."""

        def run(progress: Progress, cancelled: Cancelled) -> Path:
            from app.core.exporting import export_playlist
            from domain import Playlist, PlaylistEntry
            from store.export import tracks_by_ids

            tracks = tracks_by_ids(library, track_ids)
            entries = tuple(PlaylistEntry(n, track) for n, track in enumerate(tracks))
            return export_playlist(Playlist("local", target.stem, entries), fmt, target)

        return self._tasks.run(
            run,
            title=self.tr("Exporting"),
            on_result=self.finished.emit,
            on_error=self.failed.emit,
        )

    def start(self, library: Any, playlist_id: int | None, fmt: str, target: Path) -> Job[Any]:
        def run(progress: Progress, cancelled: Cancelled) -> Path:
            from app.core.exporting import export_all, export_playlist

            if playlist_id is None:
                export_all(library, target, progress, cancelled)
                return target
            from store.export import playlist_by_id

            return export_playlist(playlist_by_id(library, playlist_id), fmt, target)

        return self._tasks.run(
            run,
            title=self.tr("Exporting"),
            on_result=self.finished.emit,
            on_error=self.failed.emit,
        )
