"""The Duplicates section on a real encrypted library (the bundled demo): review → accept →
undo, keep one copy, clean-up preview → apply → undo, and the screenshot for the README."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.gui.duplicates import DuplicatesView
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Library, Profile
from store.identity import Identity
from tests.app.duplicates_support import demo_library
from tests.app.support import open_window, settle

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def library(profile: Profile) -> Iterator[Library]:
    with demo_library(profile) as library:
        yield library


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, library: Library) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, library)
    yield window
    tasks.shutdown()


def _view(qtbot: Any, window: MainWindow) -> DuplicatesView:
    view = window.section_page("duplicates")
    assert isinstance(view, DuplicatesView)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_section("duplicates")
    # Other start-up reads (summary, accounts, …) may refresh the section once more: let them
    # finish so a later refresh cannot reset what the test selects.
    settle(qtbot, window.tasks)
    return view


def _after(qtbot: Any, view: DuplicatesView, click: Any) -> None:
    """Click, then wait for the change to be saved and the section to read it back."""
    with qtbot.waitSignal(view.commands.changed, timeout=10_000):
        click()
    qtbot.waitUntil(lambda: view.isEnabled(), timeout=10_000)
    settle(qtbot, view.commands._tasks)


def _recording(library: Library, key: str) -> int:
    with library.read() as db:
        return int(
            db.execute("SELECT recording_id FROM service_track WHERE key = ?", (key,)).fetchone()[0]
        )


def test_groups_show_every_copy_with_where_and_why(qtbot: Any, window: MainWindow) -> None:
    view = _view(qtbot, window)
    groups = view.groups
    assert groups.groups_model.rowCount() == 2  # the demo has two songs twice in a playlist
    assert "found more than once" in view.summary.text()
    members = groups.members_model
    assert members.rowCount() == 2
    wheres = {members.index(r, 5).data() for r in range(2)}
    assert all(w.startswith("Party Mix, #") for w in wheres)
    assert groups.evidence.text().startswith("Why these are one song:")
    assert members.index(0, 0).data() == "Spotify"


def test_review_accept_then_undo_round_trip(
    qtbot: Any, window: MainWindow, library: Library
) -> None:
    view = _view(qtbot, window)
    review = view.review
    view.tabs.setCurrentWidget(review)
    assert review.model.rowCount() == 7
    assert view.tabs.tabText(1) == "To review (7)"
    assert review.compare_model.rowCount() == 2  # the first pair, side by side

    def two_selected() -> bool:
        # A late refresh of the queue (start-up reads on a busy machine) clears the selection;
        # select again until the button speaks of both rows.
        if review.accept_button.text() != "Same song (2)":
            review.table.selectRow(0)
            review.table.selectionModel().select(
                review.model.index(1, 0),
                review.table.selectionModel().SelectionFlag.Select
                | review.table.selectionModel().SelectionFlag.Rows,
            )
        return review.accept_button.text() == "Same song (2)"

    qtbot.waitUntil(two_selected, timeout=10_000)

    _after(qtbot, view, review.accept_button.click)
    # Both unsure tracks joined their songs; the other suggestions about them are settled too.
    assert review.model.rowCount() == 0
    assert review.stack.currentWidget() is review.empty
    assert _recording(library, "deezer:dz-our-house") == _recording(
        library, "youtube_music:TcdaS92J6B_"
    )
    history = view.history
    latest = history.model.row_at(0)
    assert latest.kind == "review"
    assert latest.undoable
    assert "accepted 2" in latest.summary

    _after(qtbot, view, history.undo_buttons[latest.id].click)
    assert review.model.rowCount() == 7
    assert _recording(library, "deezer:dz-our-house") != _recording(
        library, "youtube_music:TcdaS92J6B_"
    )
    assert history.model.row_at(0).undone_at is not None
    assert latest.id not in history.undo_buttons


def test_bulk_reject_keeps_the_songs_apart(qtbot: Any, window: MainWindow) -> None:
    view = _view(qtbot, window)
    review = view.review
    review.table.selectAll()
    assert review.reject_button.text() == "Different (7)"
    _after(qtbot, view, review.reject_button.click)
    assert review.model.rowCount() == 0
    assert Identity(window.library).review_queue() == []  # type: ignore[arg-type]


def test_clean_up_preview_apply_and_undo(qtbot: Any, window: MainWindow, library: Library) -> None:
    view = _view(qtbot, window)
    groups = view.groups
    groups.keep_rule.setCurrentIndex(groups.keep_rule.findData("earliest"))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        groups.preview_button.click()
    assert groups.apply_button.isVisible()
    assert groups.apply_button.text() == "Remove 2 duplicates"
    outcomes = [groups.members_model.index(r, 7).data() for r in range(2)]
    assert sorted(outcomes) == ["Keeps", "Removes"]
    assert not groups.members.isColumnHidden(7)

    _after(qtbot, view, groups.apply_button.click)
    assert groups.groups_model.rowCount() == 0
    assert groups.stack.currentWidget() is groups.empty
    latest = view.history.model.row_at(0)
    assert latest.kind == "dedupe"

    _after(qtbot, view, view.history.undo_buttons[latest.id].click)
    assert groups.groups_model.rowCount() == 2
    assert not groups.apply_button.isVisible()


def test_keep_only_this_copy_and_split(qtbot: Any, window: MainWindow, library: Library) -> None:
    view = _view(qtbot, window)
    groups = view.groups
    groups.members.selectRow(1)
    kept = groups.members_model.member_at(1)
    assert kept is not None
    _after(qtbot, view, groups.keep_button.click)
    assert groups.groups_model.rowCount() == 1
    with library.read() as db:
        keys = [
            r[0]
            for r in db.execute(
                "SELECT t.key FROM playlist_entry e JOIN service_track t ON t.id = e.track_id"
                " WHERE t.recording_id = ?",
                (_recording(library, kept.key),),
            )
        ]
    assert keys.count(kept.key) >= 1

    groups.scope.setCurrentIndex(groups.scope.findData("services"))
    qtbot.waitUntil(lambda: groups.groups_model.rowCount() > 100, timeout=10_000)
    group = groups.current_group()
    assert group is not None
    assert len(group.members) > 1
    assert not groups.keep_button.isVisible()
    groups.members.selectRow(1)
    split_key = groups.members_model.member_at(1).key  # type: ignore[union-attr]
    before = _recording(library, split_key)
    _after(qtbot, view, groups.split_button.click)
    assert view.history.model.row_at(0).kind == "split"
    assert (
        _recording(library, split_key) != before
        or _recording(library, group.members[0].key) != before
    )


def test_duplicates_screenshot(qtbot: Any, window: MainWindow) -> None:
    view = _view(qtbot, window)
    groups = view.groups
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        groups.scope.setCurrentIndex(groups.scope.findData("liked"))
    groups.select_row(0)
    qtbot.wait(50)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = window.grab().toImage()
    assert image.save(str(SCREENSHOTS / "duplicates.png"))
    review = view.review
    view.tabs.setCurrentWidget(review)
    qtbot.wait(50)
    assert window.grab().toImage().save(str(SCREENSHOTS / "duplicates-review.png"))
