"""Offline for days while the log is compacted (sharing.md test 6), and kill -9 of a client in
the middle of a sync (test 7): afterwards nothing is lost and nothing is doubled."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable

from store import Library
from sync import sharing
from sync.state import device_keys, find_share, load_replica, save_replica
from tests.relay.conftest import PYTHON, REPO, RelayProcess
from tests.sync.library_data import load_playlist, spotify_track
from tests.sync.test_relay_sync import _pair, _titles


def test_offline_for_days_while_the_log_is_compacted_then_merge(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, ben, doc_id = _pair(relay_process, make_library)
    load_playlist(ana, "More", [spotify_track(n) for n in range(10, 40)], "more.json")
    load_playlist(ben, "Ben's", [spotify_track(n) for n in range(40, 50)], "bens.json")
    # ben is away: his edits wait in his outbox while ana edits a lot and compacts the log
    for n in range(40, 50):
        sharing.add_track(ben, doc_id, f"spotify:sp{n:020d}", 0)
    first = sharing.entries(ben, doc_id)[-1][0].entry_id
    with ben.read() as db:
        replica = load_replica(db, doc_id, device_keys(ben))
    replica.move(first, 0)
    with ben.write() as db:
        save_replica(db, replica, find_share(ben, doc_id).relay_url)
    for n in range(10, 40):
        sharing.add_track(ana, doc_id, f"spotify:sp{n:020d}")
        if n % 10 == 0:
            sharing.sync_all(ana)
    report = sharing.sync_all(ana, force_checkpoint=True)[0]
    assert report.checkpointed == report.cursor  # the relay may now drop everything before it

    assert sharing.sync_all(ben)[0].pending == 0
    sharing.sync_all(ana)
    ana_titles, ben_titles = _titles(ana, doc_id), _titles(ben, doc_id)
    assert ana_titles == ben_titles
    assert len(ana_titles) == len(set(ana_titles)) == 2 + 30 + 10
    assert ana_titles[0] == "Song 2"  # ben's offline move of the second entry survived


def test_kill_9_of_a_client_mid_sync_then_restart_converges(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, ben, doc_id = _pair(relay_process, make_library)
    load_playlist(ben, "Lots", [spotify_track(n) for n in range(100, 400)], "lots.json")
    for n in range(100, 400):
        sharing.add_track(ben, doc_id, f"spotify:sp{n:020d}")
    ben_dir = str(ben.profile.dir)
    ben.close()
    before = _pushes(relay_process)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    worker = subprocess.Popen(
        [str(PYTHON), "-m", "tests.sync.sync_worker", ben_dir], cwd=REPO, env=env
    )
    deadline = time.monotonic() + 30
    while _pushes(relay_process) < before + 20 and time.monotonic() < deadline:
        if worker.poll() is not None:
            break
        time.sleep(0.005)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)

    ben = make_library("ben")  # restart: the outbox survived whatever the kill interrupted
    assert sharing.sync_all(ben)[0].pending == 0
    sharing.sync_all(ana)
    titles = _titles(ana, doc_id)
    assert titles == _titles(ben, doc_id)
    assert len(titles) == len(set(titles)) == 2 + 300


def _pushes(relay: RelayProcess) -> float:
    for line in relay.metrics().splitlines():
        if line.startswith("relay_pushes_total "):
            return float(line.split()[1])
    return 0.0


def test_kill_9_of_the_relay_mid_sync_then_restart_loses_and_doubles_nothing(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, ben, doc_id = _pair(relay_process, make_library)
    load_playlist(ben, "Lots", [spotify_track(n) for n in range(100, 400)], "lots.json")
    for n in range(100, 400):
        sharing.add_track(ben, doc_id, f"spotify:sp{n:020d}")
    before = _pushes(relay_process)
    pushing = threading.Thread(target=_sync_ignoring_failure, args=(ben,))
    pushing.start()
    deadline = time.monotonic() + 30
    while _pushes(relay_process) < before + 20 and time.monotonic() < deadline:
        time.sleep(0.005)
    at_kill = _pushes(relay_process)
    relay_process.kill9()  # somewhere between a push, its durable commit and its ack
    pushing.join(timeout=60)
    assert not pushing.is_alive()
    assert at_kill < before + 300, "the relay must die before the client finished pushing"

    relay_process.start()
    assert sharing.sync_all(ben)[0].pending == 0
    sharing.sync_all(ana)
    titles = _titles(ana, doc_id)
    assert titles == _titles(ben, doc_id)
    assert len(titles) == len(set(titles)) == 2 + 300


def _sync_ignoring_failure(library: Library) -> None:
    with contextlib.suppress(Exception):  # the relay dies under it: a failed sync is expected
        sharing.sync_all(library)
