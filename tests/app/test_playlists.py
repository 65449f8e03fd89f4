"""Playlists: the list and entries models, and undoable, persisted edits of local playlists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.gui.main_window import MainWindow
from app.gui.playlists.models import ENTRY_MIME, EntriesModel, PlaylistListModel
from app.gui.tasks import TaskRunner
from store import EntryRow, Library, PlaylistRow, Profile, TrackRow, open_library
from tests.app.conftest import PASSPHRASE, as_rows, sample_tracks
from tests.app.support import open_window, settle


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, real_library: Library) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, real_library)
    yield window
    window.features.editor.tasks.shutdown()
    tasks.shutdown()


def _titles(window: MainWindow) -> list[str]:
    model = window.features.playlists.entries_model
    return [model.entry(i).track.title for i in range(model.rowCount())]  # type: ignore[union-attr]


def _open_first_local(qtbot: Any, window: MainWindow) -> int:
    view = window.features.playlists
    qtbot.waitUntil(lambda: bool(view.local_playlists()), timeout=10_000)
    playlist = view.local_playlists()[0]
    with qtbot.waitSignal(view.entriesLoaded, timeout=10_000):
        view.open_playlist(playlist.id)
    return playlist.id


def test_models_pass_qt_checks(qtmodeltester: Any) -> None:
    rows = as_rows(sample_tracks())
    playlists = PlaylistListModel()
    playlists.set_rows([PlaylistRow(1, "Mix", "local", 3), PlaylistRow(2, "Run", "spotify", 9)])
    qtmodeltester.check(playlists, force_py=True)
    assert "Made in Mixtape" in playlists.data(playlists.index(0), PlaylistListModel.SubtitleRole)
    entries = EntriesModel()
    entries.set_rows([EntryRow(i, r, datetime(2024, 1, 2, tzinfo=UTC), "ana")
                      for i, r in enumerate(rows[:5])], editable=True)  # fmt: skip
    qtmodeltester.check(entries, force_py=True)
    assert entries.data(entries.index(1, 0)) == "2"
    assert entries.data(entries.index(0, 5)) == "ana"


def test_a_drop_asks_for_a_move_instead_of_moving_rows() -> None:
    model = EntriesModel()
    track = TrackRow(1, "spotify", "x", "T", ("A",), None, None, None, None, 0)
    model.set_rows([EntryRow(i, track, None, None) for i in range(4)], editable=True)
    asked: list[tuple[list[int], int]] = []
    model.moveRequested.connect(lambda positions, to: asked.append((positions, to)))
    mime = model.mimeData([model.index(2, 0), model.index(3, 1)])
    assert mime.hasFormat(ENTRY_MIME)
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert asked == [([2, 3], 0)]
    model.set_rows(model._rows, editable=False)
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_local_playlist_edits_undo_redo_and_persist(
    qtbot: Any, window: MainWindow, profile: Profile
) -> None:
    features = window.features
    editor, view = features.editor, features.playlists
    tracks = [window.library_model.row_at(i) for i in range(4)]
    ids = [t.id for t in tracks if t is not None]
    names = [t.title for t in tracks if t is not None]

    editor.create("Evening", ids[:3])
    settle(qtbot, editor.tasks)
    _open_first_local(qtbot, window)
    qtbot.waitUntil(lambda: _titles(window) == names[:3], timeout=10_000)
    assert view.entries_model.editable
    assert not view.rename_button.isHidden()

    with qtbot.waitSignal(view.entriesLoaded, timeout=10_000):
        view.entries_model.moveRequested.emit([2], 0)  # what a drag of the last row to the top does
    assert _titles(window) == [names[2], names[0], names[1]]
    view.table.selectRow(1)
    with qtbot.waitSignal(view.entriesLoaded, timeout=10_000):
        view.remove_selected()
    assert _titles(window) == [names[2], names[1]]
    editor.add(view.local_playlists()[0].id, [ids[3]], "Evening")
    editor.rename(view.local_playlists()[0].id, "Late evening")
    settle(qtbot, editor.tasks, window.tasks)
    qtbot.waitUntil(lambda: _titles(window) == [names[2], names[1], names[3]], timeout=10_000)
    assert view.name_label.text() == "Late evening"

    features.actions["undo"].trigger()  # rename
    features.actions["undo"].trigger()  # add
    features.actions["undo"].trigger()  # remove
    settle(qtbot, editor.tasks, window.tasks)
    qtbot.waitUntil(lambda: _titles(window) == [names[2], names[0], names[1]], timeout=10_000)
    features.actions["redo"].trigger()  # remove again
    settle(qtbot, editor.tasks, window.tasks)
    qtbot.waitUntil(lambda: _titles(window) == [names[2], names[1]], timeout=10_000)
    assert editor.stack.undoText() == "Remove 1 track"

    # Every step went through the store: a fresh connection sees the same playlist.
    reopened = open_library(profile, PASSPHRASE)
    try:
        playlist = next(p for p in reopened.playlists.list() if p.service == "local")
        assert playlist.name == "Evening"
        assert [e.track.title for e in reopened.playlists.entries(playlist.id)] == [
            names[2],
            names[1],
        ]
    finally:
        reopened.close()

    for _ in range(3):
        features.actions["undo"].trigger()  # remove, move, create
    settle(qtbot, editor.tasks, window.tasks)
    qtbot.waitUntil(lambda: not view.local_playlists(), timeout=10_000)


def test_library_context_menu_adds_tracks_to_a_local_playlist(
    qtbot: Any, window: MainWindow
) -> None:
    features = window.features
    features.editor.create("Picks")
    settle(qtbot, features.editor.tasks, window.tasks)
    qtbot.waitUntil(lambda: bool(features.playlists.local_playlists()), timeout=10_000)
    window.library_view.table.selectRow(0)
    menu = features.library_menu()
    add = next(a for a in menu.actions() if a.text() == "Add to playlist").menu()
    assert add is not None
    next(a for a in add.actions() if a.text() == "Picks").trigger()
    settle(qtbot, features.editor.tasks, window.tasks)
    qtbot.waitUntil(lambda: features.playlists.local_playlists()[0].entries == 1, timeout=10_000)
