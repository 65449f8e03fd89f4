"""Apple Music against its fake: the MusicKit loopback page, the ES256 developer token,
incremental sync with checkpoints, recently played (not plays), reconnect-needed on a refused
Music User Token, Retry-After, no secrets in logs, and transfers (dry run, order, resume)."""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from app.core.service_apple import developer_token_from_key
from app.core.service_kinds import Credentials
from app.core.syncing import Services
from app.core.transfer import PlaylistTransfer, TransferError
from connectors.apple_music_api import MAX_LIFETIME, AppleMusicConnector, MusicKitPage
from connectors.errors import ClientError, LoginCancelled
from domain import Playlist, PlaylistEntry, ServiceTrack
from store import Library
from store.export import iter_saved, playlist_by_id
from store.transfers import Transfers
from tests.fakes.apple_music import USER_TOKEN, FakeAppleMusic, catalog_id, isrc
from tests.fakes.clock import FakeClock
from tests.fakes.musickit_browser import page_state, post_token, sign_in_in_thread
from tests.services.support import MemorySecrets

TEAM_ID, KEY_ID = "TEAM123456", "KEY7890ABC"


class Crash(Exception):
    """Stands for the process dying between a batch's write and its checkpoint."""


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / f"AuthKey_{KEY_ID}.p8"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


@pytest.fixture
def apple(key_file: Path, clock: FakeClock) -> Iterator[FakeAppleMusic]:
    server = FakeAppleMusic().start()
    server.developer_token = developer_token_from_key(key_file, TEAM_ID, KEY_ID, clock)
    server.seed_library(150)
    server.add_playlist("p.morning", "Morning", [3, 1, 2])
    server.add_playlist("p.empty", "Empty for now", [])
    server.play(*range(200, 212))
    yield server
    server.stop()


@pytest.fixture
def am_services(
    library: Library, secrets: MemorySecrets, clock: FakeClock, apple: FakeAppleMusic
) -> Services:
    return Services(library, secrets, clock, apple.environ)


def _connect(services: Services, apple: FakeAppleMusic, *, write: bool = False) -> None:
    services.grant("apple_music", "import")
    if write:
        services.grant("apple_music", "write_back")
    services.connect(
        "apple_music",
        client_id=None,
        credentials=Credentials(secret=apple.developer_token),
        open_browser=sign_in_in_thread(USER_TOKEN),
        timeout=10,
    )


def _paths(apple: FakeAppleMusic, prefix: str) -> list[str]:
    return [r.path for r in apple.api_requests(prefix)]


def _b64json(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


# -- sign-in ---------------------------------------------------------------------------------
def test_the_musickit_page_hands_back_the_user_token_and_both_stay_in_the_keyring(
    am_services: Services, apple: FakeAppleMusic, secrets: MemorySecrets
) -> None:
    _connect(am_services, apple)
    (account,) = am_services.accounts.accounts("apple_music")
    assert account.display_name == "Apple Music library (US)"
    (stored,) = secrets.values.values()
    assert json.loads(stored) == {
        "developer_token": apple.developer_token,
        "music_user_token": USER_TOKEN,
    }


def test_the_musickit_page_accepts_exactly_one_post_with_the_right_state() -> None:
    with MusicKitPage("a.developer.token", "http://127.0.0.1:9/musickit.js") as page:
        state = page_state(page.url)
        assert post_token(page.url, "forged-state", "stolen") == 400
        assert page.wait(0.01) is None  # a wrong state does not end the attempt
        assert post_token(page.url, state, "the-real-token") == 200
        assert post_token(page.url, state, "a-second-token") == 409
        assert page.wait(1) == "the-real-token"
        url = page.url
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=1)  # shut down once the attempt ended


def test_no_token_in_time_is_a_clean_cancel_that_saves_nothing(
    am_services: Services, apple: FakeAppleMusic, secrets: MemorySecrets
) -> None:
    am_services.grant("apple_music", "import")
    with pytest.raises(LoginCancelled):
        am_services.connect(
            "apple_music",
            client_id=None,
            credentials=Credentials(secret=apple.developer_token),
            open_browser=lambda url: True,  # the user never signs in
            timeout=0.2,
        )
    assert secrets.values == {}
    assert am_services.accounts.accounts("apple_music") == []
    assert apple.api_requests() == []


def test_a_pasted_user_token_skips_the_browser(
    am_services: Services, apple: FakeAppleMusic, secrets: MemorySecrets
) -> None:
    opened: list[str] = []
    am_services.grant("apple_music", "import")
    am_services.connect(
        "apple_music",
        client_id=None,
        credentials=Credentials(secret=apple.developer_token, token=USER_TOKEN),
        open_browser=lambda url: bool(opened.append(url)) or True,
    )
    assert opened == []
    assert am_services.accounts.accounts("apple_music")


def test_the_developer_token_is_es256_signed_with_apples_claims(
    key_file: Path, clock: FakeClock
) -> None:
    token = developer_token_from_key(key_file, TEAM_ID, KEY_ID, clock)
    header, claims, signature = token.split(".")
    assert _b64json(header) == {"alg": "ES256", "kid": KEY_ID, "typ": "JWT"}
    body = _b64json(claims)
    assert body["iss"] == TEAM_ID
    assert body["iat"] == int(clock.now())
    assert 0 < body["exp"] - body["iat"] <= MAX_LIFETIME  # at most six months
    raw = base64.urlsafe_b64decode(signature + "==")
    assert len(raw) == 64  # JWS: r‖s, not DER
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    private = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    private.public_key().verify(  # raises InvalidSignature when wrong
        der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256())
    )


def test_a_key_that_is_not_a_musickit_key_is_refused_in_one_line(
    tmp_path: Path, clock: FakeClock
) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "not-musickit.p8"
    path.write_bytes(
        rsa_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(ClientError, match="P-256"):
        developer_token_from_key(path, TEAM_ID, KEY_ID, clock)


def test_an_expired_pasted_developer_token_is_refused_before_any_request(
    am_services: Services, apple: FakeAppleMusic, clock: FakeClock
) -> None:
    clock.advance(MAX_LIFETIME + 1)
    am_services.grant("apple_music", "import")
    with pytest.raises(ClientError, match="expired"):
        am_services.connect(
            "apple_music",
            client_id=None,
            credentials=Credentials(secret=apple.developer_token, token=USER_TOKEN),
        )
    assert apple.requests == []


# -- sync -------------------------------------------------------------------------------------
def test_first_sync_reads_two_pages_and_fills_isrcs_with_one_catalog_lookup(
    am_services: Services, apple: FakeAppleMusic
) -> None:
    _connect(am_services, apple)
    apple.requests.clear()
    report = am_services.sync()
    assert {(j.stream, j.status) for j in report.jobs} == {
        ("library_songs", "done"),
        ("playlists", "done"),
        ("recent_plays", "done"),
    }
    library_pages = [r for r in apple.api_requests("/v1/me/library/songs")]
    assert [(r.query["offset"], r.query["limit"]) for r in library_pages] == [
        ("0", "100"),
        ("100", "100"),
    ]
    lookups = [r for r in apple.api_requests("/v1/catalog/us/songs") if "ids" in r.query]
    assert [len(r.query["ids"].split(",")) for r in lookups] == [150]  # "Morning" needs none
    saved = [s for s in iter_saved(am_services.library) if s.service == "apple_music"]
    assert len(saved) == 150
    first = saved[0].track
    assert first is not None
    assert (first.service_id, first.isrc) == (catalog_id(0), isrc(0))
    assert saved[0].added_at is not None
    (row,) = am_services.library.playlists.find("Morning")
    morning = playlist_by_id(am_services.library, row.id)
    assert [e.track.service_id for e in morning.entries] == [catalog_id(n) for n in (3, 1, 2)]
    assert [e.track.isrc for e in morning.entries] == [isrc(n) for n in (3, 1, 2)]


def test_a_resync_with_nothing_new_makes_only_the_checkpoint_requests(
    am_services: Services, apple: FakeAppleMusic
) -> None:
    _connect(am_services, apple)
    am_services.sync()
    apple.requests.clear()
    before = am_services.library.status()["by_service"]
    report = am_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    library = apple.api_requests("/v1/me/library/songs")
    assert [r.query["offset"] for r in library] == ["149"]  # starts at the last song seen
    assert _paths(apple, "/v1/me/library/playlists") == ["/v1/me/library/playlists"]
    assert len(apple.api_requests("/v1/me/recent/")) == 1
    assert apple.api_requests("/v1/catalog/") == []
    assert am_services.library.status()["by_service"] == before


def test_new_songs_are_read_from_the_checkpoint_and_removed_ones_quarantined(
    am_services: Services, apple: FakeAppleMusic
) -> None:
    _connect(am_services, apple)
    am_services.sync()
    apple.seed_library(5, start=150)
    apple.requests.clear()
    am_services.sync(["apple_music"])
    assert [r.query["offset"] for r in apple.api_requests("/v1/me/library/songs")] == ["149"]
    lookups = [r for r in apple.api_requests("/v1/catalog/us/songs") if "ids" in r.query]
    assert [len(r.query["ids"].split(",")) for r in lookups] == [5]  # only the new songs
    assert am_services.library.status()["by_service"]["apple_music"]["saved_items"] == 155
    del apple.library[10]
    am_services.sync()
    (removal,) = am_services.accounts.open_removals("apple_music")
    assert removal.item_key == f"track:apple_music:{catalog_id(10)}"
    assert am_services.library.status()["by_service"]["apple_music"]["saved_items"] == 155


def test_many_new_songs_are_read_on_from_the_checkpoint_with_a_lookup_per_300(
    am_services: Services, apple: FakeAppleMusic
) -> None:
    _connect(am_services, apple)
    am_services.sync()
    apple.seed_library(350, start=150)
    apple.requests.clear()
    am_services.sync(["apple_music"])
    offsets = [r.query["offset"] for r in apple.api_requests("/v1/me/library/songs")]
    assert offsets == ["149", "249", "349", "449"]  # never back to the start
    lookups = [r for r in apple.api_requests("/v1/catalog/us/songs") if "ids" in r.query]
    assert [len(r.query["ids"].split(",")) for r in lookups] == [299, 51]
    assert am_services.library.status()["by_service"]["apple_music"]["saved_items"] == 500
    assert am_services.accounts.open_removals("apple_music") == []


def test_a_pass_parked_mid_way_resumes_from_its_checkpoint(
    am_services: Services, apple: FakeAppleMusic, clock: FakeClock
) -> None:
    apple.seed_library(350, start=150)  # 500 songs: 5 pages
    apple.rate_limit_offsets = {"400"}
    _connect(am_services, apple)
    report = am_services.sync()
    parked = [j for j in report.jobs if j.stream == "library_songs"]
    assert [(j.status, j.reason) for j in parked] == [("parked", "rate_limited")]
    assert am_services.library.status()["by_service"]["apple_music"]["saved_items"] == 300
    clock.advance(86_400)
    apple.requests.clear()
    am_services.sync()
    offsets = [r.query["offset"] for r in apple.api_requests("/v1/me/library/songs")]
    assert offsets == ["300", "400"]  # the first 300 are not fetched again
    assert am_services.library.status()["by_service"]["apple_music"]["saved_items"] == 500


def test_recently_played_tracks_come_in_once_and_are_not_counted_as_plays(
    am_services: Services, apple: FakeAppleMusic
) -> None:
    _connect(am_services, apple)
    am_services.sync()
    recent = apple.api_requests("/v1/me/recent/played/tracks")
    assert [(r.query["offset"], r.query["limit"]) for r in recent] == [("0", "10"), ("10", "10")]
    status = am_services.library.status()
    assert status["by_service"]["apple_music"]["listens"] == 0  # no play times: not plays
    tracks = status["by_service"]["apple_music"]["service_tracks"]
    assert tracks == 150 + 12  # the library and the 12 recently played songs
    apple.requests.clear()
    am_services.sync()
    assert len(apple.api_requests("/v1/me/recent/")) == 1
    apple.play(300, 301)
    apple.requests.clear()
    am_services.sync()
    after = am_services.library.status()["by_service"]["apple_music"]
    assert after["service_tracks"] == tracks + 2
    assert after["listens"] == 0


def test_a_refused_music_user_token_parks_every_job_for_sign_in_without_retrying(
    am_services: Services, apple: FakeAppleMusic
) -> None:
    _connect(am_services, apple)
    apple.user_tokens.clear()  # the MUT expired
    apple.requests.clear()
    report = am_services.sync()
    assert {(j.status, j.reason) for j in report.jobs} == {("parked", "needs_sign_in")}
    assert len(apple.requests) == 1
    (account,) = report.accounts
    assert account.state == "needs_sign_in"
    apple.requests.clear()
    am_services.sync()
    assert apple.requests == []  # parked for sign-in: no retry loop


def test_a_short_retry_after_is_waited_on_the_clock_and_a_long_one_parks(
    am_services: Services, apple: FakeAppleMusic, clock: FakeClock
) -> None:
    _connect(am_services, apple)
    apple.fail_next(1, 429, {"Retry-After": "2"})
    report = am_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert 2.0 in clock.sleeps
    apple.fail_next(1, 429, {"Retry-After": "86400"})
    apple.requests.clear()
    report = am_services.sync()
    assert {(j.status, j.reason) for j in report.jobs} == {("parked", "rate_limited")}
    assert len(apple.requests) == 1
    assert max(clock.sleeps) <= 60


def test_a_server_error_is_retried_later_not_failed(
    am_services: Services, apple: FakeAppleMusic
) -> None:
    _connect(am_services, apple)
    apple.fail_next(1, 503)
    report = am_services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    assert am_services.library.status()["by_service"]["apple_music"]["saved_items"] == 150


def test_no_token_or_auth_header_reaches_the_logs(
    am_services: Services, apple: FakeAppleMusic, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _connect(am_services, apple, write=True)
    am_services.sync()
    apple.user_tokens.clear()
    am_services.sync()
    assert caplog.records  # httpx/httpcore did log at DEBUG
    for secret in (apple.developer_token, USER_TOKEN, "Authorization", "Music-User-Token"):
        assert secret not in caplog.text
    assert set(apple.user_token_headers) <= {USER_TOKEN, None}


# -- transfer ---------------------------------------------------------------------------------
def _source(numbers: list[int]) -> Playlist:
    tracks = [
        ServiceTrack(
            "spotify", f"sp{n:020d}", f"Catalog Song {n}", (f"Artist {n % 7}",), isrc=isrc(n)
        )
        for n in numbers
    ]
    entries = tuple(PlaylistEntry(i, t) for i, t in enumerate(tracks))
    return Playlist("spotify", "Big", entries, service_id="sp.big")


@pytest.fixture
def target(am_services: Services, apple: FakeAppleMusic) -> Iterator[AppleMusicConnector]:
    apple.add_to_catalog(*range(1000, 1300))
    _connect(am_services, apple, write=True)
    with am_services.transfer_target("apple_music") as connector:
        yield connector


def _transfer(services: Services, target: AppleMusicConnector, **kw: Any) -> PlaylistTransfer:
    return PlaylistTransfer(
        target, Transfers(services.library), services.accounts, services.now, **kw
    )


def test_a_transfer_dry_run_matches_by_isrc_then_search_and_writes_nothing(
    am_services: Services, apple: FakeAppleMusic, target: AppleMusicConnector
) -> None:
    by_name = ServiceTrack("deezer", "dz1", "Catalog Song 1005", ("Artist 4",))
    source = _source([1001, 1002])
    source = Playlist("spotify", "Mixed", (*source.entries, PlaylistEntry(2, by_name)))
    apple.requests.clear()
    report = _transfer(am_services, target).run(source)
    assert [(e.outcome, e.target_id) for e in report.entries] == [
        ("isrc", catalog_id(1001)),
        ("isrc", catalog_id(1002)),
        ("metadata", catalog_id(1005)),
    ]
    assert apple.writes == []
    assert {r.method for r in apple.requests} == {"GET"}
    searches = apple.api_requests("/v1/catalog/us/search")
    assert len(searches) == 1  # the ISRC hits spent no text search
    assert report.caveat is not None
    assert "cannot remove or reorder" in report.caveat


def test_a_transfer_writes_in_batches_in_source_order_and_verifies(
    am_services: Services, apple: FakeAppleMusic, target: AppleMusicConnector
) -> None:
    numbers = list(range(1249, 999, -1))  # 250 tracks, not in catalog order
    report = _transfer(am_services, target).run(_source(numbers), dry_run=False)
    created = apple.playlist_named("Big")
    assert [n for m, p, n in apple.writes if p.endswith("/tracks")] == [100, 100, 50]
    assert [s["attributes"]["playParams"]["catalogId"] for s in created.songs] == [
        catalog_id(n) for n in numbers
    ]
    assert report.written == 250
    assert report.verified is True


def test_a_crash_between_batches_resumes_without_duplicates(
    am_services: Services, apple: FakeAppleMusic, target: AppleMusicConnector
) -> None:
    numbers = list(range(1000, 1250))

    def crash_after_second_write(written: int) -> None:
        if written == 200:
            raise Crash  # the batch landed on Apple Music, its checkpoint was never saved

    with pytest.raises(Crash):
        _transfer(am_services, target, after_batch=crash_after_second_write).run(
            _source(numbers), dry_run=False
        )
    apple.requests.clear()
    report = _transfer(am_services, target).run(_source(numbers), dry_run=False)
    assert report.resumed
    assert apple.api_requests("/v1/catalog/") == []  # the match is not redone
    created = apple.playlist_named("Big")
    assert [s["attributes"]["playParams"]["catalogId"] for s in created.songs] == [
        catalog_id(n) for n in numbers
    ]
    assert [n for m, p, n in apple.writes if p.endswith("/tracks")] == [100, 100, 50]
    assert report.verified is True


def test_a_mirror_is_refused_because_apple_cannot_remove_tracks(
    am_services: Services, apple: FakeAppleMusic, target: AppleMusicConnector
) -> None:
    with pytest.raises(TransferError, match="cannot have tracks removed"):
        _transfer(am_services, target).run(_source([1001]), dry_run=False, mirror=True)
    assert apple.writes == []


def test_the_page_thread_does_not_outlive_the_sign_in() -> None:
    with MusicKitPage("a.developer.token", "http://127.0.0.1:9/musickit.js"):
        assert any(t.name == "mixtape-musickit-loopback" for t in threading.enumerate())
    assert not any(t.name == "mixtape-musickit-loopback" for t in threading.enumerate())
