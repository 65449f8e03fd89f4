"""YouTube Music against its fake: Google sign-in (loopback + PKCE, device flow), refresh and
revoke, incremental sync of playlists and likes, and the daily quota ledger."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from app.core.service_kinds import Credentials
from app.core.syncing import Services
from connectors._jobs import as_datetime, next_pacific_midnight, pacific_day
from connectors.errors import LoginCancelled, QuotaExhausted
from connectors.youtube_api._mapping import duration_ms, liked_video, title_and_artists
from domain import Playlist
from store import Library, Profile, open_library
from store.export import iter_saved, playlist_by_id
from store.quota import QuotaLedger
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.spotify import FakeSpotify
from tests.fakes.youtube import CHANNEL_ID, FakeYouTube, video
from tests.services.support import MemorySecrets
from tests.services.support import connect as connect_spotify

SERVICE = "youtube_music"
#: 12:00 in Los Angeles (PST, UTC-8) on 25 November 2026.
NOON_PACIFIC = datetime(2026, 11, 25, 20, 0, tzinfo=UTC).timestamp()
NEXT_MIDNIGHT = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def yt() -> Iterator[FakeYouTube]:
    server = FakeYouTube().start()
    morning = server.add_videos(0, 60)
    server.add_playlist("PLmorning", "Morning", morning)
    server.add_playlist("PLsmall", "Small", server.add_videos(100, 3, topic=False))
    server.liked = server.add_videos(200, 70)
    yield server
    server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOON_PACIFIC)


@pytest.fixture
def yt_services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, yt: FakeYouTube
) -> Services:
    return Services(library, secrets, clock, yt.environ)


def _connect(services: Services, yt: FakeYouTube, *, device: bool = False) -> None:
    services.grant(SERVICE, "import")
    services.connect(
        SERVICE,
        client_id=yt.client_id,
        credentials=Credentials(secret=yt.client_secret, device=device),
        open_browser=open_in_thread,
        timeout=10,
    )


def _playlist(services: Services, name: str) -> Playlist:
    (row,) = services.library.playlists.find(name)
    return playlist_by_id(services.library, row.id)


def _tokens(secrets: MemorySecrets, services: Services) -> dict[str, object]:
    return dict(json.loads(secrets.values[services.secret_name(SERVICE)]))


# -- sign-in -------------------------------------------------------------------------------
def test_loopback_sign_in_saves_the_account_and_keeps_secrets_in_the_keyring(
    yt_services: Services, yt: FakeYouTube, secrets: MemorySecrets
) -> None:
    _connect(yt_services, yt)
    (account,) = yt_services.accounts.accounts()
    assert (account.service, account.account_id, account.display_name) == (
        SERVICE,
        CHANNEL_ID,
        "Ana",
    )
    assert yt.token_requests == ["authorization_code"]  # PKCE verified by the fake
    assert _tokens(secrets, yt_services)["refresh_token"] in yt.refresh_tokens
    assert secrets.values[yt_services.app_secret_name(SERVICE)] == yt.client_secret
    assert yt_services.accounts.setting("youtube_music.client_id") == yt.client_id
    raw = yt_services.library.profile.db_path.read_bytes()
    assert yt.client_secret.encode() not in raw


def test_a_redirect_with_the_wrong_state_is_rejected(
    yt_services: Services, yt: FakeYouTube, secrets: MemorySecrets
) -> None:
    yt.tamper_state = True
    yt_services.grant(SERVICE, "import")
    with pytest.raises(LoginCancelled, match="timed out"):
        yt_services.connect(
            SERVICE,
            client_id=yt.client_id,
            credentials=Credentials(secret=yt.client_secret),
            open_browser=open_in_thread,
            timeout=1.0,
        )
    assert yt.token_requests == []  # the forged redirect's code was never exchanged
    assert secrets.values == {}


def test_a_sign_in_timeout_is_a_clean_cancel(
    yt_services: Services, yt: FakeYouTube, secrets: MemorySecrets
) -> None:
    yt_services.grant(SERVICE, "import")
    with pytest.raises(LoginCancelled, match="nothing was saved"):
        yt_services.connect(
            SERVICE,
            client_id=yt.client_id,
            credentials=Credentials(secret=yt.client_secret),
            open_browser=lambda url: True,
            timeout=0.3,
        )
    assert secrets.values == {}
    assert yt_services.accounts.accounts() == []


def test_device_flow_polls_through_pending_and_slow_down(
    yt_services: Services, yt: FakeYouTube, clock: FakeClock
) -> None:
    yt.device_script = ["authorization_pending", "slow_down", "ok"]
    shown: list[tuple[str, str]] = []
    yt_services.grant(SERVICE, "import")
    yt_services.connect(
        SERVICE,
        client_id=yt.client_id,
        credentials=Credentials(secret=yt.client_secret, device=True),
        show_code=lambda url, code: shown.append((url, code)),
    )
    assert shown == [("https://www.google.com/device", "GQVQ-JKEC")]
    assert clock.sleeps == [5, 5, 10]  # slow_down: 5 s more between polls, on the fake clock
    assert yt.token_requests.count("urn:ietf:params:oauth:grant-type:device_code") == 3
    assert yt_services.accounts.accounts()[0].account_id == CHANNEL_ID


@pytest.mark.parametrize(
    ("answer", "message"),
    [("access_denied", "declined"), ("expired_token", "expired")],
)
def test_device_flow_refused_or_expired_saves_nothing(
    yt_services: Services, yt: FakeYouTube, secrets: MemorySecrets, answer: str, message: str
) -> None:
    yt.device_script = ["authorization_pending", answer]
    yt_services.grant(SERVICE, "import")
    with pytest.raises(LoginCancelled, match=message):
        yt_services.connect(
            SERVICE,
            client_id=yt.client_id,
            credentials=Credentials(secret=yt.client_secret, device=True),
        )
    assert secrets.values == {}
    assert yt_services.accounts.accounts() == []


def test_refresh_rotation_is_saved(
    yt_services: Services, yt: FakeYouTube, secrets: MemorySecrets, clock: FakeClock
) -> None:
    _connect(yt_services, yt)
    first = _tokens(secrets, yt_services)["refresh_token"]
    clock.advance(3600)  # the access token has expired
    report = yt_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    second = _tokens(secrets, yt_services)["refresh_token"]
    assert second != first
    assert second in yt.refresh_tokens
    assert yt.token_requests.count("refresh_token") == 1


def test_invalid_grant_parks_every_job_without_a_retry_loop(
    yt_services: Services, yt: FakeYouTube, clock: FakeClock
) -> None:
    _connect(yt_services, yt)
    yt.revoke_refresh_tokens()  # e.g. the 7-day expiry of a Google app in "Testing"
    clock.advance(3600)
    yt.requests.clear()
    report = yt_services.sync()
    assert {(j.status, j.reason) for j in report.jobs} == {("parked", "needs_sign_in")}
    assert yt.token_requests.count("refresh_token") == 1
    assert yt.api_requests() == []
    assert report.accounts[0].state == "needs_sign_in"
    yt_services.sync()  # and again: still no retry
    assert yt.token_requests.count("refresh_token") == 1


def test_a_401_refreshes_once_and_goes_on(yt_services: Services, yt: FakeYouTube) -> None:
    _connect(yt_services, yt)
    yt.access_tokens.clear()  # Google dropped the access token early
    report = yt_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert yt.token_requests.count("refresh_token") == 1


def test_no_token_secret_or_authorization_header_in_the_logs(
    yt_services: Services,
    yt: FakeYouTube,
    secrets: MemorySecrets,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _connect(yt_services, yt)
    clock.advance(3600)
    yt_services.sync()
    yt_services.disconnect(SERVICE)
    assert caplog.records  # something was logged at all
    for token in [*yt.access_tokens, *yt.refresh_tokens, *yt.revoked, yt.client_secret]:
        assert token not in caplog.text
    assert "Authorization" not in caplog.text
    assert "Bearer" not in caplog.text


# -- sync ----------------------------------------------------------------------------------
def test_sync_reads_two_pages_maps_like_takeout_and_keeps_order_and_dates(
    yt_services: Services, yt: FakeYouTube
) -> None:
    _connect(yt_services, yt)
    report = yt_services.sync()
    assert {(j.stream, j.status) for j in report.jobs} == {
        ("saved_tracks", "done"),
        ("playlists", "done"),
    }
    morning = _playlist(yt_services, "Morning")
    assert len(morning.entries) == 60
    assert [e.track.service_id for e in morning.entries] == [
        v for v, _ in yt.playlists["PLmorning"].items
    ]
    first = morning.entries[0].track
    assert (first.title, first.artists, first.duration_ms) == ("Song 0", ("Artist 0",), 180_000)
    assert morning.entries[0].added_at == datetime(2024, 2, 1, 10, 0, tzinfo=UTC)
    assert morning.entries[0].added_by == CHANNEL_ID
    small = _playlist(yt_services, "Small")
    assert small.entries[0].track.title == "Song 100 (Official Video)"
    assert small.entries[0].track.artists == ("Artist 2",)  # "Artist - Title", not the channel
    assert yt.api_requests().count("playlistItems") == 3  # two pages + one
    saved = [s for s in iter_saved(yt_services.library) if s.service == SERVICE]
    assert len(saved) == 70


def test_an_unchanged_etag_skips_the_playlist_and_a_removal_is_quarantined(
    yt_services: Services, yt: FakeYouTube
) -> None:
    _connect(yt_services, yt)
    yt_services.sync()
    yt.requests.clear()
    yt_services.sync()
    assert "playlistItems" not in yt.api_requests()
    yt.playlists["PLsmall"].items.pop(0)
    yt.requests.clear()
    yt_services.sync()
    item_requests = [
        r.query.get("playlistId") for r in yt.requests if r.path.endswith("playlistItems")
    ]
    assert item_requests == ["PLsmall"]
    (removal,) = yt_services.accounts.open_removals(SERVICE)
    assert removal.item_key == "youtube_music:vid00000100"
    assert len(_playlist(yt_services, "Small").entries) == 2


def test_an_unliked_video_is_quarantined_not_deleted(
    yt_services: Services, yt: FakeYouTube
) -> None:
    _connect(yt_services, yt)
    yt_services.sync()
    gone = yt.liked.pop(5)
    yt_services.sync()
    (removal,) = yt_services.accounts.open_removals(SERVICE)
    assert (removal.item_key, removal.detail) == (
        f"track:youtube_music:{gone}",
        "no longer in liked videos on YouTube Music",
    )
    saved = [s for s in iter_saved(yt_services.library) if s.service == SERVICE]
    assert len(saved) == 70  # kept in the library until the user decides


def test_a_liked_pass_cut_by_the_quota_resumes_the_next_day(
    yt_services: Services, yt: FakeYouTube, clock: FakeClock
) -> None:
    yt_services.accounts.set_setting("youtube_music.daily_quota", "2")
    _connect(yt_services, yt)  # 1 unit; the first page of likes is the 2nd
    report = yt_services.sync()
    assert {(j.stream, j.status) for j in report.jobs} == {
        ("saved_tracks", "parked"),
        ("playlists", "parked"),
    }
    assert len([s for s in iter_saved(yt_services.library) if s.service == SERVICE]) == 50
    clock.t = NEXT_MIDNIGHT.timestamp() + 1
    report = yt_services.sync()  # the new day's 2 units: page 1 again (to find page 2's token)
    states = {j.stream: j.status for j in report.jobs}
    assert states == {"saved_tracks": "done", "playlists": "parked"}
    assert len([s for s in iter_saved(yt_services.library) if s.service == SERVICE]) == 70


def test_a_5xx_is_retried_and_the_sync_finishes(yt_services: Services, yt: FakeYouTube) -> None:
    _connect(yt_services, yt)
    yt.fail_next(1, 503, path="/youtube/v3/videos")
    report = yt_services.sync()
    assert {j.status for j in report.jobs} == {"done"}


# -- the daily quota ----------------------------------------------------------------------
def _ledger_today(library: Library, clock: FakeClock) -> int:
    return QuotaLedger(library).spent(SERVICE, pacific_day(as_datetime(clock.now())), "units")


def test_the_ledger_parks_at_the_budget_survives_a_restart_and_resumes_after_midnight(
    yt_services: Services,
    yt: FakeYouTube,
    clock: FakeClock,
    secrets: MemorySecrets,
    tmp_path: Path,
) -> None:
    yt_services.accounts.set_setting("youtube_music.daily_quota", "8")
    _connect(yt_services, yt)  # 1 unit (channels.list)
    report = yt_services.sync()  # liked: 2 pages; playlists: 1 + Morning 4; Small: over
    states = {j.stream: (j.status, j.reason, j.not_before) for j in report.jobs}
    assert states["saved_tracks"] == ("done", None, None)
    assert states["playlists"] == ("parked", "quota_used", NEXT_MIDNIGHT)
    assert yt.units_used == 8  # not one call past the budget
    assert _ledger_today(yt_services.library, clock) == 8
    assert report.accounts[0].state == "paused"
    assert report.accounts[0].paused_until == NEXT_MIDNIGHT

    # A restart: a new library handle and a new Services; the ledger still says "used".
    restarted_lib = open_library(Profile.resolve(tmp_path / "lib"), PASSPHRASE)
    try:
        restarted = Services(restarted_lib, secrets, clock, yt.environ)
        yt.requests.clear()
        restarted.sync()
        assert yt.requests == []
        with httpx.Client() as http, pytest.raises(QuotaExhausted):
            restarted.youtube(http).account()
        assert yt.requests == []

        # Past midnight in Los Angeles the job resumes where it stopped (Morning is not re-read).
        clock.t = NEXT_MIDNIGHT.timestamp() + 1
        after = Services(restarted_lib, secrets, clock, yt.environ).sync()
        assert {j.status for j in after.jobs} == {"done"}
        assert len(_playlist(restarted, "Small").entries) == 3
        item_requests = {
            r.query.get("playlistId") for r in yt.requests if r.path.endswith("playlistItems")
        }
        assert item_requests == {"PLsmall"}
        assert _ledger_today(restarted_lib, clock) == yt.units_used - 8
    finally:
        restarted_lib.close()


def test_a_403_quota_exceeded_parks_until_pacific_midnight(
    yt_services: Services, yt: FakeYouTube, clock: FakeClock, secrets: MemorySecrets
) -> None:
    _connect(yt_services, yt)
    yt.quota_limit = 5  # the Google project's quota was spent elsewhere too
    report = yt_services.sync()
    parked = [(j.status, j.reason, j.not_before) for j in report.jobs if j.status != "done"]
    assert parked == [("parked", "quota_used", NEXT_MIDNIGHT)]
    assert _ledger_today(yt_services.library, clock) == 10_000  # the day is marked used
    sent = len(yt.requests)
    with httpx.Client() as http, pytest.raises(QuotaExhausted):
        Services(yt_services.library, secrets, clock, yt.environ).youtube(http).account()
    assert len(yt.requests) == sent


def test_other_services_keep_syncing_while_youtube_is_parked(
    library: Library, secrets: MemorySecrets, clock: FakeClock, yt: FakeYouTube
) -> None:
    spotify = FakeSpotify().start()
    try:
        spotify.seed_saved(10)
        services = Services(library, secrets, clock, {**spotify.environ, **yt.environ})
        services.accounts.set_setting("youtube_music.daily_quota", "2")
        _connect(services, yt)
        connect_spotify(services, spotify)
        report = services.sync()
        by_service = {(j.service, j.status) for j in report.jobs}
        assert ("youtube_music", "parked") in by_service
        assert {j.status for j in report.jobs if j.service == "spotify"} == {"done"}
    finally:
        spotify.stop()


def test_the_quota_day_is_the_pacific_day_across_daylight_saving() -> None:
    summer = datetime(2026, 7, 1, 6, 59, tzinfo=UTC)  # 23:59 PDT on 30 June
    assert pacific_day(summer) == "2026-06-30"
    assert next_pacific_midnight(summer) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert next_pacific_midnight(datetime(2026, 11, 25, 20, tzinfo=UTC)) == NEXT_MIDNIGHT


# -- sign-out ------------------------------------------------------------------------------
def test_disconnect_revokes_the_token_at_google_and_forgets_it(
    yt_services: Services, yt: FakeYouTube, secrets: MemorySecrets
) -> None:
    _connect(yt_services, yt)
    refresh = _tokens(secrets, yt_services)["refresh_token"]
    removed = yt_services.disconnect(SERVICE)
    assert [a.account_id for a in removed] == [CHANNEL_ID]
    assert yt.revoked == [refresh]
    assert refresh not in yt.refresh_tokens
    assert secrets.values == {}


# -- mapping -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("iso", "ms"),
    [("PT3M33S", 213_000), ("PT1H2M3S", 3_723_000), ("PT45S", 45_000), ("P0D", None), ("x", None)],
)
def test_iso_8601_durations(iso: str, ms: int | None) -> None:
    assert duration_ms(iso) == ms


@pytest.mark.parametrize(
    ("title", "channel", "expected"),
    [
        ("Halo", "Beyoncé - Topic", ("Halo", ("Beyoncé",))),
        ("Daft Punk - One More Time", "DaftPunkVEVO", ("One More Time", ("Daft Punk",))),
        ("Live at home", "Some Band", ("Live at home", ("Some Band",))),
    ],
)
def test_artist_from_topic_channels_or_dash_titles(
    title: str, channel: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    assert title_and_artists(title, channel) == expected


def test_only_liked_music_is_kept() -> None:
    music = video(1)
    other = video(2)
    other["snippet"]["categoryId"] = "15"  # Pets & Animals
    assert liked_video(music) is not None
    assert liked_video(other) is None
