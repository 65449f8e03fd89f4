"""Discover, beyond your library: songs you do not have yet, from similar music on Last.fm and
ListenBrainz, ranked on this computer (``app.core.beyond``).

A self-contained panel: two consent boxes ("Look up on Last.fm / ListenBrainz", off until the
user ticks them), a button that fetches in the background with progress and a cancel button,
and a list of suggestions with their reasons, each with "Not for me", and "Add selected" to a
local playlist. Nothing is sent before a box is ticked; all library and network work runs as
jobs of the window's task runner.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.beyond import Beyond, BeyondAnswer
from app.gui.discover.rows import service_badge
from app.gui.empty_state import muted_color
from app.gui.errors import describe_error, show_error
from app.gui.tasks import Cancelled, Job, Progress, TaskRunner
from connectors._jobs import Clock, SystemClock
from recommender.candidates import BeyondSuggestion
from store import Library
from store.recommend_data import all_playlists

logger = logging.getLogger(__name__)

SOURCES = (("lastfm", "Look up on Last.fm"), ("listenbrainz", "Look up on ListenBrainz"))


class BeyondRow(QWidget):
    """One suggestion: title, artist, the reason, where it came from, and "Not for me"."""

    dismissed = Signal(object)  # BeyondSuggestion

    def __init__(self, suggestion: BeyondSuggestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        muted = muted_color(self.palette()).name()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        text = QVBoxLayout()
        text.setSpacing(2)
        title = QLabel(suggestion.title, self)
        title.setStyleSheet("font-weight: 600;")
        artist = QLabel(", ".join(suggestion.artists), self)
        artist.setStyleSheet(f"color: {muted};")
        reason = QLabel(suggestion.reason[:1].upper() + suggestion.reason[1:], self)
        reason.setObjectName("reason")
        reason.setStyleSheet(f"color: {muted}; font-style: italic;")
        self.reason = reason
        for label in (title, artist, reason):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            text.addWidget(label)
        layout.addLayout(text, 1)
        for source in suggestion.sources:
            layout.addWidget(service_badge(source, self), 0, Qt.AlignmentFlag.AlignVCenter)
        self.dismiss = QPushButton(self.tr("Not for me"), self)
        self.dismiss.setFlat(True)
        self.dismiss.setToolTip(self.tr("Never suggest this song again"))
        self.dismiss.clicked.connect(lambda: self.dismissed.emit(suggestion))
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(f"{suggestion.title}, {', '.join(suggestion.artists)}. "
                               f"{suggestion.reason}")  # fmt: skip


class BeyondPanel(QWidget):
    answered = Signal(object)  # BeyondAnswer, after it is shown
    added = Signal(int)  # how many songs were added to a playlist

    def __init__(
        self,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._clock = clock or SystemClock()
        self._environ = dict(os.environ if environ is None else environ)
        self._library: Library | None = None
        self._job: Job[Any] | None = None
        self._asked = 0
        muted = muted_color(self.palette()).name()

        self.heading = QLabel(self.tr("Beyond your library"), self)
        self.heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.explain = QLabel(
            self.tr(
                "Songs you don’t have yet. Mixtape asks the services you tick what is like a "
                "few of your favourite songs: only those songs’ titles and artists are sent, "
                "never your listening history. The answers are ranked on this computer."
            ),
            self,
        )
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet(f"color: {muted};")
        self.consent: dict[str, QCheckBox] = {}
        consents = QHBoxLayout()
        for source, label in SOURCES:
            box = QCheckBox(self.tr(label), self)
            box.setAccessibleName(self.tr(label))
            box.toggled.connect(lambda on, s=source: self._consent_changed(s, on))
            self.consent[source] = box
            consents.addWidget(box)
        consents.addStretch(1)
        self.find_button = QPushButton(self.tr("Find songs"), self)
        consents.addWidget(self.find_button)

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress_label = QLabel(self)
        self.progress_label.setStyleSheet(f"color: {muted};")
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.setFlat(True)
        busy = QHBoxLayout()
        busy.addWidget(self.progress_label)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel)
        self._busy_row = QWidget(self)
        self._busy_row.setLayout(busy)
        self._busy_row.hide()

        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(self.tr("Suggestions from beyond your library"))
        self.list.setFrameShape(QListWidget.Shape.NoFrame)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {muted};")

        self.target = QComboBox(self)
        self.target.setAccessibleName(self.tr("Playlist to add to"))
        self.target.setMinimumContentsLength(22)
        self.add = QPushButton(self.tr("Add selected"), self)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Add to"), self))
        actions.addWidget(self.target)
        actions.addWidget(self.add)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(consents)
        layout.addWidget(self._busy_row)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)

        self.find_button.clicked.connect(lambda: self.ask())
        self.cancel.clicked.connect(self._cancel)
        self.add.clicked.connect(self._add_selected)
        self.list.itemSelectionChanged.connect(self._update_actions)
        self._loading_consents = False
        self._stale = False
        self._update_actions()

    # -- library -----------------------------------------------------------------------------
    def _beyond(self, library: Library) -> Beyond:
        return Beyond(library, self._clock, self._environ)

    def set_library(self, library: Library | None) -> None:
        """Work on ``library``; nothing is read until the panel is first shown."""
        self._library = library
        self._asked += 1
        self.list.clear()
        self.note.setText("")
        self._update_actions()
        self._stale = library is not None
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
        beyond = self._beyond(library)

        def read(_p: Progress, _c: Cancelled) -> tuple[dict[str, bool], list[tuple[int, str]]]:
            playlists = [(pid, name) for pid, name, svc in all_playlists(library) if svc == "local"]
            return beyond.allowed(), playlists

        self._tasks.run(read, on_result=self._loaded, on_error=self._said)

    def _loaded(self, result: tuple[dict[str, bool], list[tuple[int, str]]]) -> None:
        allowed, playlists = result
        self._loading_consents = True
        for source, box in self.consent.items():
            box.setChecked(allowed.get(source, False))
        self._loading_consents = False
        self.set_playlists(playlists)
        if not any(allowed.values()):
            self.note.setText(self.tr("Tick a service above to look beyond your library."))

    def set_playlists(self, playlists: list[tuple[int, str]]) -> None:
        """Local playlists, the only ones Mixtape may add to."""
        current = self.target.currentData()
        self.target.clear()
        for playlist_id, name in playlists:
            self.target.addItem(name, playlist_id)
        if current is not None:
            self.target.setCurrentIndex(max(self.target.findData(current), 0))
        self._update_actions()

    def _consent_changed(self, source: str, granted: bool) -> None:
        library = self._library
        if library is None or self._loading_consents:
            return
        beyond = self._beyond(library)
        self._tasks.run(
            lambda _p, _c: beyond.allow(source, granted),
            on_result=lambda _r: self.note.setText(""),
            on_error=self._error,
        )

    # -- asking ------------------------------------------------------------------------------
    def ask(self, refresh: bool = False) -> Job[Any] | None:
        library = self._library
        if library is None:
            return None
        if not any(box.isChecked() for box in self.consent.values()):
            self.note.setText(self.tr("Tick a service above to look beyond your library."))
            return None
        self._asked += 1
        asked = self._asked
        if self._job is not None and self._job.is_running:
            self._job.cancel()
        beyond = self._beyond(library)

        def task(progress: Progress, cancelled: Cancelled) -> BeyondAnswer:
            return beyond.suggest(refresh=refresh, progress=progress, cancelled=cancelled)

        self._busy_row.show()
        self.progress.setRange(0, 0)
        self.progress_label.setText(self.tr("Looking up similar music…"))
        self._job = self._tasks.run(
            task,
            title=self.tr("Looking up similar music"),
            on_result=lambda a: self._answered(asked, a),
            on_error=lambda e: self._failed(asked, e),
            on_progress=self._progressed,
        )
        self._job.cancelled.connect(lambda: self._stopped(asked))
        return self._job

    def _progressed(self, fraction: float, message: str) -> None:
        if fraction < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(fraction * 100))
        if message:
            self.progress_label.setText(message)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _stopped(self, asked: int) -> None:
        if asked == self._asked:
            self._busy_row.hide()

    def _failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            self._busy_row.hide()
            friendly = describe_error(error)
            self.note.setText(f"{friendly.title}\n{friendly.message}")
            logger.warning("similar music failed: %s", type(error).__name__)

    def _answered(self, asked: int, answer: BeyondAnswer) -> None:
        if asked != self._asked:
            return
        self._busy_row.hide()
        self.show_answer(answer)
        self.answered.emit(answer)

    # -- showing -----------------------------------------------------------------------------
    def show_answer(self, answer: BeyondAnswer) -> None:
        self.list.clear()
        for suggestion in answer.items:
            item = QListWidgetItem(self.list)
            row = BeyondRow(suggestion, self.list)
            row.dismissed.connect(self.dismiss)
            item.setSizeHint(QSize(0, row.sizeHint().height()))
            item.setData(Qt.ItemDataRole.UserRole, suggestion)
            self.list.setItemWidget(item, row)
        note = answer.note
        if not answer.items and not note:
            note = self.tr("Nothing new yet: the services had no songs you don’t already have.")
        self.note.setText(note)
        self._update_actions()

    def suggestions(self) -> list[BeyondSuggestion]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def row_widget(self, index: int) -> BeyondRow:
        widget = self.list.itemWidget(self.list.item(index))
        assert isinstance(widget, BeyondRow)
        return widget

    def _update_actions(self) -> None:
        self.add.setEnabled(bool(self.list.selectedItems()) and self.target.count() > 0)
        self.target.setEnabled(self.target.count() > 0)

    # -- keeping and dismissing ----------------------------------------------------------------
    def dismiss(self, suggestion: BeyondSuggestion) -> Job[Any] | None:
        """ "Not for me": gone from the list at once, and never suggested again."""
        library = self._library
        if library is None:
            return None
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole).key == suggestion.key:
                self.list.takeItem(i)
                break
        beyond = self._beyond(library)
        return self._tasks.run(lambda _p, _c: beyond.dismiss(suggestion), on_error=self._error)

    def _add_selected(self) -> Job[Any] | None:
        library, playlist_id = self._library, self.target.currentData()
        picked = [i.data(Qt.ItemDataRole.UserRole) for i in self.list.selectedItems()]
        if library is None or playlist_id is None or not picked:
            return None
        beyond = self._beyond(library)
        return self._tasks.run(
            lambda _p, _c: beyond.add_to_playlist(playlist_id, picked),
            title=self.tr("Adding to playlist"),
            on_result=self._added,
            on_error=self._error,
        )

    def _added(self, count: int) -> None:
        self.progress_label.setText(self.tr("Added %n song(s).", "", count))
        self.added.emit(count)

    def _error(self, error: BaseException) -> None:
        show_error(self, error)

    def _said(self, error: BaseException) -> None:
        # In place of the list, not in a dialog: suggestions are never urgent.
        friendly = describe_error(error)
        self.note.setText(f"{friendly.title}\n{friendly.message}")
        logger.warning("similar music: reading the library failed: %s", type(error).__name__)
