"""The Discover section: pick a question, read suggestions with reasons, keep what you like.

Every library, model and index call runs as a job of the window's task runner: training shows
its progress here and in the status bar, and can be cancelled. Answers that a newer question
overtook are dropped, so the list always matches the controls.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QInputDialog, QLabel, QVBoxLayout, QWidget

from app.gui.discover import work
from app.gui.discover.beyond import BeyondPanel
from app.gui.discover.modes import (
    MODES,
    NOTHING_YET,
    ON_THIS_COMPUTER,
    SUBTITLES,
    TYPE_A_SONG,
)
from app.gui.discover.parts import BusyRow, KeepBar, QuestionBar, SuggestionList
from app.gui.empty_state import muted_color
from app.gui.errors import describe_error, show_error
from app.gui.tasks import Cancelled, Job, Progress, TaskRunner
from store import Library

logger = logging.getLogger(__name__)

__all__ = ["MODES", "DiscoverView", "install"]


class DiscoverView(QWidget):
    answered = Signal(object)  # work.Answer, after it is shown

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._library: Library | None = None
        self._stale = False
        self._asked = 0
        self._job: Job[Any] | None = None
        self._playlists: list[work.PlaylistChoice] = []
        self._seed: tuple[int, str] | None = None  # more_like(): recording id, what it is
        self._panels: dict[str, QWidget] = {}  # modes answered by a panel of their own
        self._labels: dict[str, str] = dict(MODES)
        muted = muted_color(self.palette()).name()

        self.questions = QuestionBar(muted, self)
        self.mode = self.questions.mode
        self.seed_playlist = self.questions.seed_playlist
        self.seed_track = self.questions.seed_track
        self.diversity = self.questions.diversity
        self.refresh = self.questions.refresh

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.subtitle = QLabel(self)
        self.subtitle.setStyleSheet(f"color: {muted};")
        self.subtitle.setWordWrap(True)

        self._busy_row = BusyRow(muted, self)
        self.progress = self._busy_row.progress
        self.progress_label = self._busy_row.progress_label
        self.cancel = self._busy_row.cancel
        self._busy_row.hide()

        self.list = SuggestionList(self)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {muted};")
        self.empty.hide()

        self.keep = KeepBar(self)
        self.target = self.keep.target
        self.add = self.keep.add
        self.save_all = self.keep.save_all

        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        layout.addWidget(self.questions)
        layout.addSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self._busy_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        # Panels added with add_panel() go here, between the list and the keep bar.
        layout.addWidget(self.keep)

        # Dragging the slider asks once it rests, not on every step.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.ask)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.seed_playlist.activated.connect(lambda _i: self.ask())
        self.seed_track.returnPressed.connect(self.ask)
        self.seed_track.textEdited.connect(self._forget_seed)
        self.diversity.valueChanged.connect(lambda _v: self._debounce.start())
        self.refresh.clicked.connect(lambda: self.ask(retrain=True))
        self.cancel.clicked.connect(self._cancel)
        self.add.clicked.connect(self._add_selected)
        self.save_all.clicked.connect(self._save_all)
        self.list.itemSelectionChanged.connect(self._update_actions)
        self._mode_changed()

    def add_panel(self, mode: str, label: str, panel: QWidget) -> None:
        """Offer ``mode`` in the mode menu, answered by ``panel`` instead of the suggestion list.

        The panel does its own work (e.g. "beyond your library", ``app.gui.discover.beyond``);
        while its mode is picked, the list, the seed fields and the keep bar make way for it.
        """
        self._panels[mode] = panel
        self._labels[mode] = label
        panel.setParent(self)
        panel.hide()
        self._layout.insertWidget(self._layout.indexOf(self.keep), panel, 1)
        self.mode.addItem(self.tr(label), mode)

    # -- library -----------------------------------------------------------------------------
    def set_library(self, library: Library | None) -> None:
        """Work on ``library``; nothing is read or trained until the section is first shown."""
        self._library = library
        self._asked += 1
        self._stale = library is not None
        self._show(None)
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._load()

    def _load(self) -> None:
        library = self._library
        self._stale = False
        if library is None:
            return
        asked = self._asked
        self._tasks.run(
            lambda _p, _c: work.playlist_choices(library),
            on_result=self._set_playlists,
            on_error=lambda e: self._failed(asked, e),
        )
        self.ask()

    def _set_playlists(self, playlists: list[work.PlaylistChoice]) -> None:
        self._playlists = playlists
        current = self.seed_playlist.currentData()
        self.seed_playlist.clear()
        for choice in playlists:
            self.seed_playlist.addItem(choice.name, choice.playlist_id)
        if current is not None:
            self.seed_playlist.setCurrentIndex(max(self.seed_playlist.findData(current), 0))
        self.target.clear()
        for choice in playlists:
            if choice.service == "local":
                self.target.addItem(choice.name, choice.playlist_id)
        self._update_actions()

    # -- asking ------------------------------------------------------------------------------
    def more_like(self, recording_id: int, title: str, artists: Sequence[str] = ()) -> None:
        """Suggest songs like this one (picked elsewhere, e.g. in the Library)."""
        about = f"{title} — {', '.join(artists)}" if artists else title
        self._seed = (recording_id, about)
        self.seed_track.setText(" ".join([title, *artists]))
        if self.mode.currentData() == "track":
            self.ask()
        else:
            self.mode.setCurrentIndex(self.mode.findData("track"))  # asks

    def _forget_seed(self, *_: object) -> None:
        self._seed = None

    def question(self, retrain: bool = False) -> work.Question:
        mode: work.Mode = self.mode.currentData()
        seed = self._seed if mode == "track" else None
        return work.Question(
            mode,
            self.seed_playlist.currentData(),
            self.seed_track.text().strip(),
            self.diversity.value() / 100.0,
            25,
            retrain,
            recording_id=seed[0] if seed is not None else None,
            about=seed[1] if seed is not None else "",
        )

    def ask(self, retrain: bool = False) -> None:
        if self.mode.currentData() in self._panels:
            return  # that panel asks its own questions
        library = self._library
        question = self.question(retrain)
        if library is None or (question.mode == "track" and not question.track_query):
            self._show(None)
            return
        if question.mode == "playlist" and question.playlist_id is None:
            return
        self._asked += 1
        asked = self._asked
        if self._job is not None and self._job.is_running:
            self._job.cancel()

        def task(progress: Progress, cancelled: Cancelled) -> work.Answer:
            return work.answer(library, question, progress, cancelled)

        self._busy_row.show()
        self.progress.setRange(0, 0)
        self.progress_label.setText(self.tr("Finding suggestions…"))
        self._job = self._tasks.run(
            task,
            title=self.tr("Finding suggestions"),
            on_result=lambda a: self._answered(asked, a),
            on_error=lambda e: self._failed(asked, e),
            on_progress=self._progressed,
        )
        self._job.cancelled.connect(lambda: self._stopped(asked))

    def _progressed(self, fraction: float, message: str) -> None:
        self._busy_row.show_progress(fraction, message)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _stopped(self, asked: int) -> None:
        if asked == self._asked:
            self._busy_row.hide()

    def _failed(self, asked: int, error: BaseException) -> None:
        # Said in place of the list, not in a dialog: suggestions are never urgent.
        if asked == self._asked:
            self._busy_row.hide()
            self._show(None)
            friendly = describe_error(error)
            self.empty.setText(f"{friendly.title}\n{friendly.message}")
            logger.warning("suggestions failed: %s", type(error).__name__)

    def _answered(self, asked: int, answer: work.Answer) -> None:
        if asked != self._asked:
            return  # a newer question is on its way
        self._busy_row.hide()
        self._show(answer)
        self.answered.emit(answer)

    # -- showing -----------------------------------------------------------------------------
    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        own_panel = self._panels.get(mode)
        self.questions.show_seeds_for(mode, own_list=own_panel is None)
        for panel in self._panels.values():
            panel.setVisible(panel is own_panel)
        if own_panel is not None:
            if self._job is not None and self._job.is_running:
                self._job.cancel()
            self._asked += 1  # an answer still on its way is for another mode
            self._busy_row.hide()
            self.list.clear()
            self.list.hide()
            self.empty.hide()
            self.keep.hide()
            self.heading.setText(self._heading(mode, None))
            self.subtitle.setText(self._subtitle(mode))
            return
        self.keep.show()
        if mode == "track":
            self.seed_track.setFocus()
        self.ask()

    def _show(self, answer: work.Answer | None) -> None:
        mode = self.mode.currentData()
        if mode in self._panels:
            return
        self.heading.setText(self._heading(mode, answer))
        self.subtitle.setText(self._subtitle(mode))
        rows = answer.rows if answer is not None else ()
        self.list.show_rows(rows, self.dismiss)
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if not rows:
            note = answer.note if answer is not None and answer.note else ""
            self.empty.setText(note or self._empty_text(mode))
        self._update_actions()

    def _heading(self, mode: str, answer: work.Answer | None) -> str:
        if mode == "playlist":
            return self.tr("To continue “%1”").replace("%1", self.seed_playlist.currentText())
        if mode == "track" and answer is not None:
            return self.tr("Like %1").replace("%1", answer.about)
        return self.tr(self._labels.get(mode, ""))

    def _subtitle(self, mode: str) -> str:
        # A panel's mode may reach beyond this computer (it says so itself); the list's never do.
        tail = "" if mode in self._panels else ON_THIS_COMPUTER
        return self.tr(SUBTITLES.get(mode, "") + tail)

    def _empty_text(self, mode: str) -> str:
        return self.tr(TYPE_A_SONG if mode == "track" else NOTHING_YET)

    def rows(self) -> list[work.SuggestionRow]:
        return self.list.rows()

    def _update_actions(self) -> None:
        has_rows = self.list.count() > 0
        self.add.setEnabled(bool(self.list.selectedItems()) and self.target.count() > 0)
        self.target.setEnabled(self.target.count() > 0)
        self.save_all.setEnabled(has_rows)

    # -- keeping and dismissing ----------------------------------------------------------------
    def dismiss(self, recording_id: int) -> None:
        """ "Not for me": hidden for good, and the list asks again without it."""
        library = self._library
        if library is None:
            return
        self.list.remove_recording(recording_id)
        self._tasks.run(
            lambda _p, _c: work.hide(library, recording_id),
            on_result=lambda _r: self.ask(),
            on_error=self._error,
        )

    def _add_selected(self) -> None:
        library, playlist_id = self._library, self.target.currentData()
        picked = self.list.selected_rows()
        track_ids = [r.track_id for r in picked if r.track_id is not None]
        if library is None or playlist_id is None or not track_ids:
            return
        self._tasks.run(
            lambda _p, _c: work.add_to_playlist(library, playlist_id, track_ids),
            title=self.tr("Adding to playlist"),
            on_result=lambda n: self._say(self.tr("Added %n song(s).", "", n)),
            on_error=self._error,
        )

    def _save_all(self) -> None:
        library = self._library
        rows = self.rows()
        track_ids = [r.track_id for r in rows if r.track_id is not None]
        if library is None or not track_ids:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("New playlist"), self.tr("Name"), text=self.heading.text()
        )
        if ok and name.strip():
            self.create_playlist(name.strip(), track_ids)

    def create_playlist(self, name: str, track_ids: list[int]) -> Job[Any] | None:
        library = self._library
        if library is None:
            return None
        return self._tasks.run(
            lambda _p, _c: work.new_playlist(library, name, track_ids),
            title=self.tr("Creating playlist"),
            on_result=lambda _id: self._created(library, name),
            on_error=self._error,
        )

    def _created(self, library: Library, name: str) -> None:
        self._say(self.tr("Saved “%1”.").replace("%1", name))
        self._tasks.run(
            lambda _p, _c: work.playlist_choices(library), on_result=self._set_playlists
        )

    def _error(self, error: BaseException) -> None:
        show_error(self, error)

    def _say(self, text: str) -> None:
        self.progress_label.setText(text)
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(text, 4000)


def install(window: Any) -> DiscoverView:
    """Build the section and put it in ``window`` (a :class:`~app.gui.main_window.MainWindow`)."""
    view = DiscoverView(window.tasks, window)
    window.set_section_page("discover", view)
    window.libraryChanged.connect(view.set_library)
    if window.library is not None:
        view.set_library(window.library)
    beyond = BeyondPanel(window.tasks)
    view.add_panel("beyond", "Beyond your library", beyond)
    beyond.heading.hide()  # the section's heading names the mode already
    window.libraryChanged.connect(beyond.set_library)
    if window.library is not None:
        beyond.set_library(window.library)
    return view
