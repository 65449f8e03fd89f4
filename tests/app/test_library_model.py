"""The Library model, without any widget: paging, sorting, search, stale results."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.gui import library_model as lm
from app.gui.library_model import (
    ARTISTS,
    DURATION,
    PAGE_SIZE,
    PLAYS,
    SERVICE,
    TITLE,
    LibraryModel,
    RowRole,
    format_duration,
)
from app.gui.tasks import TaskRunner
from store import Library, StoreError

from .conftest import FakeTracks, as_rows, sample_tracks

Display = Qt.ItemDataRole.DisplayRole


def _text(model: LibraryModel, row: int, column: int) -> Any:
    return model.data(model.index(row, column), Display)


def _loaded(qtbot: Any, model: LibraryModel, source: Any) -> None:
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        model.set_source(source)


def test_passes_qt_model_checks(
    qtbot: Any, qtmodeltester: Any, tasks: TaskRunner, fake_tracks: FakeTracks
) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    qtmodeltester.check(model, force_py=False)


def test_shows_rows_sorted_by_title(qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    assert model.rowCount() == len(fake_tracks.rows)
    assert model.columnCount() == 6
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Title", "Artists", "Album", "Duration", "Service", "Plays"]
    titles = [_text(model, r, TITLE) for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    first = model.data(model.index(0, TITLE), RowRole)
    assert _text(model, 0, ARTISTS) == ", ".join(first.artists)
    assert _text(model, 0, DURATION) == format_duration(first.duration_ms)
    assert _text(model, 0, SERVICE) in {"Spotify", "Apple Music", "YouTube Music"}


def test_durations_read_like_a_music_app() -> None:
    assert format_duration(None) == ""
    assert format_duration(61_000) == "1:01"
    assert format_duration(3_725_000) == "1:02:05"


def test_data_never_reads_the_store(qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks) -> None:
    """The fake raises if read on the UI thread; here we also count reads caused by data()."""
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    calls = len(fake_tracks.calls)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Display, Qt.ItemDataRole.ToolTipRole, RowRole):
                model.data(model.index(row, column), role)
    assert len(fake_tracks.calls) == calls


def test_pages_arrive_in_the_background(
    qtbot: Any, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = FakeTracks(as_rows(sample_tracks(copies=30)))  # 1,260 tracks
    model = LibraryModel(tasks)
    _loaded(qtbot, model, source)
    assert model.rowCount() == 1260
    far = 3 * PAGE_SIZE + 17
    assert _text(model, far, TITLE) is None  # not here yet: blank, and asked for
    with qtbot.waitSignal(model.dataChanged, timeout=5000) as changed:
        pass
    top_left = changed.args[0]
    assert top_left.row() == 3 * PAGE_SIZE
    assert _text(model, far, TITLE)
    assert ("page", "", 3 * PAGE_SIZE) in source.calls


def test_old_pages_are_let_go(
    qtbot: Any, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lm, "MAX_PAGES", 2)
    source = FakeTracks(as_rows(sample_tracks(copies=30)))
    model = LibraryModel(tasks)
    _loaded(qtbot, model, source)
    for page in (1, 2, 3):
        model.data(model.index(page * PAGE_SIZE, TITLE), Display)
        qtbot.waitUntil(lambda p=page: model.row_at(p * PAGE_SIZE) is not None, timeout=5000)
    assert model.row_at(0) is None  # the oldest page was dropped
    assert model.row_at(3 * PAGE_SIZE) is not None


@pytest.mark.parametrize(
    ("column", "order", "key"),
    [
        (PLAYS, Qt.SortOrder.DescendingOrder, lambda r: -r.plays),
        (DURATION, Qt.SortOrder.AscendingOrder, lambda r: r.duration_ms),
        (ARTISTS, Qt.SortOrder.AscendingOrder, lambda r: ", ".join(r.artists).casefold()),
    ],
)
def test_sorts_through_the_store(
    qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks, column: int, order: Any, key: Any
) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.sort(column, order)
    rows = [model.data(model.index(r, 0), RowRole) for r in range(model.rowCount())]
    assert [key(r) for r in rows] == sorted(key(r) for r in fake_tracks.rows)


def test_search_as_you_type_waits_for_a_pause(
    qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks
) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    fake_tracks.calls.clear()
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        for typed in ("h", "ha", "harb", "harbour"):
            model.set_query(typed)
    assert {q for _, q, _ in fake_tracks.calls} == {"harbour"}
    assert model.rowCount() == 6
    assert all(
        "Lanternmen" in _text(model, r, ARTISTS) or "Harbour" in _text(model, r, TITLE)
        for r in range(model.rowCount())
    )


def test_only_the_latest_query_is_shown(
    qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks
) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    slow = fake_tracks.gates["tidewater"] = threading.Event()

    model.set_query("tidewater")
    model.flush()  # its read is now stuck in the worker
    qtbot.waitUntil(lambda: ("count", "tidewater", 0) in fake_tracks.calls, timeout=5000)
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        model.set_query("bloom")
        model.flush()
    assert model.rowCount() == 1

    slow.set()  # the stale answer comes back late...
    tasks.wait(5000)
    qtbot.wait(50)
    assert model.query == "bloom"  # ...and is dropped
    assert model.rowCount() == 1
    assert _text(model, 0, TITLE) == "Static Bloom"


def test_stale_results_are_dropped_even_if_delivered(
    qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks
) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    stale_generation = 0
    model._apply_reload((stale_generation, 1, fake_tracks.rows[:1]))
    assert model.rowCount() == len(fake_tracks.rows)


def test_no_match_gives_an_empty_model(
    qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks
) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        model.set_query("zzzz nothing")
    assert model.rowCount() == 0
    assert model.data(model.index(0, 0), Display) is None
    assert model.data(QModelIndex(), Display) is None


def test_filter_by_service(qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, fake_tracks)
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        model.set_service("apple_music")
    expected = sum(r.service == "apple_music" for r in fake_tracks.rows)
    assert model.rowCount() == expected
    assert {_text(model, r, SERVICE) for r in range(expected)} == {"Apple Music"}


def test_a_failed_read_is_reported(qtbot: Any, tasks: TaskRunner, fake_tracks: FakeTracks) -> None:
    fake_tracks.fail = StoreError("the library file is busy; try again")
    model = LibraryModel(tasks)
    with qtbot.waitSignal(model.loadFailed, timeout=5000) as failed:
        model.set_source(fake_tracks)
    assert isinstance(failed.args[0], StoreError)
    assert not model.loading


def test_reads_a_real_library(qtbot: Any, tasks: TaskRunner, real_library: Library) -> None:
    model = LibraryModel(tasks)
    _loaded(qtbot, model, real_library.tracks)
    assert model.rowCount() == 42
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        model.set_query("kett")  # prefix search over FTS5
    assert [_text(model, r, TITLE) for r in range(model.rowCount())] == ["Kettle Song"]
    with qtbot.waitSignal(model.totalChanged, timeout=5000):
        model.set_query("")
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.sort(PLAYS, Qt.SortOrder.DescendingOrder)
    plays = [model.data(model.index(r, 0), RowRole).plays for r in range(model.rowCount())]
    assert plays == sorted(plays, reverse=True)
    assert plays[0] > 0
