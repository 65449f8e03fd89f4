"""App benchmark (issue 5): a 100,000-track library with 2,000 playlists and 1,000,000 listens
against a 1,000-track library, measured in the same run, offscreen.

* start-up: process start → window shown and interactive (library open, first page of rows on
  screen, event loop answering), in a fresh process each time;
* search-as-you-type: each letter of a few words → the new count and first page shown (p95);
* opening a 10,000-entry playlist → its rows on screen;
* a large import running in the background: the longest gap of a 5 ms heartbeat timer on the
  UI thread (how long the UI could not react).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_app.py [--quick] [--work DIR]

Targets: start-up ≤ 1.5 s, search p95 ≤ 50 ms, playlist ≤ 300 ms, UI stall ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app_library import PASSPHRASE, Size, build, search_words

FULL = Size(100_000, 2_000, 1_000_000)
QUICK = Size(20_000, 400, 100_000)
SMALL = Size(1_000, 20, 10_000)


def _wait(app: Any, done: Any, timeout: float = 60.0) -> None:
    end = time.perf_counter() + timeout
    while not done():
        app.processEvents()
        time.sleep(0.0005)
        if time.perf_counter() > end:
            raise TimeoutError("the benchmark waited too long")


# -- start-up (child process) ----------------------------------------------------------------
def child_startup(profile_dir: str, started: float) -> None:
    key = os.environ.get("BENCH_KEYRING_KEY")
    if key:  # a desktop with a keyring: the key comes from it, no passphrase derivation
        _memory_keyring(profile_dir, key)
    from PySide6.QtWidgets import QApplication

    from app.gui.launch import LibraryOpener
    from app.gui.main_window import MainWindow
    from app.gui.tasks import TaskRunner
    from store import Profile

    app = QApplication([])
    tasks = TaskRunner(app)
    window = MainWindow(tasks)
    opener = LibraryOpener(window, Profile.resolve(profile_dir), PASSPHRASE)
    window.show()
    opener.start()
    _wait(app, lambda: window.library_model.total > 0 and window.library_model.row_at(0))
    ping = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: ping.append(1))  # the event loop answers: interactive
    _wait(app, lambda: bool(ping))
    elapsed = time.time() - started
    print(json.dumps({"startup": elapsed}))
    sys.stdout.flush()
    tasks.shutdown()
    if opener.library is not None:
        opener.library.close()
    os._exit(0)  # skip teardown: only the start matters here


def _memory_keyring(profile_dir: str, key: str) -> None:
    import keyring
    import keyring.backend

    from store import Profile

    class MemoryKeyring(keyring.backend.KeyringBackend):
        priority = 10  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.entries.pop((service, username), None)

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    from store.secrets import KeyringSecrets

    secrets = KeyringSecrets.available()
    assert secrets is not None
    secrets.set(Profile.resolve(profile_dir).keyring_user, key)


def startup(profile_dir: Path, runs: int, key: str | None = None) -> float:
    """Median start-up; with ``key`` the library's key is in the (simulated) OS keyring."""
    env = dict(os.environ)
    if key:
        env["BENCH_KEYRING_KEY"] = key
    times = []
    for _ in range(runs):
        # The clock starts before the process is spawned: interpreter start-up counts too.
        out = subprocess.run(
            [sys.executable, __file__, "--child-startup", str(profile_dir), str(time.time())],
            capture_output=True, text=True, check=True, timeout=120, env=env,
        )  # fmt: skip
        times.append(json.loads(out.stdout.strip().splitlines()[-1])["startup"])
    return statistics.median(times)


# -- in-process measurements -----------------------------------------------------------------
def search_p95(app: Any, library: Any) -> tuple[float, float]:
    from app.gui.library_model import LibraryModel
    from app.gui.tasks import TaskRunner

    tasks = TaskRunner()
    model = LibraryModel(tasks)
    model.set_source(library.tracks)
    _wait(app, lambda: not model.loading)
    latencies = []
    for word in search_words():
        for n in range(1, len(word) + 1):
            start = time.perf_counter()
            model.set_query(word[:n])
            model.flush()
            _wait(app, lambda: not model.loading)
            model.data(model.index(0, 0))  # the first row is on screen
            latencies.append(time.perf_counter() - start)
        model.set_query("")
        model.flush()
        _wait(app, lambda: not model.loading)
    tasks.shutdown()
    latencies.sort()
    return latencies[int(len(latencies) * 0.95) - 1], statistics.median(latencies)


def open_playlist(app: Any, library: Any, runs: int = 5) -> float:
    from app.gui.playlists.editor import PlaylistEditor
    from app.gui.playlists.view import PlaylistsView
    from app.gui.tasks import TaskRunner

    tasks = TaskRunner()
    view = PlaylistsView(tasks, PlaylistEditor())
    view.resize(1100, 700)
    view.show()
    loaded: list[int] = []
    view.listLoaded.connect(lambda: loaded.append(1))
    view.set_library(library)
    _wait(app, lambda: bool(loaded))
    rows = view.list_model.rows()
    big = next(r for r in rows if r.name == "The big one")
    other = next(r for r in rows if r.name != "The big one")
    opened: list[int] = []
    view.entriesLoaded.connect(opened.append)
    times = []
    for _ in range(runs):
        view.open_playlist(other.id)
        _wait(app, lambda: opened[-1:] == [other.id])
        start = time.perf_counter()
        view.open_playlist(big.id)
        _wait(app, lambda: opened[-1:] == [big.id])
        app.processEvents()  # paint
        times.append(time.perf_counter() - start)
    tasks.shutdown()
    view.close()
    return statistics.median(times)


def import_stall(app: Any, library: Any, files: list[Path]) -> tuple[float, float]:
    """Longest heartbeat gap (UI thread) while ``files`` import in the background."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    from app.gui.imports import ImportController
    from app.gui.tasks import TaskRunner

    tasks = TaskRunner()
    parent = QWidget()
    controller = ImportController(tasks, parent, lambda: library)
    finished: list[Any] = []
    controller.finished.connect(finished.append)
    beats: list[float] = []
    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    start = time.perf_counter()
    controller.start(files)
    while not finished:
        app.processEvents()
        time.sleep(0.001)
    took = time.perf_counter() - start
    heartbeat.stop()
    tasks.shutdown()
    if controller.summary is not None:
        controller.summary.close()
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    return max(gaps, default=0.0), took


def measure(work: Path, size: Size, plays: int, runs: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from store import Profile, open_library

    t = time.perf_counter()
    profile_dir = build(work, size)
    print(f"  library {size.name} ready in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    app = QApplication.instance() or QApplication([])
    library = open_library(Profile.resolve(profile_dir), PASSPHRASE)
    result = {
        "startup_s": startup(profile_dir, runs, library.key.hex()),
        "startup_passphrase_s": startup(profile_dir, runs),
    }
    try:
        result["search_p95_s"], result["search_median_s"] = search_p95(app, library)
        result["open_playlist_s"] = open_playlist(app, library)
    finally:
        library.close()
    # The import writes, so it goes into a copy: the cached library stays as generated.
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        copy = Path(tmp) / "library"
        shutil.copytree(profile_dir, copy)
        library = open_library(Profile.resolve(copy), PASSPHRASE)
        try:
            files = import_files(work, plays)
            result["import_max_stall_s"], result["import_s"] = import_stall(app, library, files)
        finally:
            library.close()
    return result


def import_files(work: Path, plays: int) -> list[Path]:
    from bench_import import generate  # the real file's shape, from the import benchmark

    folder = work / f"history-{plays}"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        generate(folder, plays)
    return sorted(folder.glob("*.json"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 tracks; fewer repeats")
    parser.add_argument("--work", type=Path, help="where generated libraries are kept")
    parser.add_argument("--child-startup", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_startup:
        child_startup(args.child_startup[0], float(args.child_startup[1]))
        return
    big = QUICK if args.quick else FULL
    plays, runs = (30_000, 3) if args.quick else (150_000, 5)
    work = args.work or Path(tempfile.gettempdir()) / "mixtape-bench-app"
    results = {}
    for label, size in (("small", SMALL), ("large", big)):
        print(f"measuring the {label} library…", file=sys.stderr)
        results[label] = measure(work, size, plays, runs)
    targets = {"startup_s": 1.5, "startup_passphrase_s": 1.5, "search_p95_s": 0.05,
               "open_playlist_s": 0.3, "import_max_stall_s": 0.1}  # fmt: skip
    print(f"{'':22} {'1,000 tracks':>14} {big.tracks:>13,} tracks {'target':>8}")
    keys = ("startup_s", "startup_passphrase_s", "search_p95_s", "search_median_s",
            "open_playlist_s", "import_max_stall_s", "import_s")  # fmt: skip
    for key in keys:
        small, large = results["small"][key], results["large"][key]
        target = targets.get(key)
        mark = "" if target is None else ("  ok" if large <= target else "  MISS")
        limit = f"{target * 1000:.0f} ms" if target else ""
        print(f"{key:22} {small * 1000:11.0f} ms {large * 1000:14.0f} ms {limit:>8}{mark}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
