"""`mixtape connect apple_music / sync / transfer / disconnect` against the fake, in process.

The MusicKit page is opened through ``webbrowser`` with ``BROWSER`` pointing at a fake browser
that posts a Music User Token; the developer token is made from a ``.p8`` key; endpoints come
from ``MIXTAPE_APPLE_MUSIC_*_URL``; the keyring is in memory.
"""

from __future__ import annotations

import json
import sys
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.cli import main
from tests.fakes.apple_music import USER_TOKEN, FakeAppleMusic
from tests.store.support import MemoryKeyring

BROWSER = Path(__file__).resolve().parents[1] / "fakes" / "musickit_browser.py"
TEAM_ID, KEY_ID = "TEAM123456", "KEY7890ABC"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def apple(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAppleMusic]:
    server = FakeAppleMusic().start()
    server.seed_library(30)
    server.add_playlist("p.road", "Road trip", [5, 6, 7])
    for name, value in server.environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BROWSER", f"{sys.executable} {BROWSER} %s")
    monkeypatch.setenv("FAKE_MUSIC_USER_TOKEN", USER_TOKEN)
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    yield server
    server.stop()


def _key_file(tmp_path: Path) -> tuple[Path, ec.EllipticCurvePublicKey]:
    path = tmp_path / f"AuthKey_{KEY_ID}.p8"
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path, key.public_key()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    code = main(["--json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def test_connect_with_a_musickit_key_sync_transfer_and_disconnect(
    capsys: pytest.CaptureFixture[str],
    apple: FakeAppleMusic,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    key_file, public_key = _key_file(tmp_path)
    apple.developer_key = public_key  # the fake checks the signature Mixtape makes
    code, doc, err = run(
        capsys,
        "connect",
        "apple_music",
        "--key-file",
        str(key_file),
        "--team-id",
        TEAM_ID,
        "--key-id",
        KEY_ID,
        "--allow-import",
        "--allow-write-back",
        "--timeout",
        "20",
    )
    assert code == 0, err
    assert doc["account"] == "library"
    assert doc["consents"] == {"import": True, "write_back": True}
    assert apple.developer_token.count(".") == 2  # a JWT Mixtape signed
    assert apple.developer_token not in err
    assert USER_TOKEN not in err
    assert [k for k in memory_keyring.entries if "apple_music" in k[1]]  # the keyring only

    code, doc, err = run(capsys, "sync", "apple_music")
    assert code == 0, err
    assert {j["stream"] for j in doc["jobs"]} == {  # type: ignore[union-attr]
        "library_songs",
        "playlists",
        "recent_plays",
    }
    assert {j["status"] for j in doc["jobs"]} == {"done"}  # type: ignore[union-attr]

    apple.add_to_catalog(5, 6, 7)
    code, doc, err = run(capsys, "transfer", "--playlist", "Road trip", "--to", "apple_music")
    assert code == 0, err
    assert doc["dry_run"] is True
    assert doc["summary"] == {"same_service": 3}
    assert "cannot remove or reorder" in str(doc["caveat"])
    assert apple.writes == []

    code, doc, err = run(capsys, "disconnect", "apple_music")
    assert code == 0, err
    assert doc["removed"]
    assert not [k for k in memory_keyring.entries if "apple_music" in k[1]]


def test_connect_without_a_developer_token_says_what_to_set(
    capsys: pytest.CaptureFixture[str], apple: FakeAppleMusic, memory_keyring: MemoryKeyring
) -> None:
    code, _, err = run(capsys, "connect", "apple_music", "--allow-import")
    assert code == 2
    assert "MIXTAPE_APPLE_MUSIC_DEVELOPER_TOKEN" in err
    assert err.count("\n") == 1  # one line, no traceback
    assert apple.requests == []
