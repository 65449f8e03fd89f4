"""``mixtape --self-test`` from source (``make package-test`` runs it in the frozen app)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import selftest

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_every_check_passes_and_the_report_says_so(qapp: Any, tmp_path: Path) -> None:
    code, document, path = selftest.run(tmp_path / "report.json")
    failed = {c["name"]: c["error"] for c in document["checks"] if not c["ok"]}
    assert code == 0, failed
    assert json.loads(path.read_text()) == json.loads(json.dumps(document, default=str))
    names = [c["name"] for c in document["checks"]]
    assert names == [
        "sqlcipher",
        "annoy",
        "numeric",
        "crdt_envelope",
        "keyring",
        "window",
        "single_instance",
    ]
    assert document["frozen"] is False
    sqlcipher = next(c for c in document["checks"] if c["name"] == "sqlcipher")
    assert sqlcipher["detail"]["wrong_key_refused"] is True


def test_a_failing_check_fails_the_run(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[str, Any]:
        raise selftest.CheckFailed("simulated")

    monkeypatch.setattr(selftest, "check_numeric", broken)
    code, document, _ = selftest.run(tmp_path / "r.json")
    assert code == 1
    assert document["ok"] is False
    assert [c["error"] for c in document["checks"] if not c["ok"]] == ["CheckFailed: simulated"]


def test_the_keyring_check_fails_when_a_real_keyring_was_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring.backends.fail

    class Native:
        priority = 5

    module = type(sys)("fake_native_keyring")
    module.Keyring = Native  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_native_keyring", module)
    monkeypatch.setitem(selftest._NATIVE_KEYRING, sys.platform, ("fake_native_keyring", "Keyring"))
    monkeypatch.setattr("keyring.get_keyring", lambda: keyring.backends.fail.Keyring())
    with pytest.raises(selftest.CheckFailed, match="real keyring"):
        selftest.check_keyring()


@pytest.mark.slow
def test_the_command_line_exits_zero_and_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "st.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.cli import main; sys.exit(main())",
            "--self-test",
            "--report",
            str(report),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(report.read_text())["ok"] is True
    assert "all checks passed" in done.stdout
