"""ListenBrainz listens that share a second: ``min_ts`` is exclusive and timestamps are whole
seconds, so the second where a page (or a sync) ends is read again; nothing is missed there
and nothing is written twice."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.core.service_kinds import Credentials
from app.core.syncing import Services
from domain.jobs import Checkpoint
from store import Library
from tests.fakes.clock import FakeClock
from tests.fakes.listenbrainz import FakeListenBrainz, recorded_listens
from tests.services.support import MemorySecrets

SECOND = 1_700_100_000


@pytest.fixture
def lb(clock: FakeClock) -> Iterator[FakeListenBrainz]:
    server = FakeListenBrainz(clock).start()
    yield server
    server.stop()


@pytest.fixture
def services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, lb: FakeListenBrainz
) -> Services:
    services = Services(library, secrets, clock, lb.environ)
    services.grant("listenbrainz", "import")
    services.connect("listenbrainz", client_id=None, credentials=Credentials(token=lb.token))
    return services


def _add_listens_at(lb: FakeListenBrainz, second: int, names: list[str]) -> None:
    """Listens of different songs, all stamped with the same second."""
    model = recorded_listens()[0]
    for name in names:
        listen = copy.deepcopy(model)
        listen["listened_at"] = second
        listen["track_metadata"]["track_name"] = name
        listen["track_metadata"].pop("mbid_mapping", None)
        lb.listens.append(listen)


def _listens(services: Services) -> int:
    return int(services.library.status()["listens"])


def _batches(services: Services) -> int:
    return int(services.library.status()["import_batches"])


def test_a_page_ending_inside_a_second_misses_none_of_its_listens(
    services: Services, lb: FakeListenBrainz
) -> None:
    lb.seed(999, start_ts=SECOND - 999 * 60 - 60)  # the 999 listens before SECOND
    _add_listens_at(lb, SECOND, ["Same Second A", "Same Second B", "Same Second C"])
    # The first page (1,000 listens) holds one of the three; the next page must hold the rest.
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert _listens(services) == 1_002
    assert services.library.status()["duplicate_listens"] == 0


def test_a_listen_submitted_late_into_the_last_second_synced_is_fetched(
    services: Services, lb: FakeListenBrainz
) -> None:
    lb.seed(10, start_ts=SECOND - 11 * 60)
    _add_listens_at(lb, SECOND, ["Last One"])
    services.sync()
    assert _listens(services) == 11
    _add_listens_at(lb, SECOND, ["Imported Late"])  # same second as the newest synced listen
    services.sync()
    assert _listens(services) == 12


def test_a_resync_with_nothing_new_costs_one_request_and_writes_nothing(
    services: Services, lb: FakeListenBrainz
) -> None:
    lb.seed(5, start_ts=SECOND - 6 * 60)
    _add_listens_at(lb, SECOND, ["Shared A", "Shared B"])
    services.sync()
    batches = _batches(services)
    lb.requests.clear()
    services.sync()
    assert [r.query for r in lb.requests if r.path.endswith("/listens")] == [
        {"count": "1000", "min_ts": str(SECOND - 1)}
    ]
    assert _batches(services) == batches  # the boundary second's listens were not re-written
    assert _listens(services) == 7


def test_more_listens_in_one_second_than_a_page_holds_do_not_stall_the_sync(
    services: Services, lb: FakeListenBrainz
) -> None:
    _add_listens_at(lb, SECOND, [f"Burst {n}" for n in range(1_000)])
    lb.seed(3, start_ts=SECOND)  # three more, a minute apart, after the burst
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert _listens(services) == 1_003


def test_a_cursor_saved_by_an_earlier_version_reads_its_second_again_without_doubles(
    services: Services, lb: FakeListenBrainz, clock: FakeClock
) -> None:
    lb.seed(3, start_ts=SECOND - 4 * 60)
    _add_listens_at(lb, SECOND, ["Boundary"])
    services.sync()
    (account,) = services.accounts.accounts("listenbrainz")
    old_style = Checkpoint("listenbrainz", account.account_id, "listens", cursor=str(SECOND))
    services.accounts.save_checkpoint(old_style, datetime.fromtimestamp(clock.now(), UTC))
    _add_listens_at(lb, SECOND, ["Late Into The Boundary"])
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert _listens(services) == 5
