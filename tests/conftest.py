"""Test-wide isolation: no test touches the user's real profile, keyring or display."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt must never try to open a real display in the test run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The OS keyring is the edge of the world: tests that need one install an in-memory backend.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real export files in ../shared/data (read them from there, never copy them)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"../shared/data is missing at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own profile directory and a known passphrase."""
    home = tmp_path / "profile"
    monkeypatch.setenv("MIXTAPE_HOME", str(home))
    monkeypatch.setenv("MIXTAPE_PASSPHRASE", "correct horse battery staple")
    monkeypatch.delenv("MIXTAPE_DEBUG", raising=False)
