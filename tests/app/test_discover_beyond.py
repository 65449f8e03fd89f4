"""Discover, beyond your library: the panel against the fake ListenBrainz on 127.0.0.1.

Nothing is looked up before the consent box is ticked; then suggestions show with their
reasons, one can be added to a local playlist, and "Not for me" removes one for good.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.beyond import Beyond, BeyondAnswer
from app.gui.discover import DiscoverView
from app.gui.discover.beyond import BeyondPanel
from app.gui.settings.consents import ConsentModel
from app.gui.tasks import TaskRunner
from domain import PURPOSES
from store import Library, Profile, open_library
from store.consents import Consents
from store.local_playlists import LocalPlaylists
from tests.app.conftest import PASSPHRASE
from tests.app.support import open_window, settle
from tests.fakes.clock import FakeClock
from tests.fakes.listenbrainz import FakeListenBrainz
from tests.services.beyond_support import seed_history, seed_listenbrainz
from tests.services.conftest import _only_loopback  # noqa: F401  (autouse: loopback only)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def lb(clock: FakeClock) -> Iterator[FakeListenBrainz]:
    server = FakeListenBrainz(clock).start()
    seed_listenbrainz(server)
    yield server
    server.stop()


@pytest.fixture
def library(profile: Profile) -> Iterator[Library]:
    library = open_library(profile, PASSPHRASE)
    try:
        seed_history(library)
        yield library
    finally:
        library.close()


@pytest.fixture
def panel(
    qtbot: Any, tasks: TaskRunner, library: Library, clock: FakeClock, lb: FakeListenBrainz
) -> Iterator[BeyondPanel]:
    panel = BeyondPanel(tasks, clock=clock, environ=lb.environ)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    panel.set_library(library)
    settle(qtbot, tasks)
    yield panel
    settle(qtbot, tasks)


def _find(qtbot: Any, panel: BeyondPanel) -> BeyondAnswer:
    with qtbot.waitSignal(panel.answered, timeout=20_000) as blocker:
        panel.find_button.click()
    answer = blocker.args[0]
    assert isinstance(answer, BeyondAnswer)
    return answer


def test_nothing_is_looked_up_until_a_box_is_ticked(
    qtbot: Any, panel: BeyondPanel, lb: FakeListenBrainz, library: Library, tasks: TaskRunner
) -> None:
    assert not panel.consent["listenbrainz"].isChecked()
    assert not panel.consent["lastfm"].isChecked()
    panel.find_button.click()
    settle(qtbot, tasks)
    assert "Tick a service" in panel.note.text()
    assert panel.list.count() == 0
    assert lb.requests == []
    assert not Consents(library).granted("listenbrainz", "discover")


def test_suggestions_show_with_reasons_and_one_can_be_added_or_dismissed(
    qtbot: Any,
    panel: BeyondPanel,
    lb: FakeListenBrainz,
    library: Library,
    tasks: TaskRunner,
    clock: FakeClock,
) -> None:
    panel.consent["listenbrainz"].setChecked(True)
    settle(qtbot, tasks)
    assert Consents(library).granted("listenbrainz", "discover")
    assert not Consents(library).granted("lastfm", "discover")
    answer = _find(qtbot, panel)
    shown = panel.suggestions()
    assert [s.title for s in shown] == [s.title for s in answer.items]
    assert shown[0].title == "Common Ground"
    first = panel.row_widget(0)
    assert first.reason.text() == "Similar to “Low Tide” on ListenBrainz"
    assert lb.requests

    # Add the first one to a local playlist.
    playlist = LocalPlaylists(library).create("Found beyond")
    panel.set_playlists([(playlist, "Found beyond")])
    panel.list.item(0).setSelected(True)
    assert panel.add.isEnabled()
    with qtbot.waitSignal(panel.added, timeout=10_000) as added:
        panel.add.click()
    assert added.args == [1]
    (entry,) = library.playlists.entries(playlist)
    assert entry.track.title == "Common Ground"

    # "Not for me" on another one: gone now, and gone from the next answer (from the cache).
    second = panel.suggestions()[1]
    job = panel.dismiss(second)
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=10_000):
        pass
    assert second.key not in {s.key for s in panel.suggestions()}
    sent = len(lb.requests)
    again = _find(qtbot, panel)
    titles = [s.title for s in again.items]
    assert second.title not in titles
    assert "Common Ground" not in titles  # it is in the library now
    assert len(lb.requests) == sent
    assert Beyond(library, clock, lb.environ).allowed()["listenbrainz"]


def test_the_settings_grid_offers_the_lookup_consent_only_where_it_exists(qapp: Any) -> None:
    model = ConsentModel(["spotify", "lastfm", "listenbrainz"], PURPOSES)
    column = model.purposes.index("discover")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Look up similar music"
    spotify, lastfm = model.index(0, column), model.index(1, column)
    assert model.flags(spotify) == Qt.ItemFlag.NoItemFlags
    assert model.data(spotify, Qt.ItemDataRole.CheckStateRole) is None
    assert model.flags(lastfm) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(lastfm, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.setData(lastfm, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.granted("lastfm", "discover")
    assert not model.setData(spotify, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)


def test_discover_offers_beyond_your_library_as_a_mode(
    qtbot: Any, tasks: TaskRunner, library: Library, lb: FakeListenBrainz
) -> None:
    window = open_window(qtbot, tasks, library)
    try:
        view = window.discover
        assert isinstance(view, DiscoverView)
        window.show_section("discover")
        index = view.mode.findData("beyond")
        assert index >= 0
        assert view.mode.itemText(index) == "Beyond your library"
        view.mode.setCurrentIndex(index)
        panel = next(w for w in view.findChildren(BeyondPanel))
        qtbot.waitUntil(panel.isVisible, timeout=5_000)
        assert not view.list.isVisible()
        assert "nothing leaves it" not in view.subtitle.text()
        settle(qtbot, tasks, timeout=20_000)
        assert not panel.consent["listenbrainz"].isChecked()
        assert lb.requests == []  # choosing the mode sends nothing
    finally:
        settle(qtbot, tasks, timeout=20_000)
