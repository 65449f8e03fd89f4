"""Transfer a playlist to Deezer (the fake): ISRC lookup before search, a search narrowed to
the source's duration, batches of songs in order, resume after a crash, Deezer's "HTTP 200 +
error 4" backing off, local files never sent, the consent and sign-in the write needs, a
review choice that travels in a mapping pack to another library, a mirror that asks before
removing too much, and what disconnecting says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.service_kinds import Credentials
from app.core.sign_out import sign_out_note
from app.core.syncing import Services
from app.core.transfer import NeedsConfirmation, PlaylistTransfer, TransferError
from connectors.deezer_api import DeezerConnector
from connectors.errors import ClientError
from domain import Playlist, PlaylistEntry, ServiceTrack
from store import Library, Profile, open_library
from store.identity import Identity
from store.transfers import Transfers
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.deezer import USER_ID, FakeDeezer, catalog_track
from tests.services.support import MemorySecrets


class Crash(Exception):
    """Stands for the process dying between a batch's write and its checkpoint."""


@pytest.fixture
def deezer() -> Iterator[FakeDeezer]:
    server = FakeDeezer().start()
    server.add_to_catalog(*(catalog_track(n) for n in range(1000, 1300)))
    yield server
    server.stop()


@pytest.fixture
def dz_services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, deezer: FakeDeezer
) -> Services:
    services = Services(library, secrets, clock, deezer.environ)
    services.grant("deezer", "import")
    services.grant("deezer", "write_back")
    services.connect(
        "deezer",
        client_id=deezer.app_id,
        credentials=Credentials(secret=deezer.secret),
        open_browser=open_in_thread,
        timeout=10,
    )
    return services


@pytest.fixture
def target(dz_services: Services) -> Iterator[DeezerConnector]:
    with dz_services.transfer_target("deezer") as connector:
        yield connector


def _apple(n: int, *, isrc: bool = True, title: str | None = None) -> ServiceTrack:
    dz = catalog_track(n)
    return ServiceTrack(
        service="apple_music",
        service_id=f"am{n}",
        title=title or dz["title"],
        artists=(dz["artist"]["name"],),
        album=dz["album"]["title"],
        duration_ms=dz["duration"] * 1000,
        isrc=dz["isrc"] if isrc else None,
    )


def _playlist(name: str, tracks: list[ServiceTrack]) -> Playlist:
    entries = tuple(PlaylistEntry(i, t) for i, t in enumerate(tracks))
    return Playlist("apple_music", name, entries, service_id=f"pl.{name}")


def _transfer(services: Services, target: DeezerConnector, **kw: Any) -> PlaylistTransfer:
    return PlaylistTransfer(
        target, Transfers(services.library), services.accounts, services.now, **kw
    )


def _created(deezer: FakeDeezer, name: str) -> list[int]:
    (playlist_id,) = [i for i, p in deezer.playlists.items() if p["title"] == name]
    return [t["id"] for t in deezer.entries[playlist_id]]


def _adds(deezer: FakeDeezer) -> list[int]:
    return [n for m, p, n in deezer.writes if m == "POST" and p.endswith("/tracks")]


def test_a_dry_run_matches_by_isrc_then_by_search_and_writes_nothing(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector
) -> None:
    local = ServiceTrack("apple_music", None, "My Demo Tape", ("Me",), kind="local")
    source = _playlist(
        "Mixed",
        [
            _apple(1001),
            _apple(1002, isrc=False),
            _apple(5000, isrc=False, title="Nothing Like It Anywhere"),
            local,
        ],
    )
    deezer.requests.clear()
    report = _transfer(dz_services, target).run(source)  # a dry run by default
    assert [e.outcome for e in report.entries] == ["isrc", "metadata", "not_found", "unsupported"]
    assert report.entries[0].target_id == str(catalog_track(1001)["id"])
    assert report.entries[1].target_id == str(catalog_track(1002)["id"])
    assert deezer.writes == []
    assert {r.method for r in deezer.requests} == {"GET"}
    searches = [q for q in deezer.searches() if not q.startswith("isrc:")]
    seconds = catalog_track(1002)["duration"]
    assert f"dur_min:{seconds - 10}" in searches[0]
    assert f"dur_max:{seconds + 10}" in searches[0]
    assert all("My Demo Tape" not in q for q in deezer.searches())


def test_an_isrc_hit_spends_no_text_search(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector
) -> None:
    deezer.requests.clear()
    _transfer(dz_services, target).run(_playlist("One", [_apple(1010)]))
    assert deezer.searches() == [f"isrc:{catalog_track(1010)['isrc']}"]


def test_250_tracks_go_in_batches_within_the_limit_in_source_order(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector
) -> None:
    source = _playlist("Big", [_apple(n) for n in range(1000, 1250)])
    report = _transfer(dz_services, target).run(source, dry_run=False)
    assert _adds(deezer) == [100, 100, 50]
    assert _created(deezer, "Big") == [catalog_track(n)["id"] for n in range(1000, 1250)]
    assert report.written == 250
    assert report.verified is True
    (playlist_id,) = [i for i, p in deezer.playlists.items() if p["title"] == "Big"]
    assert f"mixtape transfer {report.transfer_id}" in deezer.descriptions[playlist_id]


def test_a_crash_between_batches_resumes_without_duplicates(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector
) -> None:
    source = _playlist("Big", [_apple(n) for n in range(1000, 1250)])

    def crash_after_second_write(written: int) -> None:
        if written == 200:
            raise Crash  # the batch landed on Deezer, its checkpoint was never saved

    with pytest.raises(Crash):
        _transfer(dz_services, target, after_batch=crash_after_second_write).run(
            source, dry_run=False
        )
    deezer.requests.clear()
    report = _transfer(dz_services, target).run(source, dry_run=False)
    assert report.resumed
    assert deezer.searches() == []
    assert _created(deezer, "Big") == [catalog_track(n)["id"] for n in range(1000, 1250)]
    assert _adds(deezer) == [100, 100, 50]
    assert report.verified is True


def test_deezer_error_4_in_a_200_backs_off_and_the_batch_lands_once(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector, clock: FakeClock
) -> None:
    source = _playlist("Slow", [_apple(n) for n in range(1000, 1005)])
    quota = {"error": {"type": "Exception", "message": "Quota limit exceeded", "code": 4}}
    deezer.fail_next(2, 200, body=quota, path="/playlist/")
    report = _transfer(dz_services, target).run(source, dry_run=False)
    assert report.verified is True
    assert _created(deezer, "Slow") == [catalog_track(n)["id"] for n in range(1000, 1005)]
    assert sum(clock.sleeps) >= 5  # Deezer's penalty was waited out on the (fake) clock
    refused = [r for r in deezer.requests if r.path.startswith("/playlist/") and r.status == 200]
    assert len(refused) >= 2


def test_local_files_are_never_sent(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector
) -> None:
    local = ServiceTrack("apple_music", None, "My Demo Tape", ("Me",), kind="local")
    report = _transfer(dz_services, target).run(
        _playlist("Locals", [_apple(1030), local, _apple(1031)]), dry_run=False
    )
    assert report.entries[1].outcome == "unsupported"
    assert _created(deezer, "Locals") == [catalog_track(n)["id"] for n in (1030, 1031)]


def test_writing_needs_the_write_back_consent(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector
) -> None:
    dz_services.grant("deezer", "write_back", granted=False)
    with pytest.raises(TransferError, match="consent"):
        _transfer(dz_services, target).run(_playlist("One", [_apple(1000)]), dry_run=False)
    assert deezer.writes == []


def test_a_public_only_connection_cannot_be_a_target(
    library: Library, secrets: MemorySecrets, clock: FakeClock, deezer: FakeDeezer
) -> None:
    services = Services(library, secrets, clock, deezer.environ)
    services.grant("deezer", "import")
    services.connect("deezer", client_id=None, credentials=Credentials(user=str(USER_ID)))
    with (
        pytest.raises(ClientError, match="own Deezer app"),
        services.transfer_target("deezer"),
    ):
        pass


def test_a_review_choice_travels_in_a_mapping_pack_to_another_machine(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector, tmp_path: Path
) -> None:
    unknown = _apple(5000, isrc=False, title="Nothing Like It Anywhere")
    gone = _apple(5001, isrc=False, title="Never Released There")
    source = _playlist("Two", [unknown, gone])
    here = _transfer(dz_services, target)
    assert [e.outcome for e in here.run(source).entries] == ["not_found", "not_found"]
    here.choose(unknown.key, str(catalog_track(1020)["id"]))  # "use this candidate"
    here.choose(gone.key, None)  # "does not exist there"
    pack = tmp_path / "pack.json"
    pack.write_text(json.dumps(Identity(dz_services.library).export_mapping()), encoding="utf-8")

    other = open_library(Profile.resolve(tmp_path / "other"), "another machine, same person")
    try:
        services = Services(other, MemorySecrets(), FakeClock(), deezer.environ)
        services.grant("deezer", "import")
        services.grant("deezer", "write_back")
        services.connect(
            "deezer",
            client_id=deezer.app_id,
            credentials=Credentials(secret=deezer.secret),
            open_browser=open_in_thread,
            timeout=10,
        )
        action, _, rules = Identity(other).import_mapping(json.loads(pack.read_text("utf-8")))
        assert rules == 2
        deezer.requests.clear()
        with services.transfer_target("deezer") as there_target:
            there = _transfer(services, there_target)
            report = there.run(source, dry_run=False)
            assert [(e.outcome, e.target_id) for e in report.entries] == [
                ("rule", str(catalog_track(1020)["id"])),
                ("not_there", None),
            ]
            assert deezer.searches() == []  # the rules spent no search
            assert _created(deezer, "Two") == [catalog_track(1020)["id"]]
            Identity(other).undo(action)  # the pack's action takes its rules back
            again = there.run(_playlist("Two again", [unknown, gone]))
            assert [e.outcome for e in again.entries] == ["not_found", "not_found"]
    finally:
        other.close()


def test_disconnect_deletes_the_token_and_the_app_secret_and_says_where_to_revoke(
    dz_services: Services, secrets: MemorySecrets
) -> None:
    assert secrets.values  # the token and the app's secret, in the (test) keyring
    removed = dz_services.disconnect("deezer")
    assert secrets.values == {}
    note = sign_out_note("deezer", removed)
    assert note.startswith("Disconnected Deezer: its sign-in is deleted")
    assert "https://www.deezer.com/account/apps" in note
    assert "\n" not in note
    assert sign_out_note("deezer", []) == "Deezer was not connected."


def test_a_mirror_that_would_remove_too_much_asks_first(
    dz_services: Services, deezer: FakeDeezer, target: DeezerConnector
) -> None:
    tracks = [catalog_track(n) for n in range(1000, 1010)]
    deezer.add_playlist(77, "Evening", tracks, public=False)
    source = _playlist("Evening", [_apple(1000), _apple(1100)])  # keeps 1 of 10
    with pytest.raises(NeedsConfirmation) as asked:
        _transfer(dz_services, target).run(source, dry_run=False, mirror=True)
    assert (asked.value.removing, asked.value.of) == (9, 10)
    assert deezer.writes == []
    report = _transfer(dz_services, target).run(source, dry_run=False, mirror=True, confirm=True)
    assert report.verified is True
    assert [t["id"] for t in deezer.entries[77]] == [catalog_track(n)["id"] for n in (1000, 1100)]
