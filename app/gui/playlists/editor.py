"""Undoable edits of local playlists.

Every edit is a ``QUndoCommand`` on one ``QUndoStack`` (Ctrl+Z / Ctrl+Shift+Z). A command's
``redo``/``undo`` never touch the database themselves: they queue the store call on a *serial*
task runner (one thread, first in first out), so edits land in the order they were made even
when the user undoes faster than the disk writes. What an undo needs from its redo (the id of a
new playlist, the entries a remove took away, the order a move applied) is handed from one
worker call to the next in the command itself; the serial queue guarantees the redo ran first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.gui.tasks import Cancelled, Progress, TaskRunner
from store.local_playlists import LocalEntry, LocalPlaylists, inverse

logger = logging.getLogger(__name__)

Edit = Callable[[LocalPlaylists], Any]


def _now() -> datetime:
    return datetime.now(UTC)


class PlaylistEditor(QObject):
    """Owns the undo stack and the serial queue of store writes for one open library."""

    changed = Signal(int)  # playlist id (after the write, on the main thread)
    listChanged = Signal()  # a playlist was created, renamed or deleted
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self.tasks = TaskRunner(self, max_threads=1)
        self._playlists: LocalPlaylists | None = None

    def set_library(self, library: Any) -> None:
        self.stack.clear()  # edits of another library cannot be undone here
        self._playlists = LocalPlaylists(library) if library is not None else None

    @property
    def ready(self) -> bool:
        return self._playlists is not None

    def run(self, playlist_id: int | None, edit: Edit, list_changed: bool = False) -> None:
        """Queue ``edit`` (runs in the serial worker) and announce the change afterwards."""
        playlists = self._playlists
        if playlists is None:
            return

        def work(progress: Progress, cancelled: Cancelled) -> Any:
            result = edit(playlists)
            return result if playlist_id is None else playlist_id

        def done(result: Any) -> None:
            if list_changed:
                self.listChanged.emit()
            if isinstance(result, int):
                self.changed.emit(result)

        self.tasks.run(work, on_result=done, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        logger.warning("A playlist edit failed: %s", type(error).__name__)
        self.failed.emit(error)

    # -- the edits people make -----------------------------------------------------------------
    def create(self, name: str, track_ids: Sequence[int] = ()) -> CreatePlaylist:
        """A new local playlist, optionally holding ``track_ids`` (one undo step)."""
        command = CreatePlaylist(self, name, list(track_ids))
        self.stack.push(command)
        return command

    def rename(self, playlist_id: int, name: str) -> None:
        self.stack.push(RenamePlaylist(self, playlist_id, name))

    def delete(self, playlist_id: int, name: str) -> None:
        self.stack.push(DeletePlaylist(self, playlist_id, name))

    def add(self, playlist_id: int, track_ids: Sequence[int], playlist_name: str = "") -> None:
        if track_ids:
            self.stack.push(AddTracks(self, playlist_id, list(track_ids), playlist_name))

    def remove(self, playlist_id: int, positions: Sequence[int]) -> None:
        if positions:
            self.stack.push(RemoveEntries(self, playlist_id, list(positions)))

    def move(self, playlist_id: int, positions: Sequence[int], to: int) -> None:
        if positions:
            self.stack.push(MoveEntries(self, playlist_id, list(positions), to))


class CreatePlaylist(QUndoCommand):
    def __init__(self, editor: PlaylistEditor, name: str, track_ids: list[int]) -> None:
        super().__init__(editor.tr("Create playlist “%1”").replace("%1", name))
        self.editor, self.name, self.track_ids = editor, name, track_ids
        self.playlist_id: int | None = None  # set by the worker on the first redo

    def redo(self) -> None:
        def create(playlists: LocalPlaylists) -> int:
            self.playlist_id = playlists.create(self.name, playlist_id=self.playlist_id)
            if self.track_ids:
                playlists.insert(self.playlist_id, self.track_ids, added_by="you",
                                 added_at=_now())  # fmt: skip
            return self.playlist_id

        self.editor.run(None, create, list_changed=True)

    def undo(self) -> None:
        self.editor.run(None, lambda p: p.delete(self._id()), list_changed=True)

    def _id(self) -> int:
        assert self.playlist_id is not None, "the redo ran first (serial queue)"
        return self.playlist_id


class RenamePlaylist(QUndoCommand):
    def __init__(self, editor: PlaylistEditor, playlist_id: int, name: str) -> None:
        super().__init__(editor.tr("Rename playlist to “%1”").replace("%1", name))
        self.editor, self.playlist_id, self.name = editor, playlist_id, name
        self.old_name: str | None = None

    def redo(self) -> None:
        def rename(playlists: LocalPlaylists) -> None:
            self.old_name = playlists.rename(self.playlist_id, self.name)

        self.editor.run(self.playlist_id, rename, list_changed=True)

    def undo(self) -> None:
        def rename_back(playlists: LocalPlaylists) -> None:
            assert self.old_name is not None
            playlists.rename(self.playlist_id, self.old_name)

        self.editor.run(self.playlist_id, rename_back, list_changed=True)


class DeletePlaylist(QUndoCommand):
    def __init__(self, editor: PlaylistEditor, playlist_id: int, name: str) -> None:
        super().__init__(editor.tr("Delete playlist “%1”").replace("%1", name))
        self.editor, self.playlist_id = editor, playlist_id
        self.saved: tuple[str, list[LocalEntry]] | None = None

    def redo(self) -> None:
        def delete(playlists: LocalPlaylists) -> None:
            self.saved = playlists.delete(self.playlist_id)

        self.editor.run(None, delete, list_changed=True)

    def undo(self) -> None:
        def recreate(playlists: LocalPlaylists) -> None:
            assert self.saved is not None
            playlists.recreate(self.playlist_id, *self.saved)

        self.editor.run(self.playlist_id, recreate, list_changed=True)


class AddTracks(QUndoCommand):
    def __init__(
        self, editor: PlaylistEditor, playlist_id: int, track_ids: list[int], name: str
    ) -> None:
        text = editor.tr("Add %n track(s) to “%1”", "", len(track_ids)).replace("%1", name)
        super().__init__(text.replace("(s)", "" if len(track_ids) == 1 else "s"))
        self.editor, self.playlist_id, self.track_ids = editor, playlist_id, track_ids
        self.positions: list[int] = []

    def redo(self) -> None:
        def add(playlists: LocalPlaylists) -> None:
            self.positions = playlists.insert(
                self.playlist_id, self.track_ids, added_at=_now(), added_by="you"
            )

        self.editor.run(self.playlist_id, add, list_changed=True)

    def undo(self) -> None:
        self.editor.run(
            self.playlist_id,
            lambda p: p.remove(self.playlist_id, self.positions),
            list_changed=True,
        )


class RemoveEntries(QUndoCommand):
    def __init__(self, editor: PlaylistEditor, playlist_id: int, positions: list[int]) -> None:
        text = editor.tr("Remove %n track(s)", "", len(positions))
        super().__init__(text.replace("(s)", "" if len(positions) == 1 else "s"))
        self.editor, self.playlist_id, self.positions = editor, playlist_id, positions
        self.removed: list[LocalEntry] = []

    def redo(self) -> None:
        def remove(playlists: LocalPlaylists) -> None:
            self.removed = playlists.remove(self.playlist_id, self.positions)

        self.editor.run(self.playlist_id, remove, list_changed=True)

    def undo(self) -> None:
        self.editor.run(
            self.playlist_id,
            lambda p: p.restore(self.playlist_id, self.removed),
            list_changed=True,
        )


class MoveEntries(QUndoCommand):
    def __init__(
        self, editor: PlaylistEditor, playlist_id: int, positions: list[int], to: int
    ) -> None:
        super().__init__(editor.tr("Reorder playlist"))
        self.editor, self.playlist_id = editor, playlist_id
        self.positions, self.to = positions, to
        self.order: list[int] | None = None

    def redo(self) -> None:
        def move(playlists: LocalPlaylists) -> None:
            if self.order is None:
                self.order = playlists.move(self.playlist_id, self.positions, self.to)
            else:
                playlists.reorder(self.playlist_id, self.order)

        self.editor.run(self.playlist_id, move)

    def undo(self) -> None:
        def move_back(playlists: LocalPlaylists) -> None:
            assert self.order is not None
            playlists.reorder(self.playlist_id, inverse(self.order))

        self.editor.run(self.playlist_id, move_back)
