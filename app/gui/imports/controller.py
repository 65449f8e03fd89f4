"""Start an import (menu, drop, first-run), show its progress with a cancel button, then the
summary. The import itself runs in the window's task runner, so it also shows in the status
bar; nothing here touches a file or the database on the UI thread."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.errors import show_error
from app.gui.imports.summary import ImportSummaryDialog
from app.gui.tasks import Cancelled, Job, Progress, TaskRunner

if TYPE_CHECKING:
    from app.core.importing import FileResult

logger = logging.getLogger(__name__)


def dropped_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders in a drag (web links and text are not imports)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ImportProgressDialog(QDialog):
    """A small window with the file being read, a progress bar and Cancel."""

    def __init__(self, job: Job[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        self.setWindowTitle(self.tr("Importing"))
        self.setMinimumWidth(420)
        self.job = job
        self.label = QLabel(self.tr("Reading your files…"), self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Import progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel the import"))
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        job.progressed.connect(self._progress)
        job.done.connect(self.accept)

    def _progress(self, fraction: float, message: str) -> None:
        if fraction < 0:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(fraction * 1000))
        if message and message != "done":
            self.label.setText(self.tr("Reading %1").replace("%1", message))

    def _cancel(self) -> None:
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling… the file in progress will not be kept."))

    def reject(self) -> None:  # Esc or the close button cancel too
        self._cancel()


class ImportController(QObject):
    """Owns the import flow for one window. ``library()`` returns the open library or None."""

    finished = Signal(object)  # list[FileResult] (also after a cancel: what finished before)

    def __init__(self, tasks: TaskRunner, parent: QWidget, library: Callable[[], Any]) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._parent = parent
        self._library = library
        self.job: Job[Any] | None = None
        self.progress_dialog: ImportProgressDialog | None = None
        self.summary: ImportSummaryDialog | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def choose_files(self) -> None:
        dialog = QFileDialog(self._parent, self.tr("Import files or zips"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                self.tr(
                    "Music exports (*.json *.jsonl *.csv *.xml *.zip *.m3u *.m3u8 *.xspf"
                    " *.jspf *.html *.log *.txt)"
                ),
                self.tr("All files (*)"),
            ]
        )
        dialog.filesSelected.connect(lambda files: self.start([Path(f) for f in files]))
        dialog.open()

    def choose_folder(self) -> None:
        dialog = QFileDialog(self._parent, self.tr("Import a folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda folder: self.start([Path(folder)]))
        dialog.open()

    def start(self, paths: Sequence[Path]) -> Job[Any] | None:
        """Import ``paths`` in the background; None when there is nothing to do."""
        library = self._library()
        if library is None or not paths or self.job is not None:
            return None
        todo = list(paths)
        done: list[FileResult] = []
        # An import allocates millions of short-lived objects; each full (generation 2)
        # collection then walks every object the app holds, on whichever thread triggers it,
        # with the GIL held: a 50-130 ms freeze of the UI. Freezing what exists now keeps those
        # collections down to the import's own objects (benchmarks/bench_app.py measures it).
        gc.freeze()

        def run(progress: Progress, cancelled: Cancelled) -> list[FileResult]:
            # Imported here: the importers load every connector, which start-up need not wait for.
            from app.core.importing import import_paths

            for path in todo:
                if cancelled():
                    break
                done.extend(import_paths(library, [path], progress, cancelled))
            return done

        job = self._tasks.run(run, title=self.tr("Importing"), on_result=self._show_summary)
        job.failed.connect(self._failed)
        job.cancelled.connect(lambda: self._show_summary(done, cancelled=True))
        job.done.connect(self._forget)
        self.job = job
        self.progress_dialog = ImportProgressDialog(job, self._parent)
        self.progress_dialog.open()
        return job

    def _forget(self) -> None:
        self.job = None

    def _show_summary(self, results: list[FileResult], cancelled: bool = False) -> None:
        from app.core.importing import FileResult

        results = list(results)
        if cancelled:
            results.append(FileResult("…", None, "cancelled"))
        self.summary = ImportSummaryDialog(results, self._parent)
        self.summary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary.open()
        self.finished.emit(results)

    def _failed(self, error: BaseException) -> None:
        logger.warning("Import failed: %s", type(error).__name__)
        show_error(self._parent, error)
        self.finished.emit([])
