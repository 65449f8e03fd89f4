"""Spotify sync against the fake Spotify: shapes, paging, incremental rules, quarantine."""

from __future__ import annotations

import pytest

from app.core.syncing import Services
from domain import Playlist
from store.export import playlist_by_id
from tests.fakes.spotify import FakeSpotify, make_track
from tests.services.support import api_paths, connect

RECORDED_MIX = "21THa8j9TaSGuXYNBU5tsC"


def _playlist(services: Services, name: str) -> Playlist:
    (row,) = services.library.playlists.find(name)
    return playlist_by_id(services.library, row.id)


def test_first_sync_brings_saved_tracks_playlists_and_recent_plays(
    services: Services, fake: FakeSpotify
) -> None:
    connect(services, fake)
    report = services.sync()
    assert {j.status for j in report.jobs} == {"done"}
    status = services.library.status()
    assert status["by_service"]["spotify"]["saved_items"] == 120
    assert status["by_service"]["spotify"]["playlists"] == 2
    assert status["by_service"]["spotify"]["listens"] == len(fake.recent)
    (account,) = report.accounts
    assert account.state == "ok"
    assert account.last_sync is not None


def test_page_size_is_read_back_from_the_responses(services: Services, fake: FakeSpotify) -> None:
    fake.page_size = 20  # the service serves fewer than the 50 we ask for
    connect(services, fake)
    services.sync()
    saved_pages = [r for r in fake.api_requests("/v1/me/tracks")]
    assert [r.query["offset"] for r in saved_pages] == [str(n) for n in range(0, 120, 20)]
    assert services.library.status()["saved_items"] == 120


@pytest.mark.parametrize("shape", ["2026", "legacy"])
def test_both_playlist_shapes_with_nulls_local_files_and_episodes(
    services: Services, fake: FakeSpotify, shape: str
) -> None:
    fake.shape = shape  # type: ignore[assignment]
    connect(services, fake)
    services.sync()
    mix = _playlist(services, "Recorded mix")
    kinds = [(e.position, e.track.kind, e.track.service_id is None) for e in mix.entries]
    # recorded: a track and an entry without one; then an episode, a null entry, a local file.
    # Null entries are skipped and every other entry keeps its position on the service.
    assert kinds == [(0, "track", False), (2, "episode", False), (4, "local", True)]
    assert mix.entries[0].added_by == "spotify_españa"
    assert mix.entries[-1].added_at is None


def test_a_resync_with_nothing_changed_reads_one_page_and_no_playlist_items(
    services: Services, fake: FakeSpotify
) -> None:
    connect(services, fake)
    services.sync()
    fake.requests.clear()
    services.sync()
    paths = api_paths(fake)
    assert paths.count("/v1/me/tracks") == 1  # stops at the first known item
    assert not [p for p in paths if p.startswith("/v1/playlists/")]
    assert paths.count("/v1/me/playlists") == 1


def test_new_liked_songs_cost_one_page(services: Services, fake: FakeSpotify) -> None:
    connect(services, fake)
    services.sync()
    fake.like(1000)
    fake.like(1001)
    fake.requests.clear()
    services.sync()
    assert api_paths(fake).count("/v1/me/tracks") == 1
    assert services.library.status()["saved_items"] == 122
    assert services.accounts.open_removals("spotify") == []


def test_an_unliked_song_is_quarantined_not_deleted(services: Services, fake: FakeSpotify) -> None:
    connect(services, fake)
    services.sync()
    gone = fake.unlike(5)
    services.sync()
    (removal,) = services.accounts.open_removals("spotify")
    assert removal.item_key == f"track:spotify:{gone['track']['id']}"
    assert removal.stream == "saved_tracks"
    assert services.library.status()["saved_items"] == 120  # still in the library


def test_only_a_changed_playlist_is_read_again_and_its_lost_entries_are_quarantined(
    services: Services, fake: FakeSpotify
) -> None:
    connect(services, fake)
    services.sync()
    morning = fake.playlists["5lp1aylist0000000000ab"]
    dropped = morning.entries.pop(0)
    morning.entries.append(fake.entry(77))
    morning.touch()
    fake.requests.clear()
    services.sync()
    item_requests = [p for p in api_paths(fake) if p.startswith("/v1/playlists/")]
    assert item_requests == ["/v1/playlists/5lp1aylist0000000000ab/items"]
    titles = [e.track.title for e in _playlist(services, "Morning").entries]
    assert titles[-1] == make_track(77)["name"]
    assert dropped is not None
    (removal,) = services.accounts.open_removals("spotify")
    assert removal.item_key == f"spotify:{dropped['track']['id']}"
    assert removal.stream == "playlist:5lp1aylist0000000000ab"


def test_a_playlist_gone_from_the_library_is_quarantined_and_kept(
    services: Services, fake: FakeSpotify
) -> None:
    connect(services, fake)
    services.sync()
    del fake.playlists[RECORDED_MIX]
    services.sync()
    assert [r.item_key for r in services.accounts.open_removals("spotify")] == [
        f"spotify:{RECORDED_MIX}"
    ]
    assert _playlist(services, "Recorded mix").entries


def test_recent_plays_use_the_after_cursor(services: Services, fake: FakeSpotify) -> None:
    connect(services, fake)
    services.sync()
    fake.requests.clear()
    services.sync()
    (recent,) = fake.api_requests("/v1/me/player/recently-played")
    assert int(recent.query["after"]) > 0
    assert services.library.status()["listens"] == len(fake.recent)


def test_nothing_is_fetched_without_import_consent(services: Services, fake: FakeSpotify) -> None:
    connect(services, fake)
    services.grant("spotify", "import", granted=False)
    fake.requests.clear()
    report = services.sync()
    assert report.skipped == {"spotify": "no consent to import"}
    assert fake.api_requests() == []
