"""Everything the Duplicates section asks of the library, run through the task helper.

Reads are quiet background jobs; every change (merge, split, review, keep, clean-up, undo) is
a titled job that shows in the status bar and ends in a fresh read. Results from a read that
a newer one has overtaken are dropped, so the section only ever shows the latest state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.gui.duplicates.rows import Snapshot, snapshot
from app.gui.tasks import Cancelled, Progress, TaskRunner
from store import Library
from store.identity import Identity

logger = logging.getLogger(__name__)


class DuplicatesActions(QObject):
    loaded = Signal(object)  # Snapshot
    changed = Signal(str)  # what was done, in words (after a change has been saved)
    failed = Signal(object)  # the exception; the view turns it into words
    busy = Signal(bool)  # a change is being saved

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._library: Library | None = None
        self._generation = 0
        self.scope = "playlist"
        self.keep: str | None = None  # a clean-up preview is showing when set

    def set_library(self, library: Library | None, read: bool = True) -> None:
        """Work on ``library`` from now on (``read``: and read it right away)."""
        self._library = library
        self.keep = None
        self._generation += 1  # whatever the old library was still reading is dropped
        if read:
            self.reload()

    # -- reading ---------------------------------------------------------------------------
    def reload(self, scope: str | None = None, keep: str | None = None) -> None:
        """Read the groups of ``scope`` (a clean-up preview when ``keep`` is set)."""
        self.scope = scope or self.scope
        self.keep = keep
        self._generation += 1
        generation, library, scope_, keep_ = self._generation, self._library, self.scope, keep
        if library is None:
            self.loaded.emit(Snapshot(scope_, (), (), ()))
            return

        def read(progress: Progress, cancelled: Cancelled) -> Snapshot:
            return snapshot(Identity(library), scope_, keep_)

        def deliver(result: Snapshot) -> None:
            if generation == self._generation:
                self.loaded.emit(result)

        self._tasks.run(read, on_result=deliver, on_error=self.failed.emit)

    # -- changing --------------------------------------------------------------------------
    def merge_recordings(self, recording_ids: list[int]) -> None:
        self._change(
            self.tr("Merging songs"),
            lambda i: i.merge_recordings(recording_ids),
            self.tr("Merged into one song. You can undo this in History."),
        )

    def merge(self, keys: list[str]) -> None:
        self._change(
            self.tr("Merging tracks"),
            lambda i: i.merge(keys),
            self.tr("Merged into one song. You can undo this in History."),
        )

    def split(self, key: str) -> None:
        self._change(
            self.tr("Splitting a track off"),
            lambda i: i.split(key),
            self.tr("That track is now a song of its own."),
        )

    def review(self, item_ids: list[int], accept: bool) -> None:
        done = (
            self.tr("Marked as the same song.") if accept else self.tr("Marked as different songs.")
        )
        self._change(self.tr("Saving your review"), lambda i: i.review(item_ids, accept), done)

    def keep_copy(self, scope: str, recording_id: int, key: str) -> None:
        """Keep the copy ``key`` of one song; the other copies leave the playlist/liked songs."""
        self._change(
            self.tr("Removing the other copies"),
            lambda i: i.dedupe_apply(scope, f"key:{key}", recording_id=recording_id),
            self.tr("Kept one copy. You can undo this in History."),
        )

    def clean_up(self, scope: str, keep: str) -> None:
        """Apply the clean-up preview: keep one copy of every duplicated song."""
        self._change(
            self.tr("Removing duplicates"),
            lambda i: i.dedupe_apply(scope, keep),
            self.tr("Duplicates removed. You can undo this in History."),
        )

    def undo(self, action_id: int) -> None:
        self._change(
            self.tr("Undoing"),
            lambda i: i.undo(action_id),
            self.tr("Undone."),
        )

    def _change(self, title: str, change: Callable[[Identity], Any], done: str) -> None:
        library = self._library
        if library is None:
            return

        def run(progress: Progress, cancelled: Cancelled) -> Any:
            return change(Identity(library))

        def succeeded(_: object) -> None:
            self.busy.emit(False)
            self.changed.emit(done)
            self.reload(keep=None)

        def failed(error: BaseException) -> None:
            self.busy.emit(False)
            self.failed.emit(error)
            self.reload(keep=self.keep)

        self.busy.emit(True)
        self._tasks.run(run, title=title, cancellable=False, on_result=succeeded, on_error=failed)
