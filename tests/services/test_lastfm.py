"""Last.fm against its fake: desktop auth (token → browser approval → session key), scrobbles
from a ``from`` cursor, loved tracks, error 29."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.service_kinds import Credentials
from app.core.syncing import Services
from connectors.errors import LoginCancelled
from store import Library
from store.export import iter_saved
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.lastfm import FakeLastfm
from tests.services.support import MemorySecrets


@pytest.fixture
def lastfm() -> Iterator[FakeLastfm]:
    server = FakeLastfm().start()
    server.seed_scrobbles(450)
    yield server
    server.stop()


@pytest.fixture
def fm_services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, lastfm: FakeLastfm
) -> Services:
    return Services(library, secrets, clock, lastfm.environ)


def _connect(services: Services, lastfm: FakeLastfm, timeout: float = 10) -> None:
    services.grant("lastfm", "import")
    services.connect(
        "lastfm",
        client_id=lastfm.api_key,
        credentials=Credentials(secret=lastfm.secret),
        open_browser=open_in_thread,
        timeout=timeout,
        poll_every=0.05,
    )


def test_desktop_auth_saves_the_session_key(
    fm_services: Services, lastfm: FakeLastfm, secrets: MemorySecrets
) -> None:
    _connect(fm_services, lastfm)
    (account,) = fm_services.accounts.accounts("lastfm")
    assert account.account_id == "rj"
    (key,) = lastfm.session_keys
    assert key in secrets.values.values()
    assert all(q.get("api_sig") for q in lastfm.api_calls("auth.getSession"))


def test_a_sign_in_never_approved_times_out_and_saves_nothing(
    fm_services: Services, lastfm: FakeLastfm, secrets: MemorySecrets
) -> None:
    lastfm.approve = False
    with pytest.raises(LoginCancelled):
        _connect(fm_services, lastfm, timeout=0.5)
    assert secrets.values == {}
    assert fm_services.accounts.accounts() == []


def test_scrobbles_sync_from_the_cursor_and_skip_now_playing(
    fm_services: Services, lastfm: FakeLastfm
) -> None:
    _connect(fm_services, lastfm)
    report = fm_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert fm_services.library.status()["listens"] == 450  # the now-playing track is not one
    assert [q["page"] for q in lastfm.api_calls("user.getRecentTracks")] == ["1", "2", "3"]
    newest = max(int(s["date"]["uts"]) for s in lastfm.scrobbles)
    lastfm.requests.clear()
    lastfm.seed_scrobbles(3)
    fm_services.sync()
    (call,) = lastfm.api_calls("user.getRecentTracks")
    assert call["from"] == str(newest + 1)
    assert fm_services.library.status()["listens"] == 453


def test_loved_tracks_become_saved_items_with_their_dates(
    fm_services: Services, lastfm: FakeLastfm
) -> None:
    _connect(fm_services, lastfm)
    fm_services.sync()
    loved = [s for s in iter_saved(fm_services.library) if s.service == "lastfm"]
    assert len(loved) == len(lastfm.loved)
    assert all(s.added_at is not None for s in loved)


def test_error_29_is_a_short_wait_then_success(
    fm_services: Services, lastfm: FakeLastfm, clock: FakeClock
) -> None:
    _connect(fm_services, lastfm)
    lastfm.rate_limit_next(1)
    report = fm_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert 10.0 in clock.sleeps
