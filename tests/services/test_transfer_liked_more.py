"""Transfer liked songs to YouTube Music and Apple Music (the fakes): a dry run writes nothing;
YouTube likes one video per ``videos.rate`` call (50 units), oldest first, parks at the day's
quota and resumes after midnight Pacific time without liking anything twice; Apple Music has no
liked-songs list, so liked songs become library songs (100 a call) and are verified by reading
the library back; a crash between batches resumes without duplicates on both. Also: a YouTube
sign-out says whether Google really revoked the access, and ``transfer --help`` names every
target."""

from __future__ import annotations

import json
import sys
import webbrowser
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.cli import main
from app.cli._context import open_profile_library
from app.core.service_apple import developer_token_from_key
from app.core.service_kinds import Credentials
from app.core.sign_out import sign_out_note
from app.core.syncing import Services
from app.core.transfer_liked import LikedSongsTransfer
from app.core.transfer_targets import target_services
from connectors.errors import QuotaExhausted
from domain import Playlist, SavedItem, ServiceTrack
from store import Library
from store.importing import ImportBatchWriter
from store.liked_songs import liked_songs
from store.transfers import Transfers
from tests.fakes.apple_music import USER_TOKEN, FakeAppleMusic, catalog_id, isrc
from tests.fakes.clock import FakeClock
from tests.fakes.musickit_browser import sign_in_in_thread
from tests.fakes.youtube import FakeYouTube
from tests.services.support import MemorySecrets
from tests.store.support import MemoryKeyring

YOUTUBE, APPLE = "youtube_music", "apple_music"
FIRST_LIKE = datetime(2019, 3, 1, 8, 0, tzinfo=UTC)
NEXT_MIDNIGHT = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # midnight in Los Angeles
BROWSER = Path(__file__).resolve().parents[1] / "fakes" / "browser.py"


class Crash(Exception):
    """Stands for the process dying between a batch's save and its checkpoint."""


def _song(n: int, code: str) -> ServiceTrack:
    return ServiceTrack("spotify", f"sp{n:020d}", f"Song {n}", (f"Artist {n % 7}",), isrc=code)


def _like(library: Library, tracks: list[ServiceTrack], *extra: ServiceTrack) -> None:
    """Spotify liked songs one hour apart, the first liked first (``extra``: plain tracks)."""
    with ImportBatchWriter(library, "test", "liked-more", "v1") as batch:
        for track in extra:
            batch.add(track)
        for i, track in enumerate(tracks):
            batch.add(track)
            at = FIRST_LIKE + timedelta(hours=i)
            batch.add(SavedItem("spotify", "track", track=track, added_at=at))


def _runner(services: Services, target: Any, **kw: Any) -> LikedSongsTransfer:
    return LikedSongsTransfer(
        target, Transfers(services.library), services.accounts, services.now, **kw
    )


def _liked(services: Services, target: str) -> Playlist:
    return liked_songs(services.library, exclude=target)


# -- YouTube Music ---------------------------------------------------------------------------
def _yt_likes(services: Services, count: int) -> list[str]:
    """``count`` Spotify liked songs whose YouTube videos the library already knows (the same
    ISRC), so matching them spends no search units; their video ids, oldest like first."""
    videos = [f"vid{n:08d}" for n in range(count)]
    twins = [
        ServiceTrack(YOUTUBE, v, f"Song {n}", (f"Artist {n % 7}",), isrc=f"GBAYE{n:07d}")
        for n, v in enumerate(videos)
    ]
    _like(services.library, [_song(n, f"GBAYE{n:07d}") for n in range(count)], *twins)
    return videos


def _likes_sent(yt: FakeYouTube) -> list[str]:
    return [v for v, rating in yt.rated if rating == "like"]


def test_youtube_dry_run_matches_and_rates_nothing(yt_services: Services, yt: FakeYouTube) -> None:
    _yt_likes(yt_services, 3)
    yt.requests.clear()
    with yt_services.transfer_target(YOUTUBE) as target:
        report = _runner(yt_services, target).run(_liked(yt_services, YOUTUBE))
    assert report.dry_run
    assert report.counts() == {"isrc": 3}
    assert yt.rated == []
    assert yt.requests == []  # the library knew the videos: not one unit spent


def test_youtube_likes_one_video_per_call_oldest_first_and_skips_those_liked_there(
    yt_services: Services, yt: FakeYouTube
) -> None:
    videos = _yt_likes(yt_services, 6)
    yt.liked = [videos[2]]  # already liked on YouTube
    with yt_services.transfer_target(YOUTUBE) as target:
        report = _runner(yt_services, target).run(_liked(yt_services, YOUTUBE), dry_run=False)
    sent = [v for i, v in enumerate(videos) if i != 2]
    assert _likes_sent(yt) == sent  # one call each, the oldest like first
    assert [r.path for r in yt.requests if r.method == "POST"].count("/youtube/v3/videos/rate") == 5
    assert yt.liked == [*reversed(sent), videos[2]]  # newest first, as on Spotify
    assert (report.written, report.already_there, report.batches) == (5, 1, 5)
    assert (report.verified, report.dates_kept) == (True, False)
    assert report.caveat is not None
    assert "cannot keep the dates" in report.caveat


def test_youtube_crash_between_calls_resumes_without_liking_twice(
    yt_services: Services, yt: FakeYouTube
) -> None:
    videos = _yt_likes(yt_services, 8)

    def crash(written: int) -> None:
        if written == 3:
            raise Crash  # the third like landed; its checkpoint was never written

    with yt_services.transfer_target(YOUTUBE) as target, pytest.raises(Crash):
        _runner(yt_services, target, after_batch=crash).run(
            _liked(yt_services, YOUTUBE), dry_run=False
        )
    yt.requests.clear()
    with yt_services.transfer_target(YOUTUBE) as target:
        report = _runner(yt_services, target).run(_liked(yt_services, YOUTUBE), dry_run=False)
    assert report.resumed
    assert report.already_there == 3
    assert _likes_sent(yt) == videos  # each exactly once, in order
    assert yt.liked == list(reversed(videos))
    assert report.verified is True


def test_youtube_parks_at_the_daily_quota_and_resumes_after_pacific_midnight(
    yt_services: Services, yt: FakeYouTube, yt_clock: FakeClock
) -> None:
    yt_services.accounts.set_setting("youtube_music.daily_quota", "500")
    videos = _yt_likes(yt_services, 12)
    with yt_services.transfer_target(YOUTUBE) as target, pytest.raises(QuotaExhausted) as stop:
        _runner(yt_services, target).run(_liked(yt_services, YOUTUBE), dry_run=False)
    assert stop.value.until == NEXT_MIDNIGHT.timestamp()
    # 1 unit to read the liked videos + 9 × 50 = 451; the 10th like would pass 500
    assert _likes_sent(yt) == videos[:9]
    assert yt.units_used == 1 + 1 + 9 * 50  # the sign-in's channels.list too

    yt.requests.clear()
    with yt_services.transfer_target(YOUTUBE) as target, pytest.raises(QuotaExhausted):
        _runner(yt_services, target).run(_liked(yt_services, YOUTUBE), dry_run=False)  # today
    assert [r.path for r in yt.requests if r.method == "POST"] == []
    assert _likes_sent(yt) == videos[:9]

    yt_clock.t = NEXT_MIDNIGHT.timestamp() + 60
    with yt_services.transfer_target(YOUTUBE) as target:
        report = _runner(yt_services, target).run(_liked(yt_services, YOUTUBE), dry_run=False)
    assert report.resumed
    assert report.already_there == 9
    assert _likes_sent(yt) == videos  # the last three, nothing twice
    assert yt.liked == list(reversed(videos))
    assert report.verified is True


# -- Apple Music -----------------------------------------------------------------------------
@pytest.fixture
def apple(tmp_path: Path, clock: FakeClock) -> Iterator[FakeAppleMusic]:
    key = ec.generate_private_key(ec.SECP256R1())
    key_file = tmp_path / "AuthKey_KEY7890ABC.p8"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = FakeAppleMusic().start()
    server.developer_token = developer_token_from_key(key_file, "TEAM123456", "KEY7890ABC", clock)
    server.seed_library(30)
    server.add_to_catalog(*range(1000, 1300))
    yield server
    server.stop()


@pytest.fixture
def am(
    library: Library, secrets: MemorySecrets, clock: FakeClock, apple: FakeAppleMusic
) -> Iterator[tuple[Services, Any]]:
    services = Services(library, secrets, clock, apple.environ)
    services.grant(APPLE, "import")
    services.grant(APPLE, "write_back")
    services.connect(
        APPLE,
        client_id=None,
        credentials=Credentials(secret=apple.developer_token),
        open_browser=sign_in_in_thread(USER_TOKEN),
        timeout=10,
    )
    with services.transfer_target(APPLE) as target:
        yield services, target


def _apple_likes(services: Services, numbers: list[int]) -> None:
    _like(services.library, [_song(n, isrc(n)) for n in numbers])


def _library_adds(apple: FakeAppleMusic) -> list[int]:
    return [n for m, p, n in apple.writes if p == "/v1/me/library"]


def _library_ids(apple: FakeAppleMusic) -> list[str]:
    return [s["attributes"]["playParams"].get("catalogId") for s in apple.library]


def test_apple_dry_run_matches_by_isrc_and_adds_nothing(
    am: tuple[Services, Any], apple: FakeAppleMusic
) -> None:
    services, target = am
    _apple_likes(services, [1001, 1002])
    apple.requests.clear()
    report = _runner(services, target).run(_liked(services, APPLE))
    assert [(e.outcome, e.target_id) for e in report.entries] == [
        ("isrc", catalog_id(1002)),
        ("isrc", catalog_id(1001)),
    ]
    assert apple.writes == []
    assert {r.method for r in apple.requests} == {"GET"}


def test_apple_liked_songs_become_library_songs_100_a_call_oldest_first(
    am: tuple[Services, Any], apple: FakeAppleMusic
) -> None:
    services, target = am
    numbers = [5, *range(1000, 1249)]  # song 5 is already in the Apple Music library
    _apple_likes(services, numbers)
    report = _runner(services, target).run(_liked(services, APPLE), dry_run=False)
    assert _library_adds(apple) == [100, 100, 49]
    assert _library_ids(apple) == [
        *(catalog_id(n) for n in range(30)),
        *(catalog_id(n) for n in range(1000, 1249)),
    ]
    assert (report.written, report.already_there) == (249, 1)
    assert (report.verified, report.dates_kept) == (True, False)
    assert report.caveat is not None
    assert "library" in report.caveat


def test_apple_crash_between_batches_resumes_without_duplicates(
    am: tuple[Services, Any], apple: FakeAppleMusic
) -> None:
    services, target = am
    numbers = list(range(1000, 1250))
    _apple_likes(services, numbers)

    def crash(written: int) -> None:
        if written == 200:
            raise Crash  # the second batch landed; its checkpoint was never written

    with pytest.raises(Crash):
        _runner(services, target, after_batch=crash).run(_liked(services, APPLE), dry_run=False)
    apple.requests.clear()
    report = _runner(services, target).run(_liked(services, APPLE), dry_run=False)
    assert report.resumed
    assert apple.api_requests("/v1/catalog/") == []  # the match is not redone
    assert report.already_there == 200
    assert _library_adds(apple) == [100, 100, 50]
    ids = _library_ids(apple)
    assert len(ids) == len(set(ids)) == 30 + 250
    assert report.verified is True


def test_apple_verify_reads_the_library_back_and_says_when_a_song_did_not_land(
    am: tuple[Services, Any], apple: FakeAppleMusic
) -> None:
    services, target = am
    _apple_likes(services, [1001, 1002, 1003])
    apple.not_added = {catalog_id(1002)}  # accepted (202) but never added, as Apple may
    report = _runner(services, target).run(_liked(services, APPLE), dry_run=False)
    assert report.written == 3
    assert report.verified is False
    assert catalog_id(1002) not in _library_ids(apple)


# -- sign-out and help -----------------------------------------------------------------------
def test_a_youtube_sign_out_says_whether_google_revoked_the_access(
    yt_services: Services, yt: FakeYouTube, secrets: MemorySecrets
) -> None:
    yt.fail_next(1, 503, path="/revoke")  # Google cannot be reached
    done = yt_services.sign_out(YOUTUBE)
    assert done.revoked is False
    assert yt.revoked == []
    assert secrets.values == {}  # forgotten here anyway
    note = sign_out_note(YOUTUBE, done.removed, done.revoked)
    assert len(note.splitlines()) == 1
    assert "could not be reached" in note
    assert "https://myaccount.google.com/permissions" in note
    assert "revoked Mixtape" not in note


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def yt_cli(yt: FakeYouTube, monkeypatch: pytest.MonkeyPatch) -> FakeYouTube:
    for name, value in yt.environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MIXTAPE_YOUTUBE_MUSIC_SECRET", yt.client_secret)
    monkeypatch.setenv("BROWSER", f"{sys.executable} {BROWSER} %s")
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return yt


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = main(["--json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def test_cli_disconnect_tells_the_truth_about_the_revocation(
    capsys: pytest.CaptureFixture[str], yt_cli: FakeYouTube, memory_keyring: MemoryKeyring
) -> None:
    for revoke_fails in (False, True):
        args = ["connect", YOUTUBE, "--client-id", yt_cli.client_id, "--allow-import"]
        code, _, err = _cli(capsys, *args)
        assert code == 0, err
        if revoke_fails:
            yt_cli.fail_next(1, 503, path="/revoke")
        assert main(["disconnect", YOUTUBE]) == 0
        out = capsys.readouterr().out.strip()
        assert len(out.splitlines()) == 1
        if revoke_fails:
            assert "could not be reached" in out
            assert "revoked Mixtape" not in out
        else:
            assert "Google revoked Mixtape's access." in out
        assert not any(YOUTUBE in user for _, user in memory_keyring.entries)
    assert len(yt_cli.revoked) == 1  # the first sign-out only


def test_cli_transfers_liked_songs_to_youtube_dry_run_first_then_parks_at_the_quota(
    capsys: pytest.CaptureFixture[str], yt_cli: FakeYouTube, memory_keyring: MemoryKeyring
) -> None:
    args = ["connect", YOUTUBE, "--client-id", yt_cli.client_id, "--allow-import"]
    code, _, err = _cli(capsys, *args, "--allow-write-back", "--daily-quota", "200")
    assert code == 0, err
    with open_profile_library() as lib:
        twins = [
            ServiceTrack(YOUTUBE, f"vid{n:08d}", f"Song {n}", ("A",), isrc=f"GB{n:010d}")
            for n in range(5)
        ]
        _like(lib, [_song(n, f"GB{n:010d}") for n in range(5)], *twins)
    code, doc, err = _cli(capsys, "transfer", "--liked", "--to", YOUTUBE)
    assert code == 0, err
    assert (doc["dry_run"], doc["liked"], doc["summary"]) == (True, True, {"isrc": 5})
    assert yt_cli.rated == []
    code, doc, err = _cli(capsys, "transfer", "--liked", "--to", YOUTUBE, "--write")
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "quota" in err
    assert [v for v, _ in yt_cli.rated] == [f"vid{n:08d}" for n in range(3)]  # 1 + 3 × 50


def test_transfer_help_names_every_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transfer", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert set(target_services()) >= {"spotify", "deezer", "apple_music", YOUTUBE}
    for service in target_services():
        assert service in text
