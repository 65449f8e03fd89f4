"""The transfer flow with real widgets against the fake Spotify: the dry run shows the match
report and writes nothing, a pick becomes a match rule, and Write goes out in batches and is
verified by reading back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.gui.accounts.transfer_dialog import TransferDialog
from app.gui.main_window import MainWindow
from app.gui.tasks import TaskRunner
from store import Library
from store.transfers import Transfers
from tests.app.accounts_support import (
    WAIT,
    accounts_view,
    environment,
    seed_transfer,
    start_fake,
)
from tests.app.support import open_window, settle
from tests.fakes.spotify import FakeSpotify
from tests.services.conftest import _only_loopback  # noqa: F401  (autouse: loopback only)
from tests.services.support import MemorySecrets, connect


@pytest.fixture
def fake() -> Iterator[FakeSpotify]:
    server = start_fake()
    yield server
    server.stop()


@pytest.fixture
def window(
    qtbot: Any, tasks: TaskRunner, real_library: Library, fake: FakeSpotify
) -> Iterator[MainWindow]:
    twin = seed_transfer(fake, real_library)
    assert twin
    secrets = MemorySecrets()
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


def _outcomes(dialog: TransferDialog) -> list[str]:
    return [e.outcome for e in dialog.model.entries]


def test_dry_run_review_and_write(
    qtbot: Any, window: MainWindow, real_library: Library, fake: FakeSpotify
) -> None:
    view = accounts_view(window)
    view.transfer_button.click()
    dialog = view.dialog
    assert isinstance(dialog, TransferDialog)
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=WAIT)
    assert "Road trip" in dialog.playlist.currentText()

    fake.requests.clear()
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.job is None, timeout=WAIT)
    outcomes = _outcomes(dialog)
    assert outcomes[:3] == ["isrc", "metadata", "ambiguous"]
    assert outcomes[-2:] == ["not_found", "unsupported"]
    assert fake.writes == []
    assert {r.method for r in fake.api_requests()} == {"GET"}
    assert "Nothing was written" in dialog.summary.text()
    assert "1 to pick" in dialog.summary.text()

    dialog.table.selectRow(2)  # the ambiguous one: pick a candidate
    assert dialog.use_button.isEnabled()
    assert dialog.candidates.count() == 2
    dialog.candidates.setCurrentIndex(1)
    picked = str(dialog.candidates.currentData())
    source_key = dialog.model.entries[2].source.key
    dialog.use_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and _outcomes(dialog)[2] == "rule", timeout=WAIT)
    rules = Transfers(real_library).rules("spotify")
    assert rules[source_key].target_id == picked
    assert fake.writes == []

    dialog.table.selectRow(len(outcomes) - 2)  # not found: say it is not there
    dialog.not_there_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and "not_there" in _outcomes(dialog), timeout=WAIT)

    dialog.write_button.click()
    assert dialog.confirmation is not None
    dialog.confirmation.accept()
    qtbot.waitUntil(lambda: "Wrote" in dialog.summary.text(), timeout=WAIT)
    settle(qtbot, window.tasks)
    assert "Wrote 9 songs" in dialog.summary.text()
    assert "every song is in place" in dialog.summary.text()
    assert dialog.report is not None
    assert dialog.report.verified
    adds = [w for w in fake.writes if w[1].endswith(("/items", "/tracks"))]
    assert adds
    assert all(n <= 100 for _, _, n in adds)
    assert sum(n for _, _, n in adds) == 9
