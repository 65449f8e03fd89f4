"""Transfer liked songs (not only playlists) to Spotify and Deezer (the fakes): a dry run writes
nothing; Spotify keeps the dates (``timestamped_ids``, 50 per call) and so the order; the
``/me/library`` fallback says the dates were lost; Deezer saves one song per call, oldest first;
a crash between batches resumes without duplicates; songs already liked there are not sent
again; local files never are; a review choice is a rule here too."""

from __future__ import annotations

import sys
import webbrowser
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import keyring
import pytest

from app.cli import main
from app.cli._context import open_profile_library
from app.core.service_kinds import Credentials
from app.core.syncing import Services
from app.core.transfer_liked import LikedSongsTransfer
from domain import Playlist, SavedItem, ServiceTrack
from store import Library
from store.importing import ImportBatchWriter
from store.liked_songs import liked_songs
from store.transfers import Transfers
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.deezer import FakeDeezer, catalog_track
from tests.fakes.spotify import FakeSpotify, make_track
from tests.services.support import MemorySecrets, connect
from tests.services.test_cli_services import BROWSER, run
from tests.store.support import MemoryKeyring

FIRST_LIKE = datetime(2019, 3, 1, 8, 0, tzinfo=UTC)


class Crash(Exception):
    """Stands for the process dying between a batch's save and its checkpoint."""


def _from_spotify(n: int, *, isrc: bool = True) -> ServiceTrack:
    spotify = make_track(n)
    return ServiceTrack(
        service="apple_music",
        service_id=f"am{n}",
        title=spotify["name"],
        artists=tuple(a["name"] for a in spotify["artists"]),
        album=spotify["album"]["name"],
        duration_ms=spotify["duration_ms"],
        isrc=spotify["external_ids"]["isrc"] if isrc else None,
    )


def _from_deezer(n: int) -> ServiceTrack:
    dz = catalog_track(n)
    return ServiceTrack(
        service="apple_music",
        service_id=f"am{n}",
        title=dz["title"],
        artists=(dz["artist"]["name"],),
        duration_ms=dz["duration"] * 1000,
        isrc=dz["isrc"],
    )


def _like(library: Library, tracks: list[ServiceTrack], tag: str = "v1") -> list[datetime]:
    """Apple Music liked songs, one hour apart (the first in the list liked first)."""
    dates = [FIRST_LIKE + timedelta(hours=i) for i in range(len(tracks))]
    with ImportBatchWriter(library, "test", "liked-tests", tag) as batch:
        for track, at in zip(tracks, dates, strict=True):
            batch.add(track)
            batch.add(SavedItem("apple_music", "track", track=track, added_at=at))
    return dates


def _liked(library: Library, target: str) -> Playlist:
    return liked_songs(library, exclude=target)


def _runner(services: Services, target: Any, **kw: Any) -> LikedSongsTransfer:
    return LikedSongsTransfer(
        target, Transfers(services.library), services.accounts, services.now, **kw
    )


# -- Spotify ---------------------------------------------------------------------------------
@pytest.fixture
def spotify(services: Services, fake: FakeSpotify) -> Iterator[Any]:
    fake.add_to_catalog(*(make_track(n) for n in range(1000, 1300)))
    connect(services, fake)
    services.grant("spotify", "write_back")
    with services.transfer_target("spotify") as connector:
        yield connector


def _saved(fake: FakeSpotify, ids: set[str]) -> list[tuple[str, str]]:
    """The fake's liked songs among ``ids``, newest first, with their dates."""
    return [(e["track"]["id"], e["added_at"]) for e in fake.saved if e["track"]["id"] in ids]


def _saves(fake: FakeSpotify) -> list[int]:
    return [n for m, p, n in fake.writes if p in ("me/tracks", "me/library")]


def test_a_dry_run_reports_the_matches_and_writes_nothing(
    services: Services, fake: FakeSpotify, spotify: Any
) -> None:
    local = ServiceTrack("apple_music", None, "My Demo Tape", ("Me",), kind="local")
    _like(services.library, [_from_spotify(1001), _from_spotify(1002, isrc=False), local])
    fake.requests.clear()
    report = _runner(services, spotify).run(_liked(services.library, "spotify"))
    assert report.dry_run
    assert sorted(e.outcome for e in report.entries) == ["isrc", "metadata", "unsupported"]
    assert fake.writes == []
    assert {r.method for r in fake.api_requests()} == {"GET"}


def test_250_liked_songs_keep_their_dates_and_order_on_spotify(
    services: Services, fake: FakeSpotify, spotify: Any
) -> None:
    dates = _like(services.library, [_from_spotify(n) for n in range(1000, 1250)])
    report = _runner(services, spotify).run(_liked(services.library, "spotify"), dry_run=False)
    assert _saves(fake) == [50] * 5
    expected = [
        (make_track(n)["id"], at.strftime("%Y-%m-%dT%H:%M:%SZ"))
        for n, at in zip(range(1000, 1250), dates, strict=True)
    ]
    ids = {i for i, _ in expected}
    assert _saved(fake, ids) == list(reversed(expected))  # newest first, dates as liked
    assert (report.written, report.verified, report.dates_kept) == (250, True, True)


def test_without_timestamped_saves_the_library_endpoint_is_used_and_says_dates_are_lost(
    services: Services, fake: FakeSpotify, spotify: Any
) -> None:
    fake.dated_saves = False
    _like(services.library, [_from_spotify(n) for n in range(1000, 1060)])
    report = _runner(services, spotify).run(_liked(services.library, "spotify"), dry_run=False)
    library_saves = [n for m, p, n in fake.writes if p == "me/library"]
    assert max(library_saves, default=99) <= 40
    assert sum(library_saves) == 60
    assert report.verified is True
    assert report.dates_kept is False


def test_a_crash_between_batches_resumes_without_duplicates(
    services: Services, fake: FakeSpotify, spotify: Any
) -> None:
    dates = _like(services.library, [_from_spotify(n) for n in range(1000, 1250)])
    liked = _liked(services.library, "spotify")

    def crash_after_second_batch(written: int) -> None:
        if written == 100:
            raise Crash  # the save landed on Spotify, its checkpoint was never written

    with pytest.raises(Crash):
        _runner(services, spotify, after_batch=crash_after_second_batch).run(liked, dry_run=False)
    late = ServiceTrack("apple_music", "am-late", "Liked Since", ("Someone",))
    with ImportBatchWriter(services.library, "test", "liked-tests", "late") as batch:
        batch.add(late)  # a song liked after the crash shifts every position of the list
        batch.add(SavedItem("apple_music", "track", track=late, added_at=datetime.now(UTC)))
    fake.requests.clear()
    report = _runner(services, spotify).run(_liked(services.library, "spotify"), dry_run=False)
    assert report.resumed
    assert fake.searches() == []  # the match is not redone
    assert report.already_there == 100
    assert _saves(fake) == [50] * 5  # 2 batches before the crash, 3 after: none twice
    ids = [e["track"]["id"] for e in fake.saved]
    assert len(ids) == len(set(ids)) == 120 + 250
    expected = [
        (make_track(n)["id"], at.strftime("%Y-%m-%dT%H:%M:%SZ"))
        for n, at in zip(range(1000, 1250), dates, strict=True)
    ]
    assert _saved(fake, {i for i, _ in expected}) == list(reversed(expected))  # dates intact
    assert report.verified is True


def test_songs_already_liked_there_are_not_sent_again(
    services: Services, fake: FakeSpotify, spotify: Any
) -> None:
    fake.like(1001, added_at="2025-05-05T05:05:05Z")
    _like(services.library, [_from_spotify(n) for n in range(1000, 1003)])
    report = _runner(services, spotify).run(_liked(services.library, "spotify"), dry_run=False)
    assert report.already_there == 1
    assert _saves(fake) == [2]
    assert dict(_saved(fake, {make_track(1001)["id"]})) == {
        make_track(1001)["id"]: "2025-05-05T05:05:05Z"  # the user's own date is kept
    }


def test_local_files_are_never_sent_and_a_review_choice_is_a_rule(
    services: Services, fake: FakeSpotify, spotify: Any
) -> None:
    local = ServiceTrack("apple_music", None, "My Demo Tape", ("Me",), kind="local")
    odd = ServiceTrack("apple_music", "am9", "Nothing Like It Anywhere", ("Nobody",))
    _like(services.library, [_from_spotify(1030), local, odd])
    runner = _runner(services, spotify)
    first = runner.run(_liked(services.library, "spotify"))
    assert {e.source.title: e.outcome for e in first.entries}["Nothing Like It Anywhere"] == (
        "not_found"
    )
    runner.choose(odd.key, make_track(1031)["id"])
    fake.requests.clear()
    report = runner.run(_liked(services.library, "spotify"), dry_run=False)
    assert {e.source.title: e.outcome for e in report.entries}["Nothing Like It Anywhere"] == "rule"
    assert not any("Nothing Like" in q for q in fake.searches())
    ids = {make_track(1030)["id"], make_track(1031)["id"]}
    assert {i for i, _ in _saved(fake, ids)} == ids
    assert _saves(fake) == [2]  # the local file was not sent


def test_the_target_services_own_likes_are_not_the_source(
    services: Services, fake: FakeSpotify, spotify: Any
) -> None:
    assert services.sync(["spotify"]).failed == []  # 120 Spotify liked songs in the library
    _like(services.library, [_from_spotify(1040)])
    liked = _liked(services.library, "spotify")
    assert [e.track.service for e in liked.entries] == ["apple_music"]
    assert len(liked_songs(services.library, only="spotify").entries) == 120


# -- Deezer ----------------------------------------------------------------------------------
@pytest.fixture
def deezer() -> Iterator[FakeDeezer]:
    server = FakeDeezer().start()
    server.add_to_catalog(*(catalog_track(n) for n in range(1000, 1100)))
    yield server
    server.stop()


@pytest.fixture
def dz_target(
    library: Library, secrets: MemorySecrets, clock: FakeClock, deezer: FakeDeezer
) -> Iterator[tuple[Services, Any]]:
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
    with services.transfer_target("deezer") as connector:
        yield services, connector


def test_deezer_saves_one_song_per_call_oldest_first_and_cannot_keep_dates(
    dz_target: tuple[Services, Any], deezer: FakeDeezer
) -> None:
    services, target = dz_target
    deezer.favourites.insert(0, {**catalog_track(1005), "time_add": 1_700_000_000})
    _like(services.library, [_from_deezer(n) for n in range(1000, 1030)])
    before = len(deezer.favourites)
    report = _runner(services, target).run(_liked(services.library, "deezer"), dry_run=False)
    adds = [n for m, p, n in deezer.writes if p == "/user/me/tracks"]
    assert adds == [1] * 29  # one per call; the one already there is not sent again
    assert len(deezer.favourites) == before + 29
    newest_first = [t["id"] for t in deezer.favourites[:29]]
    expected = [catalog_track(n)["id"] for n in reversed(range(1000, 1030)) if n != 1005]
    assert newest_first == expected  # the source's order, newest first
    assert (report.verified, report.dates_kept, report.already_there) == (True, False, 1)


def test_deezer_error_4_on_favourites_backs_off_and_saves_once(
    dz_target: tuple[Services, Any], deezer: FakeDeezer, clock: FakeClock
) -> None:
    services, target = dz_target
    _like(services.library, [_from_deezer(n) for n in range(1000, 1003)])
    quota = {"error": {"type": "Exception", "message": "Quota limit exceeded", "code": 4}}
    deezer.fail_next(2, 200, body=quota, path="/user/me/tracks")  # reading and saving
    report = _runner(services, target).run(_liked(services.library, "deezer"), dry_run=False)
    assert report.verified is True
    ids = [t["id"] for t in deezer.favourites]
    assert len(ids) == len(set(ids))
    assert sum(clock.sleeps) >= 5


# -- the command line ------------------------------------------------------------------------
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


def test_cli_transfers_liked_songs_dry_run_first_and_disconnect_says_where_to_revoke(
    capsys: pytest.CaptureFixture[str], cli_env: FakeSpotify, memory_keyring: MemoryKeyring
) -> None:
    fake = cli_env
    fake.add_to_catalog(*(make_track(n) for n in range(1000, 1005)))
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
    with open_profile_library() as lib:
        _like(lib, [_from_spotify(n) for n in range(1000, 1005)])
    code, doc, err = run(capsys, "transfer", "--liked", "--to", "spotify")
    assert code == 0, err
    assert (doc["dry_run"], doc["liked"], doc["summary"]) == (True, True, {"isrc": 5})
    assert fake.writes == []
    code, doc, err = run(capsys, "transfer", "--liked", "--to", "spotify", "--write")
    assert code == 0, err
    assert (doc["written"], doc["verified"], doc["dates_kept"]) == (5, True, True)
    code, _, err = run(capsys, "transfer", "--liked", "--playlist", "X", "--to", "spotify")
    assert code == 2
    assert err.startswith("error:")

    assert main(["disconnect", "spotify"]) == 0
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1
    assert "https://www.spotify.com/account/apps/" in out
    assert not any("spotify:oauth" in user for _, user in memory_keyring.entries)
