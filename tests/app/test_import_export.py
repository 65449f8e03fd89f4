"""Import (drag and drop, summary, cancel) and export (one playlist, everything)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.core.importing import FileResult
from app.gui.export_dialog import ExportDialog
from app.gui.imports.summary import ImportResultsModel, ImportSummaryDialog, explain
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Library, PlaylistRow
from store.local_playlists import LocalPlaylists
from tests.app.support import open_window, settle

SHARED = Path("/work/shared/data/playlist_formats")
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared sample data not present")


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, real_library: Library) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, real_library)
    yield window
    tasks.shutdown()


def _drop(window: MainWindow, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at = QPointF(window.width() / 2, window.height() / 2)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(at.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(at, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return drop


@needs_shared
def test_dropping_files_imports_them_and_says_what_happened(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    junk = tmp_path / "notes.json"
    junk.write_text('{"what": "not a music export"}', encoding="utf-8")
    before = window.library_model.total
    imports = window.features.imports
    with qtbot.waitSignal(imports.finished, timeout=20_000) as finished:
        drop = _drop(window, [SHARED / "sample.xspf", junk])
        assert drop.isAccepted()
        assert imports.progress_dialog is not None
    results: list[FileResult] = finished.args[0]
    assert [r.outcome for r in results] == ["imported", "failed"]
    summary = imports.summary
    assert summary is not None
    assert summary.isVisible()
    assert "1 file imported" in summary.heading.text()
    assert "could not be read" in summary.heading.text()
    assert summary.model.data(summary.model.index(1, 1)) == "Not imported"
    assert summary.details_button.isEnabled()
    summary.details_button.click()
    assert summary.details.isVisible()
    qtbot.waitUntil(lambda: window.library_model.total > before, timeout=10_000)

    # The same file again adds nothing, and says so.
    with qtbot.waitSignal(imports.finished, timeout=20_000) as again:
        imports.start([SHARED / "sample.xspf"])
    assert again.args[0][0].outcome == "already imported"
    assert "imported before" in explain(again.args[0][0])


def test_a_cancelled_import_keeps_nothing_of_the_file_in_progress(
    qtbot: Any, window: MainWindow
) -> None:
    from app.core.demo import DEMO_FILE

    imports = window.features.imports
    with qtbot.waitSignal(imports.finished, timeout=20_000) as finished:
        job = imports.start([DEMO_FILE])
        assert job is not None
        assert imports.progress_dialog is not None
        imports.progress_dialog.cancel_button.click()
    assert finished.args[0][-1].outcome == "cancelled"
    settle(qtbot, window.tasks)
    assert window.library.status()["playlists"] == 0  # type: ignore[union-attr]


def test_the_results_model_and_summary_words(qtmodeltester: Any, qtbot: Any) -> None:
    results = [
        FileResult("a.json", "spotify", "imported", {"service_tracks": 3, "listens": 1}, 2, 4),
        FileResult("b.csv", None, "not a music export"),
        FileResult("c.json", "spotify", "failed", errors=["c.json: line 3: bad JSON"]),
    ]
    model = ImportResultsModel(results)
    qtmodeltester.check(model, force_py=True)
    assert explain(results[0]).startswith("3 tracks, 1 play; 4 plays already counted")
    assert "bad JSON" in explain(results[2])
    dialog = ImportSummaryDialog(results)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "1 file imported · 1 file could not be read"


def test_export_dialog_offers_a_playlist_or_everything(qtbot: Any, tmp_path: Path) -> None:
    rows = [PlaylistRow(1, "Road / Trip", "spotify", 3), PlaylistRow(2, "Mine", "local", 1)]
    dialog = ExportDialog(rows, selected=2)
    qtbot.addWidget(dialog)
    assert dialog.one.isChecked()
    assert dialog.playlist.currentData() == 2
    dialog.format.setCurrentIndex(dialog.format.findData("xspf"))
    playlist_id, fmt, target = dialog.choice()
    assert (playlist_id, fmt, target.name) == (2, "xspf", "Mine.xspf")
    dialog.everything.setChecked(True)
    assert not dialog.playlist.isEnabled()
    assert dialog.choice()[0] is None
    assert dialog.choice()[2].name == "mixtape-export.zip"


def test_exports_write_files_in_the_background(
    qtbot: Any, window: MainWindow, real_library: Library, tmp_path: Path
) -> None:
    ids = [t.id for t in real_library.tracks.page(0, 3)]
    local = LocalPlaylists(real_library)
    playlist_id = local.create("Mine")
    local.insert(playlist_id, ids)
    runner = window.features.exports
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        runner.start(real_library, playlist_id, "m3u8", tmp_path / "mine.m3u8")
    assert (tmp_path / "mine.m3u8").read_text(encoding="utf-8").count("#EXTINF") == 3
    with qtbot.waitSignal(runner.finished, timeout=30_000):
        runner.start(real_library, None, "zip", tmp_path / "all.zip")
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        assert "library.json" in archive.namelist()
        assert "playlists/xspf/Mine.xspf" in archive.namelist()
    dialog = window.features.export(playlist_id)
    assert dialog.isVisible()
    assert dialog.playlist.count() >= 0
    dialog.reject()
