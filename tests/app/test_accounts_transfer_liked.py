"""The Transfer dialog with liked songs as the source, and signing out, with real widgets
against the fake Spotify: "Liked songs" is offered per service; checking is a dry run; writing
saves them with their dates; disconnecting deletes the tokens and says where to revoke."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.gui.accounts.transfer_dialog import TransferDialog
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from domain import SavedItem, ServiceTrack
from store import Library
from store.importing import ImportBatchWriter
from tests.app.accounts_support import WAIT, accounts_view, environment, start_fake
from tests.app.support import open_window, settle
from tests.fakes.spotify import FakeSpotify, make_track
from tests.services.conftest import _only_loopback  # noqa: F401  (autouse: loopback only)
from tests.services.support import MemorySecrets, connect

FIRST_LIKE = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)
LIKED = range(1000, 1008)


def _apple(n: int) -> ServiceTrack:
    spotify = make_track(n)
    return ServiceTrack(
        service="apple_music",
        service_id=f"am{n}",
        title=spotify["name"],
        artists=tuple(a["name"] for a in spotify["artists"]),
        album=spotify["album"]["name"],
        duration_ms=spotify["duration_ms"],
        isrc=spotify["external_ids"]["isrc"],
    )


@pytest.fixture
def fake() -> Iterator[FakeSpotify]:
    server = start_fake()
    server.add_to_catalog(*(make_track(n) for n in LIKED))
    yield server
    server.stop()


@pytest.fixture
def secrets() -> MemorySecrets:
    return MemorySecrets()


@pytest.fixture
def window(
    qtbot: Any, tasks: TaskRunner, real_library: Library, fake: FakeSpotify, secrets: MemorySecrets
) -> Iterator[MainWindow]:
    with ImportBatchWriter(real_library, "test", "liked-dialog", "liked-v1") as batch:
        for i, n in enumerate(LIKED):
            track = _apple(n)
            batch.add(track)
            at = FIRST_LIKE + timedelta(days=i)
            batch.add(SavedItem("apple_music", "track", track=track, added_at=at))
    env = environment(fake, secrets)
    services = env.services(real_library)
    connect(services, fake)
    services.grant("spotify", "write_back")
    window = open_window(qtbot, tasks, real_library)
    view = accounts_view(window)
    view.accounts.env = env
    qtbot.waitUntil(lambda: view.transfer_button.isEnabled(), timeout=WAIT)
    yield window
    tasks.shutdown()


def test_liked_songs_can_be_the_source_checked_then_written(
    qtbot: Any, window: MainWindow, fake: FakeSpotify
) -> None:
    view = accounts_view(window)
    view.transfer_button.click()
    dialog = view.dialog
    assert isinstance(dialog, TransferDialog)
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=WAIT)
    labels = [dialog.playlist.itemText(i) for i in range(dialog.playlist.count())]
    assert "Liked songs  ·  Apple Music  ·  8" in labels
    dialog.select_liked("apple_music")
    assert dialog.liked_selected()

    fake.requests.clear()
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.job is None, timeout=WAIT)
    assert [e.outcome for e in dialog.model.entries] == ["isrc"] * 8
    assert dialog.model.entries[0].source.title == make_track(1007)["name"]  # newest first
    assert fake.writes == []
    assert "8 of 8 ready to write" in dialog.summary.text()
    assert "Nothing was written" in dialog.summary.text()

    box = dialog.ask_write()
    assert "Like 8 songs on Spotify" in box.text()
    box.accept()
    qtbot.waitUntil(lambda: "Wrote" in dialog.summary.text(), timeout=WAIT)
    settle(qtbot, window.tasks)
    assert "Wrote 8 songs" in dialog.summary.text()
    assert "every song is in place" in dialog.summary.text()
    saved = {e["track"]["id"]: e["added_at"] for e in fake.saved}
    for i, n in enumerate(LIKED):
        at = FIRST_LIKE + timedelta(days=i)
        assert saved[make_track(n)["id"]] == at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_disconnect_deletes_the_tokens_and_says_where_to_revoke(
    qtbot: Any, window: MainWindow, secrets: MemorySecrets
) -> None:
    view = accounts_view(window)
    assert any(":spotify:" in name for name in secrets.values)
    view.cards["spotify"].disconnect_button.click()
    assert view.confirmation is not None
    with qtbot.waitSignal(view.accounts.disconnected, timeout=WAIT):
        view.confirmation.accept()
    settle(qtbot, window.tasks)
    assert not any(":spotify:" in name for name in secrets.values)
    text = view.message.text()
    assert "sign-in is deleted" in text
    assert "https://www.spotify.com/account/apps/" in text
    assert "library stays" in text
