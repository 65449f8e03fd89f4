"""`mixtape connect youtube_music / sync / status / disconnect` in process, against the fake
YouTube: the browser is opened through ``webbrowser`` with ``BROWSER`` set to the fake browser,
endpoints come from ``MIXTAPE_YOUTUBE_MUSIC_*_URL``, the client secret from the environment."""

from __future__ import annotations

import json
import sys
import webbrowser
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest

from app.cli import main
from connectors._jobs import next_pacific_midnight
from tests.fakes.youtube import CHANNEL_ID, FakeYouTube
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
def yt(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeYouTube]:
    server = FakeYouTube().start()
    server.add_playlist("PLmix", "Mix", server.add_videos(0, 4))
    server.liked = server.add_videos(10, 2)
    for name, value in server.environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MIXTAPE_YOUTUBE_MUSIC_SECRET", server.client_secret)
    monkeypatch.setenv("BROWSER", f"{sys.executable} {BROWSER} %s")
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    yield server
    server.stop()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    code = main(["--json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def test_connect_sync_quota_pause_status_disconnect(
    capsys: pytest.CaptureFixture[str], yt: FakeYouTube, memory_keyring: MemoryKeyring
) -> None:
    code, doc, err = run(
        capsys,
        "connect",
        "youtube_music",
        "--client-id",
        yt.client_id,
        "--allow-import",
        "--timeout",
        "20",
    )
    assert code == 0, err
    assert doc["account"] == CHANNEL_ID
    assert yt.client_secret not in err

    code, doc, err = run(capsys, "sync", "youtube_music")
    assert code == 0, err
    assert {j["status"] for j in doc["jobs"]} == {"done"}  # type: ignore[union-attr]

    code, doc, err = run(capsys, "transfer", "--playlist", "Mix", "--to", "youtube_music")
    assert code == 0, err
    assert (doc["dry_run"], doc["summary"]) == (True, {"same_service": 4})

    yt.quota_limit = yt.units_used  # the project's quota is gone for today
    yt.playlists["PLmix"].items.pop()
    code, doc, err = run(capsys, "sync")
    assert code == 0, err  # parked is not an error
    code, status, _ = run(capsys, "status")
    (account,) = status["accounts"]  # type: ignore[misc]
    assert (account["state"], account["reason"]) == ("paused", "quota_used")
    midnight = next_pacific_midnight(datetime.now(UTC)).astimezone(UTC)
    assert account["paused_until"] == midnight.strftime("%Y-%m-%dT%H:%M:%SZ")  # in Los Angeles

    refresh = [t for t in yt.refresh_tokens]
    code, doc, err = run(capsys, "disconnect", "youtube_music")
    assert code == 0, err
    assert yt.revoked == refresh
    assert not any("youtube_music" in user for _, user in memory_keyring.entries)
    assert run(capsys, "status")[1]["accounts"] == []


def test_connect_without_the_client_secret_is_one_clear_line(
    capsys: pytest.CaptureFixture[str],
    yt: FakeYouTube,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MIXTAPE_YOUTUBE_MUSIC_SECRET")
    code, _, err = run(
        capsys, "connect", "youtube_music", "--client-id", yt.client_id, "--allow-import"
    )
    assert code == 2
    assert "MIXTAPE_YOUTUBE_MUSIC_SECRET" in err
    assert "Traceback" not in err
    assert yt.requests == []


def test_a_transfer_that_runs_out_of_quota_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], yt: FakeYouTube, memory_keyring: MemoryKeyring
) -> None:
    connect = ["connect", "youtube_music", "--client-id", yt.client_id, "--allow-import"]
    code, _, err = run(capsys, *connect, "--allow-write-back", "--daily-quota", "160")
    assert code == 0, err
    assert run(capsys, "sync", "youtube_music")[0] == 0  # 1 + liked 1 + list 1 + Mix 2 = 6
    transfer = ["transfer", "--playlist", "Mix", "--to", "youtube_music", "--write"]
    code, _, err = run(capsys, *transfer)  # 1 (find) + 50 (create) + 2 × 50: the 3rd is over
    assert code == 4
    assert "quota is used up" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    (copy,) = [p for p in yt.playlists.values() if p.id != "PLmix"]
    assert len(copy.items) == 2
