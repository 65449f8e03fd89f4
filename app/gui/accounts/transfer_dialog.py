"""Transfer a playlist, or liked songs, to another service: dry run → match report → review →
write → verified. The source list holds the playlists and, after them, "Liked songs" of each
service that has some.

Checking matches is a dry run (searches only). In the report the user picks the right song for
an ambiguous row, or says it does not exist there; each choice is saved as a match rule and the
report is checked again. "Write" asks first, then writes in batches with progress and a cancel,
and says whether reading the playlist back matched.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.transfer import TransferReport
from app.core.transfer_match import MATCHED, EntryMatch
from app.gui.accounts.rows import TRANSFER_TARGETS
from app.gui.accounts.transfer_model import MatchReportModel, candidate_words
from app.gui.accounts.transfer_work import (
    LIKED,
    liked_source,
    list_sources,
    match_report,
    write_playlist,
)
from app.gui.accounts.words import describe_service_error
from app.gui.accounts.work import AccountActions
from app.gui.duplicates.widgets import calm_table, heading, muted
from app.gui.errors import describe_error
from app.gui.services import service_label
from app.gui.tasks import Cancelled, Job, Progress, TaskRunner
from store.rows import PlaylistRow

_REVIEWABLE = ("ambiguous", "not_found", "metadata", "rule", "not_there")


class TransferDialog(QDialog):
    def __init__(
        self,
        tasks: TaskRunner,
        actions: AccountActions,
        playlist_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("Transfer a playlist"))
        self.resize(860, 560)
        self.tasks = tasks
        self.env = actions.env
        self.library = actions.library
        self.report: TransferReport | None = None
        self.job: Job[Any] | None = None
        self.confirmation: QMessageBox | None = None
        self._wanted = playlist_id

        self.playlist = QComboBox(self)
        self.playlist.setObjectName("transferSource")
        self.playlist.setMinimumWidth(260)
        self.target = QComboBox(self)
        self.target.setObjectName("transferTarget")
        for service in TRANSFER_TARGETS:
            self.target.addItem(service_label(service), service)
        self.check_button = QPushButton(self.tr("Check matches"), self)
        self.check_button.setObjectName("checkMatches")
        pick = QHBoxLayout()
        pick.addWidget(self.playlist, 1)
        pick.addWidget(muted(self.tr("to"), self, wrap=False))
        pick.addWidget(self.target)
        pick.addWidget(self.check_button)

        self.summary = muted(
            self.tr("Checking is a dry run: Mixtape only searches, nothing is written."), self
        )
        self.summary.setObjectName("transferSummary")
        self.model = MatchReportModel(self)
        self.table = calm_table("matchReport", self.model, self, self.tr("Match report"))
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column, width in ((0, 40), (1, 220), (2, 160), (3, 200)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

        self.candidates = QComboBox(self)
        self.candidates.setObjectName("candidates")
        self.use_button = QPushButton(self.tr("Use this match"), self)
        self.use_button.setObjectName("useMatch")
        self.not_there_button = QPushButton(self.tr("Not on this service"), self)
        self.not_there_button.setObjectName("notThere")
        review = QHBoxLayout()
        review.addWidget(self.candidates, 1)
        review.addWidget(self.use_button)
        review.addWidget(self.not_there_button)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.write_button = QPushButton(self.tr("Write…"), self)
        self.write_button.setObjectName("writeTransfer")
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.write_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(heading(self.windowTitle(), self, 1.3))
        layout.addLayout(pick)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(review)
        layout.addLayout(bottom)

        self.check_button.clicked.connect(lambda: self.check())
        self.use_button.clicked.connect(self._use_candidate)
        self.not_there_button.clicked.connect(self._not_there)
        self.write_button.clicked.connect(self.ask_write)
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self._busy(False)
        self._selection()
        self._load_playlists()

    # -- playlists ------------------------------------------------------------------------------
    def _load_playlists(self) -> None:
        library = self.library
        if library is None:
            return

        def read(
            progress: Progress, cancelled: Cancelled
        ) -> tuple[list[PlaylistRow], dict[str, int]]:
            return list_sources(library)

        self._start(read, None, self._show_playlists)

    def _show_playlists(self, found: tuple[list[PlaylistRow], dict[str, int]]) -> None:
        rows, liked = found
        self.playlist.clear()
        for row in rows:
            label = f"{row.name}  ·  {service_label(row.service)}  ·  {row.entries}"
            self.playlist.addItem(label, row.id)
        for service, count in liked.items():
            label = self.tr("Liked songs") + f"  ·  {service_label(service)}  ·  {count}"
            self.playlist.addItem(label, liked_source(service))
        if self._wanted is not None:
            self.playlist.setCurrentIndex(max(0, self.playlist.findData(self._wanted)))
        self._busy(False)

    def select_playlist(self, playlist_id: int) -> None:
        self.playlist.setCurrentIndex(self.playlist.findData(playlist_id))

    def select_liked(self, service: str) -> None:
        """Make ``service``'s liked songs the source."""
        self.playlist.setCurrentIndex(self.playlist.findData(liked_source(service)))

    def liked_selected(self) -> bool:
        data = self.playlist.currentData()
        return isinstance(data, str) and data.startswith(LIKED)

    # -- dry run and review ---------------------------------------------------------------------
    def check(self, choices: dict[str, str | None] | None = None) -> None:
        library, env = self.library, self.env
        playlist_id, target = self.playlist.currentData(), self.target.currentData()
        if library is None or playlist_id is None:
            return

        def run(progress: Progress, cancelled: Cancelled) -> TransferReport:
            progress(-1, "")
            return match_report(env, library, playlist_id, target, choices)

        self.summary.setText(self.tr("Searching %1…").replace("%1", service_label(target)))
        self._start(run, None, self._show_report)

    def _show_report(self, report: TransferReport) -> None:
        self.report = report
        row = self.table.currentIndex().row()
        self.model.set_entries(report.entries)
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
        counts = report.counts()
        ready = sum(n for k, n in counts.items() if k in MATCHED)
        review = counts.get("ambiguous", 0)
        missing = counts.get("not_found", 0) + counts.get("not_there", 0)
        text = self.tr("%1 of %2 ready to write").replace("%1", str(ready))
        text = text.replace("%2", str(len(report.entries)))
        if review:
            text += self.tr(", %1 to pick").replace("%1", str(review))
        if missing:
            text += self.tr(", %1 not there").replace("%1", str(missing))
        if counts.get("unsupported"):
            text += self.tr(", %1 can’t be sent").replace("%1", str(counts["unsupported"]))
        caveat = f" {report.caveat}." if report.caveat else ""
        self.summary.setText(text + self.tr(". Nothing was written.") + caveat)
        self._busy(False)

    def selected_entry(self) -> EntryMatch | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows else None

    def _selection(self) -> None:
        entry = self.selected_entry()
        self.candidates.clear()
        reviewable = entry is not None and entry.outcome in _REVIEWABLE
        for c in entry.candidates if entry is not None else []:
            self.candidates.addItem(candidate_words(c), c.get("target_id"))
        if entry is not None and entry.target_id:
            self.candidates.setCurrentIndex(max(0, self.candidates.findData(entry.target_id)))
        busy = self.job is not None
        self.candidates.setEnabled(reviewable and self.candidates.count() > 0 and not busy)
        self.use_button.setEnabled(reviewable and self.candidates.count() > 0 and not busy)
        self.not_there_button.setEnabled(reviewable and not busy)

    def _use_candidate(self) -> None:
        entry = self.selected_entry()
        if entry is not None and self.candidates.currentData():
            self.check({entry.source.key: str(self.candidates.currentData())})

    def _not_there(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.check({entry.source.key: None})

    # -- write --------------------------------------------------------------------------------
    def planned(self) -> int:
        report = self.report
        if report is None:
            return 0
        return sum(1 for e in report.entries if e.outcome in MATCHED and e.target_id)

    def ask_write(self) -> QMessageBox:
        target = service_label(self.target.currentData())
        box = QMessageBox(self)
        box.setObjectName("confirmWrite")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Write to %1").replace("%1", target))
        if self.liked_selected():
            text = self.tr("Like %3 songs on %2? Songs you already like there are skipped.")
        else:
            text = self.tr("Create “%1” on %2 with %3 songs?")
        box.setText(
            text.replace("%1", self.report.playlist if self.report else "")
            .replace("%2", target)
            .replace("%3", str(self.planned()))
        )
        box.setInformativeText(self.tr("Songs without a match are left out. Order is kept."))
        box.addButton(self.tr("Write"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self.write)
        self.confirmation = box
        box.open()
        return box

    def write(self) -> None:
        library, env, planned = self.library, self.env, self.planned()
        playlist_id, target = self.playlist.currentData(), self.target.currentData()
        if library is None or playlist_id is None:
            return

        def run(progress: Progress, cancelled: Cancelled) -> TransferReport:
            return write_playlist(env, library, playlist_id, target, planned, progress, cancelled)

        self.summary.setText(self.tr("Writing…"))
        title = self.tr("Writing a playlist to %1").replace("%1", service_label(target))
        self._start(run, title, self._written)

    def _written(self, report: TransferReport) -> None:
        self.report = report
        self.model.set_entries(report.entries)
        target = service_label(report.target_service)
        text = self.tr("Wrote %1 songs to “%2” on %3 in %4 batch(es).")
        text = text.replace("%1", str(report.written)).replace("%2", report.playlist)
        text = text.replace("%3", target).replace("%4", str(report.batches))
        text = text.replace("(es)", "" if report.batches == 1 else "es")
        if report.verified:
            text += " " + self.tr("Read back: every song is in place.")
        else:
            text += " " + self.tr("Read back: the playlist differs; please check it.")
        if report.caveat:
            text += f" {report.caveat}."
        self.summary.setText(text)
        self._busy(False)
        self.write_button.setEnabled(False)

    # -- jobs -----------------------------------------------------------------------------------
    def _start(self, fn: Any, title: str | None, done: Any) -> None:
        self._busy(True)
        job = self.tasks.run(fn, title=title, on_result=done, on_error=self._failed)
        job.progressed.connect(self._progressed)
        job.cancelled.connect(self._stopped)
        self.job = job
        job.done.connect(lambda: self._job_done(job))

    def _job_done(self, job: Job[Any]) -> None:
        if self.job is job:
            self.job = None
            self._busy(False)

    def _progressed(self, fraction: float, message: str) -> None:
        if fraction < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(round(fraction * 1000))

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _stopped(self) -> None:
        self.summary.setText(self.tr("Stopped. Writing again picks up where it left off."))

    def _failed(self, error: BaseException) -> None:
        text = describe_service_error(str(self.target.currentData()), error)
        if text is None:
            friendly = describe_error(error)
            text = f"{friendly.title}. {friendly.message}"
        self.summary.setText(text)
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.check_button.setEnabled(not busy and self.playlist.count() > 0)
        self.write_button.setEnabled(not busy and self.planned() > 0)
        self.playlist.setEnabled(not busy)
        if hasattr(self, "table"):
            self._selection()
