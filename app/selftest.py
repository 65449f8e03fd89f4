"""``mixtape --self-test``: prove this installation works, from source or frozen.

Every compiled dependency is exercised for real (SQLCipher, Annoy, numpy/scipy/implicit,
pycrdt, cryptography), the keyring backend in use is reported, a window is opened and closed
offscreen and a link makes a round trip through the single-instance channel. The result is a
JSON report (``--report PATH``, default in the temp folder); the exit code is non-zero when any
check failed. Nothing here touches the user's profile, library or keyring entries.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPORT_NAME = "mixtape-self-test.json"

Detail = dict[str, Any]


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float
    detail: Detail = field(default_factory=dict)
    error: str = ""


class CheckFailed(Exception):
    """A check ran and found something wrong."""


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def default_report_path() -> Path:
    return Path(tempfile.gettempdir()) / REPORT_NAME


# -- checks --------------------------------------------------------------------------------------


def check_sqlcipher(work: Path) -> Detail:
    import sqlcipher3

    from store.database import DBAPIError, connect_raw, create_empty, verify_key
    from store.errors import WrongPassphrase

    path = work / "selftest.db"
    key, wrong = secrets.token_bytes(32), secrets.token_bytes(32)
    create_empty(path, key)
    conn = connect_raw(path, key)
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()
        conn.execute("CREATE TABLE t(x TEXT)")
        conn.execute("INSERT INTO t VALUES ('round trip ✓')")
        conn.execute("CREATE VIRTUAL TABLE f USING fts5(title)")
        conn.execute("INSERT INTO f VALUES ('Mixtape self test')")
    finally:
        conn.close()
    if path.read_bytes()[:16] == b"SQLite format 3\x00":
        raise CheckFailed("the database file is not encrypted")
    try:
        verify_key(path, wrong)
    except WrongPassphrase:
        pass
    else:
        raise CheckFailed("a wrong key opened the database")
    conn = connect_raw(path, key)
    try:
        value = conn.execute("SELECT x FROM t").fetchone()[0]
        hits = conn.execute("SELECT count(*) FROM f WHERE f MATCH 'self'").fetchone()[0]
    except DBAPIError as e:
        raise CheckFailed(f"the right key did not open the database ({e})") from e
    finally:
        conn.close()
    if value != "round trip ✓" or hits != 1:
        raise CheckFailed(f"read back {value!r}, {hits} search hits")
    return {
        "cipher_version": version[0] if version else None,
        "sqlite": sqlcipher3.sqlite_version,
        "wrong_key_refused": True,
        "fts5": True,
    }


def check_annoy(work: Path) -> Detail:
    import numpy as np
    from annoy import AnnoyIndex

    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((500, 32)).astype("float32")
    index = AnnoyIndex(32, "angular")
    for i, v in enumerate(vectors):
        index.add_item(i, v.tolist())
    index.build(10, n_jobs=1)
    path = work / "selftest.ann"
    index.save(str(path))
    loaded = AnnoyIndex(32, "angular")
    loaded.load(str(path))  # memory-mapped, as the recommender loads it
    neighbours = loaded.get_nns_by_item(42, 5)
    loaded.unload()
    if not neighbours or neighbours[0] != 42:
        raise CheckFailed(f"nearest neighbour of 42 is {neighbours[:1]}")
    return {"items": 500, "neighbours_of_42": neighbours, "module": _origin("annoy")}


def check_numeric() -> Detail:
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import svds

    rng = np.random.default_rng(3)
    matrix = sp.random(60, 40, density=0.2, format="csr", random_state=rng, dtype=np.float32)
    _, s, _ = svds(matrix, k=4)
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # as recommender.models.als does
        model = AlternatingLeastSquares(
            factors=8, iterations=2, random_state=1, num_threads=1, calculate_training_loss=False
        )
        model.fit(matrix, show_progress=False)
    if model.item_factors.shape != (40, 8) or not np.all(np.isfinite(s)):
        raise CheckFailed("ALS/SVD produced unexpected results")
    from rapidfuzz import fuzz

    score = fuzz.ratio("Bohemian Rhapsody", "Bohemian Rhapsody - Remastered")
    try:
        from threadpoolctl import threadpool_info

        blas = [
            {"api": x.get("internal_api"), "threads": x.get("num_threads")}
            for x in threadpool_info()
        ]
    except Exception:  # threadpoolctl is optional
        blas = []
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:  # YouTube's quota day is a Pacific-time day; Windows has no system tz database
        summer = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(ZoneInfo("America/Los_Angeles"))
    except ZoneInfoNotFoundError as e:
        raise CheckFailed("no time-zone data (the tzdata package is missing)") from e
    if summer.utcoffset() != timedelta(hours=-7):
        raise CheckFailed(f"wrong time-zone data: Pacific summer time is {summer.utcoffset()}")
    return {
        "numpy": np.__version__,
        "blas": blas,
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "rapidfuzz_ratio": round(float(score), 1),
        "tz_pacific_summer": str(summer.utcoffset()),
    }


def check_crdt_envelope() -> Detail:
    import pycrdt

    from sync.crypto import DeviceKeys, new_epoch_key
    from sync.document import PlaylistDoc
    from sync.envelope import Header, Kind, check_signature, decrypt, parse, seal_envelope
    from sync.errors import EnvelopeRejected

    first, second = PlaylistDoc(client_id=1), PlaylistDoc(client_id=2)
    update = first.set_meta("name", "Self-test mix ♫")
    device, key = DeviceKeys.generate(), new_epoch_key()
    header = Header(Kind.UPDATE, "selftest-doc", 1, 1, device.public)
    envelope = seal_envelope(header, update, key, device)
    parsed = parse(envelope)
    check_signature(parsed)
    second.apply(decrypt(parsed, key))
    if second.name != "Self-test mix ♫":
        raise CheckFailed(f"the update round trip gave {second.name!r}")
    tampered = bytearray(envelope)
    tampered[len(tampered) // 2] ^= 1
    for bad, what in ((bytes(tampered), "tampered"), (envelope, "wrong key")):
        try:
            p = parse(bad)
            check_signature(p)
            decrypt(p, new_epoch_key() if what == "wrong key" else key)
        except EnvelopeRejected:
            continue
        raise CheckFailed(f"a {what} envelope was accepted")
    import cryptography

    return {
        "pycrdt": getattr(pycrdt, "__version__", "?"),
        "cryptography": cryptography.__version__,
        "update_bytes": len(update),
        "envelope_bytes": len(envelope),
    }


#: The OS keyring each platform has (module, class); if it is usable, it must be the one in use.
_NATIVE_KEYRING = {
    "darwin": ("keyring.backends.macOS", "Keyring"),
    "win32": ("keyring.backends.Windows", "WinVaultKeyring"),
    "linux": ("keyring.backends.SecretService", "Keyring"),
}


def check_keyring() -> Detail:
    import keyring

    from store.secrets import backend_description, is_safe_backend

    backend = keyring.get_keyring()
    safe = is_safe_backend(backend)
    detail: Detail = {"backend": backend_description(), "safe": safe}
    native = _NATIVE_KEYRING.get(sys.platform)
    if native is None:
        return detail
    module_name, class_name = native
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        if is_frozen():
            raise CheckFailed(f"{module_name} is missing from the frozen app ({e})") from e
        detail["native"] = f"{module_name} not importable"
        return detail
    try:
        priority = getattr(module, class_name).priority
        viable = float(priority) > 0
    except Exception as e:  # keyring backends raise to say "not here" (no D-Bus service…)
        viable, detail["native_unavailable"] = False, f"{type(e).__name__}: {e}"
    detail["native_viable"] = viable
    if viable and not safe:
        raise CheckFailed(
            f"a real keyring ({module_name}) exists but keyring chose {detail['backend']}; "
            "its backends were not found (frozen app missing keyring's entry points?)"
        )
    return detail


def _qt_app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    return app


def _spin(app: Any, until: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not until():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.005)
    return True


def check_window() -> Detail:
    app = _qt_app()
    from PySide6.QtWidgets import QLabel, QMainWindow

    from app.gui.icons import app_icon

    icon = app_icon()
    window = QMainWindow()
    window.setWindowTitle("Mixtape self-test")
    window.setWindowIcon(icon)
    window.setCentralWidget(QLabel("Mixtape self-test", window))
    window.resize(480, 320)
    window.show()
    exposed = _spin(
        app,
        lambda: window.windowHandle() is not None and window.windowHandle().isExposed(),
        10,
    )
    size = (window.width(), window.height())
    window.close()
    window.deleteLater()
    app.processEvents()
    if not exposed:
        raise CheckFailed("the window was never shown")
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise CheckFailed("the app icon did not render (Qt SVG missing?)")
    return {"platform": app.platformName(), "size": list(size), "qt": _qt_version()}


def _qt_version() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"PySide6 {pyside_version}, Qt {qVersion()}"


def check_single_instance() -> Detail:
    app = _qt_app()
    from app.gui.single_instance import LinkServer, hand_off
    from sync.invites import InviteLink

    link = InviteLink(
        relay_url="wss://relay.example.org",
        doc_id="selftest-doc",
        epoch=1,
        key=secrets.token_bytes(32),
        owner=secrets.token_bytes(32),
        invite_id="0123456789abcdef",
        secret=secrets.token_bytes(24),
        expires_at=int(time.time() * 1000) + 60_000,
        name="Self-test",
    ).to_url()
    server = LinkServer(f"mixtape-selftest-{os.getpid()}-{secrets.token_hex(4)}")
    if not server.listen():
        raise CheckFailed(f"cannot listen: {server.server.errorString()}")
    received: list[str] = []
    server.linkReceived.connect(received.append)
    try:
        acknowledged = hand_off(server.name, ["mixtape://evil?x=1", link])
        _spin(app, lambda: bool(received), 5)
    finally:
        server.close()
    if not acknowledged:
        raise CheckFailed(f"the hand-off was not acknowledged; received {len(received)} links")
    if received != [link]:
        raise CheckFailed(f"received {received!r}; expected only the valid link")
    return {"server": server.name, "links_sent": 2, "links_accepted": 1}


# -- running -------------------------------------------------------------------------------------


def _origin(module: str) -> str:
    found = sys.modules.get(module)
    return str(getattr(found, "__file__", "")) if found else ""


def run(report: Path | None = None) -> tuple[int, Detail, Path]:
    """Run every check; returns (exit code, report, report path)."""
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="mixtape-selftest-") as folder:
        work = Path(folder)
        checks: list[tuple[str, Callable[[], Detail]]] = [
            ("sqlcipher", lambda: check_sqlcipher(work)),
            ("annoy", lambda: check_annoy(work)),
            ("numeric", check_numeric),
            ("crdt_envelope", check_crdt_envelope),
            ("keyring", check_keyring),
            ("window", check_window),
            ("single_instance", check_single_instance),
        ]
        for name, check in checks:
            t0 = time.perf_counter()
            try:
                detail = check()
                outcomes.append(Outcome(name, True, round(time.perf_counter() - t0, 3), detail))
            except Exception as e:
                outcomes.append(
                    Outcome(
                        name,
                        False,
                        round(time.perf_counter() - t0, 3),
                        {"traceback": traceback.format_exc(limit=6)},
                        f"{type(e).__name__}: {e}",
                    )
                )
    ok = all(o.ok for o in outcomes)
    document: Detail = {
        "ok": ok,
        "app_version": _app_version(),
        "frozen": is_frozen(),
        "executable": sys.executable,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "seconds": round(time.perf_counter() - started, 3),
        "checks": [o.__dict__ for o in outcomes],
    }
    path = report or default_report_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
    return (0 if ok else 1), document, path


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("mixtape")
    except Exception:
        return "unknown"
