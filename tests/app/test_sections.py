"""History & Insights, the track detail panel, Settings & Privacy and the first-run welcome."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from app.gui.history.chart import Bar, StackedBarChart, nice_step
from app.gui.history.models import OverlapModel, TopModel
from app.gui.history.view import period_for
from app.gui.main_window import MainWindow
from app.gui.preferences import Preferences
from app.gui.settings.consents import ConsentModel
from app.gui.settings.dialogs import DeleteEverythingDialog
from app.gui.tasks import TaskRunner
from app.gui.theme import apply_theme, is_dark
from store import Library, Profile, WrongPassphrase, open_library
from store.consents import Consents, Settings
from store.insights import ServiceOverlap, TopEntry
from tests.app.conftest import PASSPHRASE
from tests.app.support import open_window, settle


@pytest.fixture
def window(qtbot: Any, tasks: TaskRunner, real_library: Library) -> Iterator[MainWindow]:
    window = open_window(qtbot, tasks, real_library)
    yield window
    tasks.shutdown()


def test_history_shows_months_top_lists_and_overlap(qtbot: Any, window: MainWindow) -> None:
    history = window.features.history
    with qtbot.waitSignal(history.loaded, timeout=10_000):
        window.show_section("history")  # read lazily, the first time it is shown
    insights = history.insights
    assert insights is not None
    assert insights.listens > 0
    assert [b.label for b in history.chart.bars][:1] == ["2024-03"]
    assert "hours over" in history.chart.accessibleDescription()
    assert history.top_artists.rowCount() > 0
    assert history.top_tracks.rowCount() > 0
    assert history.stack.currentWidget() is history.content
    with qtbot.waitSignal(history.loaded, timeout=10_000):
        history.set_period("30d")  # the sample listens are from 2024
    assert history.chart.bars == []


def test_history_models_and_chart(qtbot: Any, qtmodeltester: Any) -> None:
    top = TopModel()
    top.set_rows([TopEntry("Low Tide — The Lanternmen", 4, 480_000, services=("spotify",))])
    qtmodeltester.check(top, force_py=True)
    assert top.data(top.index(0, 3)) == "0.1 h"
    overlap = OverlapModel()
    overlap.set_rows([ServiceOverlap("spotify", 10, {"apple_music": 4}, 4)])
    qtmodeltester.check(overlap, force_py=True)
    assert overlap.data(overlap.index(0, 2)) == "4 (40%)"
    chart = StackedBarChart()
    qtbot.addWidget(chart)
    chart.resize(500, 240)
    chart.set_bars([Bar("2024-01", {"spotify": 2.0, "lastfm": 1.0}), Bar("2024-02", {})])
    assert chart.services == ["spotify", "lastfm"]
    assert not chart.grab().isNull()
    assert "Spotify: 2.0 h" in chart.describe(chart.bars[0])
    assert nice_step(17) == 5
    assert nice_step(0) == 1
    now = datetime(2025, 6, 1, tzinfo=UTC)
    assert (
        period_for("last_year", now).since
        == int(datetime(2024, 1, 1, tzinfo=UTC).timestamp()) * 1000
    )


def test_track_detail_follows_the_selection(qtbot: Any, window: MainWindow) -> None:
    panel = window.features.detail
    assert panel.title.text() == "No track selected"
    window.library_view.table.selectRow(0)
    track = window.library_model.row_at(0)
    assert track is not None
    qtbot.waitUntil(lambda: panel.detail is not None, timeout=10_000)
    assert panel.title.text() == track.title
    assert "play" in panel.stats.text()
    assert panel.playlists.text() == "Not in any playlist yet."
    assert "evidence" in panel.evidence.text()


def test_settings_change_the_passphrase(qtbot: Any, window: MainWindow, profile: Profile) -> None:
    settings = window.features.settings
    assert settings.location.text() == str(profile.dir)
    dialog = settings.ask_passphrase()
    qtbot.keyClicks(dialog.passphrase, "a brand new passphrase")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, "a brand new passphrase")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(settings.done, timeout=20_000):
        dialog.ok_button.click()
    with pytest.raises(WrongPassphrase):
        open_library(profile, PASSPHRASE).close()
    open_library(profile, "a brand new passphrase").close()


def test_settings_consents_are_saved(qtbot: Any, window: MainWindow, real_library: Library) -> None:
    model = window.features.settings.consents
    qtbot.waitUntil(lambda: model.granted("spotify", "import"), timeout=10_000)
    column = model.purposes.index("recommend")
    index = model.index(model.services.index("spotify"), column)
    with qtbot.waitSignal(window.features.settings.done, timeout=10_000):
        model.setData(index, 0, 10)  # CheckStateRole, Unchecked (it starts ticked)
    assert not Consents(real_library).granted("spotify", "recommend")


def test_consent_model_passes_qt_checks(qtmodeltester: Any) -> None:
    model = ConsentModel(["spotify", "lastfm"], ["import", "share"])
    model.set_granted({("spotify", "import"): True})
    qtmodeltester.check(model, force_py=True)


def test_delete_everything_needs_the_typed_word(
    qtbot: Any, window: MainWindow, profile: Profile
) -> None:
    settings = window.features.settings
    dialog = settings.ask_delete()
    assert isinstance(dialog, DeleteEverythingDialog)
    qtbot.keyClicks(dialog.typed, "delet")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.typed, "e")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(settings.libraryDeleted, timeout=20_000):
        dialog.ok_button.click()
    assert not profile.db_path.exists()
    assert not profile.key_path.exists()
    assert window.library is None
    box = window.findChild(QMessageBox, "deletedBox")
    assert box is not None
    assert "gone from this computer" in box.text()


def test_backup_then_restore_reopens_the_library(
    qtbot: Any, window: MainWindow, real_library: Library, tmp_path: Path
) -> None:
    settings = window.features.settings
    with qtbot.waitSignal(settings.done, timeout=20_000):
        settings.backup_to(tmp_path / "lib.mixtape-backup")
    Settings(real_library).set("marker", "after the backup")
    dialog = settings.ask_restore()
    dialog.path.setText(str(tmp_path / "lib.mixtape-backup"))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(settings.libraryReplaced, timeout=30_000) as replaced:
        dialog.ok_button.click()
    restored = replaced.args[0]
    try:
        assert window.library is restored
        assert Settings(restored).get("marker") is None
        qtbot.waitUntil(lambda: window.library_model.total > 0, timeout=10_000)
    finally:
        settle(qtbot, window.tasks)
        restored.close()


def test_theme_applies_live_and_is_remembered(
    qtbot: Any, tasks: TaskRunner, tmp_path: Path
) -> None:
    preferences = Preferences(tmp_path)
    window = MainWindow(tasks, preferences=preferences)
    qtbot.addWidget(window)
    combo = window.features.settings.theme
    try:
        combo.setCurrentIndex(combo.findData("dark"))
        assert is_dark(QApplication.palette())
        assert preferences.theme == "dark"
        combo.setCurrentIndex(combo.findData("light"))
        assert not is_dark(QApplication.palette())
    finally:
        apply_theme("system")
    window.close()
    preferences.sync()
    assert Preferences(tmp_path).bytes("window/geometry") is not None
    assert QApplication.palette().color(QPalette.ColorRole.Window).isValid()


def test_first_run_welcome_loads_the_demo_and_saves_taste(
    qtbot: Any, tasks: TaskRunner, tmp_path: Path
) -> None:
    empty = open_library(Profile.resolve(tmp_path / "new"), PASSPHRASE)
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.show()
    try:
        window.set_library(empty)
        qtbot.waitUntil(lambda: window.features.welcome is not None, timeout=10_000)
        welcome = window.features.welcome
        assert welcome is not None
        assert welcome.isVisible()
        with qtbot.waitSignal(window.library_model.totalChanged, timeout=30_000):
            welcome.demo_button.click()
            assert welcome.pages.currentWidget() is welcome.taste_page
            settle(qtbot, tasks, timeout=30_000)
        qtbot.waitUntil(lambda: welcome.taste.model.rowCount() > 40, timeout=10_000)
        welcome.taste.search.setText("jazz")
        assert welcome.taste.proxy.rowCount() >= 1
        welcome.taste.check("Jazz")
        welcome.done_button.click()
        settle(qtbot, tasks)
        assert Settings(empty).get("onboarding")["genres"] == ["Jazz"]
        assert window.library_model.total > 100
    finally:
        settle(qtbot, tasks, timeout=30_000)
        empty.close()
