"""`mixtape connect / sync / status / disconnect` against the fake Spotify, in process.

The browser is opened through ``webbrowser`` with ``BROWSER`` pointing at a fake browser that
approves the sign-in; endpoints come from ``MIXTAPE_SPOTIFY_*_URL``; the keyring is in memory.
"""

from __future__ import annotations

import json
import sys
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.cli import main
from tests.fakes.spotify import FakeSpotify, make_track
from tests.store.support import MemoryKeyring

BROWSER = Path(__file__).resolve().parents[1] / "fakes" / "browser.py"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def cli_env(fake: FakeSpotify, monkeypatch: pytest.MonkeyPatch) -> FakeSpotify:
    for name, value in fake.environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BROWSER", f"{sys.executable} {BROWSER} %s")
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return fake


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    code = main(["--json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def test_connect_sync_park_status_disconnect(
    capsys: pytest.CaptureFixture[str], cli_env: FakeSpotify, memory_keyring: MemoryKeyring
) -> None:
    fake = cli_env
    code, doc, err = run(
        capsys,
        "connect",
        "spotify",
        "--client-id",
        fake.client_id,
        "--allow-import",
        "--timeout",
        "20",
    )
    assert code == 0, err
    assert doc["account"] == "wizzler"
    assert doc["consents"] == {"import": True}

    code, doc, err = run(capsys, "sync", "spotify")
    assert code == 0, err
    assert {j["status"] for j in doc["jobs"]} == {"done"}  # type: ignore[union-attr]

    fake.fail_next(1, 429, {"Retry-After": "86400"})
    code, doc, err = run(capsys, "sync")
    assert code == 0, err  # parked is not an error
    code, status, _ = run(capsys, "status")
    (account,) = status["accounts"]  # type: ignore[misc]
    assert account["state"] == "paused"
    assert account["reason"] == "rate_limited"
    assert account["paused_until"] is not None
    assert status["saved_items"] == 120

    tokens_before = dict(memory_keyring.entries)
    assert any("spotify:oauth" in user for _, user in tokens_before)
    code, doc, err = run(capsys, "disconnect", "spotify")
    assert code == 0, err
    assert not any("spotify:oauth" in user for _, user in memory_keyring.entries)
    assert run(capsys, "status")[1]["accounts"] == []


def test_connect_needs_a_consent_decision_when_not_interactive(
    capsys: pytest.CaptureFixture[str], cli_env: FakeSpotify, memory_keyring: MemoryKeyring
) -> None:
    code, _, err = run(capsys, "connect", "spotify", "--client-id", cli_env.client_id)
    assert code == 2
    assert err.startswith("error:")
    assert "--allow-import" in err
    assert cli_env.requests == []


def test_without_an_os_keyring_connect_refuses_to_keep_tokens(
    capsys: pytest.CaptureFixture[str], cli_env: FakeSpotify
) -> None:
    code, _, err = run(capsys, "connect", "spotify", "--client-id", "x", "--allow-import")
    assert code == 4
    assert "keyring" in err
    assert cli_env.requests == []


def test_a_sign_in_that_times_out_exits_4_and_saves_nothing(
    capsys: pytest.CaptureFixture[str],
    cli_env: FakeSpotify,
    memory_keyring: MemoryKeyring,
) -> None:
    cli_env.tamper_state = True
    code, _, err = run(
        capsys,
        "connect",
        "spotify",
        "--client-id",
        cli_env.client_id,
        "--allow-import",
        "--timeout",
        "1",
    )
    assert code == 4
    assert "timed out" in err
    assert not any("spotify:oauth" in user for _, user in memory_keyring.entries)


def test_transfer_is_a_dry_run_by_default_and_writes_with_write(
    capsys: pytest.CaptureFixture[str], cli_env: FakeSpotify, memory_keyring: MemoryKeyring
) -> None:
    fake = cli_env
    code, _, err = run(
        capsys,
        "connect",
        "spotify",
        "--client-id",
        fake.client_id,
        "--allow-import",
        "--allow-write-back",
        "--timeout",
        "20",
    )
    assert code == 0, err
    assert run(capsys, "sync", "spotify")[0] == 0
    fake.add_to_catalog(*(make_track(n) for n in range(3)))  # "Morning" holds tracks 0-2
    code, doc, err = run(capsys, "transfer", "--playlist", "Morning", "--to", "spotify")
    assert code == 0, err
    assert doc["dry_run"] is True
    assert doc["summary"] == {"same_service": 3}
    assert fake.writes == []
    code, doc, err = run(capsys, "transfer", "--playlist", "Morning", "--to", "spotify", "--write")
    assert code == 0, err
    assert (doc["written"], doc["verified"]) == (3, True)
