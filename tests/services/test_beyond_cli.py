"""`mixtape recommend --for-you --beyond` against the fake ListenBrainz, in process."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from store import Profile, open_library
from tests.fakes.clock import FakeClock
from tests.fakes.listenbrainz import FakeListenBrainz
from tests.services.beyond_support import seed_history, seed_listenbrainz


@pytest.fixture
def lb_env(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeListenBrainz]:
    server = FakeListenBrainz(clock).start()
    seed_listenbrainz(server)
    for name, value in server.environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MIXTAPE_LASTFM_API_KEY", raising=False)
    profile = Profile.resolve(Path(os.environ["MIXTAPE_HOME"]))
    library = open_library(profile, os.environ["MIXTAPE_PASSPHRASE"])
    try:
        seed_history(library)
    finally:
        library.close()
    yield server
    server.stop()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    code = main(["--json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def test_beyond_asks_for_consent_then_suggests_and_caches(
    capsys: pytest.CaptureFixture[str], lb_env: FakeListenBrainz
) -> None:
    code, doc, err = run(capsys, "recommend", "--for-you", "--beyond")
    assert code == 2
    assert err.startswith("error: looking up similar music sends")
    assert "Traceback" not in err
    assert doc == {}
    assert lb_env.requests == []

    code, doc, err = run(
        capsys, "recommend", "--for-you", "--beyond", "--allow-lookup", "listenbrainz", "-n", "5"
    )
    assert code == 0, err
    items = doc["items"]
    assert isinstance(items, list)
    assert 0 < len(items) <= 5
    assert items[0]["title"] == "Common Ground"
    assert items[0]["reason"] == "similar to “Low Tide” on ListenBrainz"
    for item in items:
        assert {"title", "artists", "score", "reason", "members", "sources"} <= set(item)
        assert item["members"] == []  # not in the library yet
    assert doc["skipped"] == {"lastfm": "no consent to look up similar music"}
    sent = len(lb_env.requests)
    assert sent > 0

    code, again, err = run(capsys, "recommend", "--for-you", "--beyond", "-n", "5")
    assert code == 0, err
    assert again["items"] == items  # the consent is remembered; the answers were cached
    assert len(lb_env.requests) == sent
    assert again["requests"] == {"listenbrainz": 0}

    code, _doc, err = run(
        capsys, "recommend", "--for-you", "--beyond", "--no-lookup", "listenbrainz"
    )
    assert code == 2  # the consent is taken back: nothing may be looked up any more
    assert "--allow-lookup" in err
    assert len(lb_env.requests) == sent


def test_beyond_goes_with_for_you_only(
    capsys: pytest.CaptureFixture[str], lb_env: FakeListenBrainz
) -> None:
    code, _doc, err = run(capsys, "recommend", "--rediscover", "--beyond")
    assert code == 2
    assert "--for-you" in err
    code, _doc, err = run(capsys, "recommend", "--for-you", "--beyond", "--allow-lookup", "spotify")
    assert code == 2
    assert "lastfm or listenbrainz" in err
    assert lb_env.requests == []
