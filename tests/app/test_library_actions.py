"""The Library's context actions that lead to other sections: "Show duplicates" opens the
Duplicates section on that song's group, "Find similar" opens Discover with "more like this
track" for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel

from app.gui.discover import DiscoverView
from app.gui.discover.work import Answer
from app.gui.duplicates.view import DuplicatesView
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Library, Profile, TrackRow
from tests.app.duplicates_support import demo_library
from tests.app.support import open_window, settle


@pytest.fixture
def library(profile: Profile) -> Iterator[Library]:
    with demo_library(profile) as library:
        yield library


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, library: Library) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, library)
    yield window
    tasks.shutdown()


def _select_first(qtbot: Any, window: MainWindow) -> TrackRow:
    model = window.library_model
    qtbot.waitUntil(lambda: not model.loading and model.row_at(0) is not None, timeout=10_000)
    window.library_view.table.selectRow(0)
    track = model.row_at(0)
    assert track is not None
    assert track.recording_id is not None
    return track


def _action(window: MainWindow, text: str) -> Any:
    menu = window.features.library_menu()
    return next(a for a in menu.actions() if a.text() == text)


def test_show_duplicates_focuses_the_songs_group(qtbot: Any, window: MainWindow) -> None:
    model = window.library_model
    with qtbot.waitSignal(model.totalChanged, timeout=10_000):
        model.set_filters(2, None)  # songs on two services or more: each is a duplicate
    track = _select_first(qtbot, window)
    view = window.duplicates
    assert isinstance(view, DuplicatesView)
    action = _action(window, "Show duplicates")
    assert action.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        action.trigger()
    assert window.current_section() == "duplicates"
    group = view.groups.current_group()
    assert group is not None
    assert group.recording_id == track.recording_id
    assert view.tabs.currentWidget() is view.groups
    settle(qtbot, window.tasks)


def test_show_duplicates_says_so_when_the_song_is_there_once(
    qtbot: Any, window: MainWindow
) -> None:
    view = window.duplicates
    assert isinstance(view, DuplicatesView)
    window.show_section("duplicates")
    qtbot.waitUntil(lambda: view.snapshot is not None, timeout=20_000)
    settle(qtbot, window.tasks)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.show_recording(-1)  # no such song: every scope is looked in, none has it
    assert "only once" in view.message.text()
    settle(qtbot, window.tasks)


def test_find_similar_asks_discover_about_the_track(qtbot: Any, window: MainWindow) -> None:
    track = _select_first(qtbot, window)
    view = window.discover
    assert isinstance(view, DiscoverView)
    action = _action(window, "Find similar")
    assert action.isEnabled()
    with qtbot.waitSignal(view.answered, timeout=30_000) as blocker:
        action.trigger()
    answer = blocker.args[0]
    assert isinstance(answer, Answer)
    assert window.current_section() == "discover"
    assert view.mode.currentData() == "track"
    assert answer.question.recording_id == track.recording_id
    assert answer.about.startswith(track.title)
    assert track.recording_id not in {r.recording_id for r in answer.rows}
    assert view.heading.text() == f"Like {answer.about}"
    settle(qtbot, window.tasks, timeout=30_000)


def test_context_actions_wait_for_a_selection(qtbot: Any, window: MainWindow) -> None:
    window.library_view.table.clearSelection()
    for text in ("Show duplicates", "Find similar"):
        assert not _action(window, text).isEnabled()


def test_export_selection_writes_the_selected_tracks_as_a_playlist_file(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    model = window.library_model
    qtbot.waitUntil(lambda: not model.loading and model.row_at(2) is not None, timeout=10_000)
    table = window.library_view.table
    table.selectRow(0)
    table.selectionModel().select(
        model.index(2, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    chosen = [model.row_at(0), model.row_at(2)]
    assert _action(window, "Export selection…").isEnabled()
    target = tmp_path / "two songs.jspf"
    with qtbot.waitSignal(window.features.exports.finished, timeout=20_000):
        window.features.export_selection(window.features.selected_track_ids(), str(target))
    written = json.loads(target.read_text(encoding="utf-8"))["playlist"]
    assert [t["title"] for t in written["track"]] == [r.title for r in chosen if r is not None]
    assert written["title"] == "two songs"
