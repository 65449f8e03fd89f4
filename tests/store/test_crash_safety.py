"""A kill -9 at any moment leaves a library that opens, is intact, and holds whole batches."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import Profile, open_library
from store.database import integrity_problems
from tests.store.support import PASSPHRASE

WRITER = """
import sys
from store import Profile, open_library
from tests.store.support import PASSPHRASE, listens

lib = open_library(Profile.resolve(sys.argv[1]), PASSPHRASE)
for b in range(3):
    with lib.begin_import("crash", f"batch{b}", f"hash{b}") as w:
        for listen in listens(5000, start=b * 5000):
            w.add(listen)
print("complete", flush=True)
with lib.begin_import("crash", "big", "hash-big") as w:
    for i, listen in enumerate(listens(400_000, start=100_000)):
        w.add(listen)
        if (i + 1) % 10_000 == 0:
            print("chunk", flush=True)
print("finished", flush=True)
"""


def _run_and_kill(profile: Profile, chunks_before_kill: int, extra_delay: float) -> None:
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(profile.dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        if line.strip() == "chunk":
            seen += 1
            if seen >= chunks_before_kill:
                break
        assert line.strip() != "finished", "the writer finished before it could be killed"
    time.sleep(extra_delay)  # land somewhere inside the next chunk's transaction
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize(("chunks", "delay"), [(1, 0.0), (3, 0.05), (5, 0.13)])
def test_kill_9_during_a_bulk_import_keeps_only_whole_batches(
    tmp_path: Path, chunks: int, delay: float
) -> None:
    profile = Profile.resolve(tmp_path / "lib")
    open_library(profile, PASSPHRASE).close()
    _run_and_kill(profile, chunks, delay)

    lib = open_library(profile, PASSPHRASE)  # opening finishes the interrupted rollback
    try:
        assert integrity_problems(profile.db_path, lib.key) == []
        status = lib.status()
        assert status["listens"] == 3 * 5000, "only the three completed batches remain"
        assert status["import_batches"] == 3
        with lib.read() as db:
            assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 3
            orphans = db.execute(
                "SELECT count(*) FROM listen WHERE batch_id NOT IN (SELECT id FROM import_batch)"
            ).fetchone()[0]
            assert orphans == 0
    finally:
        lib.close()
