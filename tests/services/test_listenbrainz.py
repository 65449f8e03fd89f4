"""ListenBrainz against its fake: user token sign-in, listens since a cursor, rate headers."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from app.core.service_kinds import Credentials
from app.core.syncing import Services
from connectors.errors import ClientError
from store import Library
from tests.fakes.clock import FakeClock
from tests.fakes.listenbrainz import FakeListenBrainz
from tests.services.support import MemorySecrets


@pytest.fixture
def lb(clock: FakeClock) -> Iterator[FakeListenBrainz]:
    server = FakeListenBrainz(clock).start()
    server.seed(1_200)
    yield server
    server.stop()


@pytest.fixture
def lb_services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, lb: FakeListenBrainz
) -> Services:
    return Services(library, secrets, clock, lb.environ)


def _connect(services: Services, lb: FakeListenBrainz, token: str | None = None) -> None:
    services.grant("listenbrainz", "import")
    services.connect(
        "listenbrainz", client_id=None, credentials=Credentials(token=token or lb.token)
    )


def _listen_queries(lb: FakeListenBrainz) -> list[dict[str, str]]:
    return [r.query for r in lb.requests if r.path.endswith("/listens")]


def test_the_user_token_is_validated_and_kept_only_in_the_secret_store(
    lb_services: Services, lb: FakeListenBrainz, secrets: MemorySecrets
) -> None:
    _connect(lb_services, lb)
    (account,) = lb_services.accounts.accounts("listenbrainz")
    assert account.account_id == "rob"
    assert lb.token in secrets.values.values()


def test_a_wrong_token_is_refused_and_nothing_is_saved(
    lb_services: Services, lb: FakeListenBrainz, secrets: MemorySecrets
) -> None:
    with pytest.raises(ClientError):
        _connect(lb_services, lb, token="not-my-token")
    assert secrets.values == {}
    assert lb_services.accounts.accounts() == []


def test_first_sync_pages_forward_then_a_resync_costs_one_request(
    lb_services: Services, lb: FakeListenBrainz
) -> None:
    _connect(lb_services, lb)
    report = lb_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert lb_services.library.status()["listens"] == 1_200
    pages = _listen_queries(lb)
    assert [q["count"] for q in pages] == ["1000"] * 2  # 1,000 + 200: the short page ends it
    newest = max(x["listened_at"] for x in lb.listens)
    lb.requests.clear()
    lb_services.sync()
    # The newest second is read again (listens can share it); still one request.
    assert _listen_queries(lb) == [{"count": "1000", "min_ts": str(newest - 1)}]
    lb.seed(5)
    lb_services.sync()
    assert lb_services.library.status()["listens"] == 1_205


def test_x_ratelimit_headers_are_respected_without_a_single_429(
    lb_services: Services, lb: FakeListenBrainz, clock: FakeClock
) -> None:
    lb.limit = 1  # one request per 10-second window: token check, then two pages
    _connect(lb_services, lb)
    report = lb_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert lb.too_many == 0
    assert any(s >= 5 for s in clock.sleeps)  # waited for the reset, on the injected clock
    assert lb_services.library.status()["listens"] == 1_200


def test_a_revoked_token_parks_the_job_for_sign_in_without_retrying(
    lb_services: Services, lb: FakeListenBrainz, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _connect(lb_services, lb)
    lb.token = "rotated-by-the-user"
    lb.requests.clear()
    report = lb_services.sync()
    assert [(j.status, j.reason) for j in report.jobs] == [("parked", "needs_sign_in")]
    assert len(lb.requests) == 1
    assert report.accounts[0].state == "needs_sign_in"
    assert "lb-user-token" not in caplog.text
