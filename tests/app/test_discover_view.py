"""The Discover section on the demo library: questions, reasons, badges, keep and dismiss."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.demo import load_demo
from app.gui.discover import DiscoverView
from app.gui.discover.work import Answer
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Library, Profile, open_library
from store.local_playlists import LocalPlaylists
from store.recommend_data import hidden_recordings
from tests.app.support import open_window, settle

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def library(profile: Profile) -> Iterator[Library]:
    library = open_library(profile, "discover tests")
    try:
        load_demo(library)
        yield library
    finally:
        library.close()


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, library: Library) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, library)
    yield window
    tasks.shutdown()


def _view(qtbot: Any, window: MainWindow) -> DiscoverView:
    view = window.discover
    assert isinstance(view, DiscoverView)
    window.show_section("discover")
    qtbot.waitUntil(lambda: view.list.count() > 0, timeout=20_000)
    settle(qtbot, window.tasks, timeout=20_000)
    return view


def _ask(qtbot: Any, view: DiscoverView, mode_index: int) -> Answer:
    with qtbot.waitSignal(view.answered, timeout=20_000) as blocker:
        view.mode.setCurrentIndex(mode_index)
    answer = blocker.args[0]
    assert isinstance(answer, Answer)
    return answer


def test_suggestions_show_reasons_and_services(qtbot: Any, window: MainWindow) -> None:
    view = _view(qtbot, window)
    rows = view.rows()
    assert rows
    assert all(r.reason for r in rows)
    assert all(r.services for r in rows)
    playlist = _ask(qtbot, view, 2)
    assert playlist.question.playlist_id is not None
    assert playlist.rows
    rediscover = _ask(qtbot, view, 1)
    assert rediscover.rows


def test_not_for_me_hides_for_good(qtbot: Any, window: MainWindow, library: Library) -> None:
    view = _view(qtbot, window)
    first = view.rows()[0]
    with qtbot.waitSignal(view.answered, timeout=20_000):
        view.dismiss(first.recording_id)
    assert first.recording_id in hidden_recordings(library)
    assert first.recording_id not in {r.recording_id for r in view.rows()}


def test_suggestions_become_a_new_local_playlist(
    qtbot: Any, window: MainWindow, library: Library
) -> None:
    view = _view(qtbot, window)
    ids = [r.track_id for r in view.rows()[:5] if r.track_id is not None]
    job = view.create_playlist("Found on Discover", ids)
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=10_000):
        pass
    settle(qtbot, window.tasks)
    with library.read() as db:
        row = db.execute("SELECT id FROM playlist WHERE name = 'Found on Discover'").fetchone()
    assert row is not None
    assert view.target.findText("Found on Discover") >= 0
    assert LocalPlaylists(library).remove(int(row[0]), [0])  # five entries, in order


def test_discover_screenshot(qtbot: Any, window: MainWindow) -> None:
    view = _view(qtbot, window)
    view.list.setCurrentRow(0)
    qtbot.wait(50)
    assert window.grab().toImage().save(str(SCREENSHOTS / "discover.png"))
