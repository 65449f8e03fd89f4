"""Transfers to YouTube Music against the fake: a dry run writes nothing, a song the library
already knows on YouTube costs no search, and a long playlist stops at the daily quota and
resumes after midnight Pacific time without adding anything twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.syncing import Services
from app.core.transfer import PlaylistTransfer, TransferError, TransferReport
from connectors.errors import QuotaExhausted
from domain import Playlist, PlaylistEntry, ServiceTrack
from store.importing import ImportBatchWriter
from store.transfers import Transfers
from tests.fakes.clock import FakeClock
from tests.fakes.youtube import FakeYouTube

SERVICE = "youtube_music"
NEXT_MIDNIGHT = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def _spotify(n: int, isrc: str | None = None) -> ServiceTrack:
    return ServiceTrack(
        "spotify",
        f"sp{n:020d}",
        f"Song {n}",
        (f"Artist {n % 7}",),
        duration_ms=180_000 + n * 1000,
        isrc=isrc,
    )


def _transfer(services: Services, playlist: Playlist, *, dry_run: bool) -> TransferReport:
    with services.transfer_target(SERVICE) as target:
        runner = PlaylistTransfer(
            target, Transfers(services.library), services.accounts, services.now
        )
        return runner.run(playlist, dry_run=dry_run)


def _posts(yt: FakeYouTube) -> list[str]:
    return [r.path for r in yt.requests if r.method == "POST" and r.path.startswith("/youtube/")]


def test_a_dry_run_searches_but_never_writes(yt_services: Services, yt: FakeYouTube) -> None:
    playlist = Playlist("spotify", "Road", tuple(PlaylistEntry(i, _spotify(i)) for i in range(2)))
    yt.requests.clear()
    report = _transfer(yt_services, playlist, dry_run=True)
    assert report.counts() == {"metadata": 2}
    assert [e.target_id for e in report.entries] == ["vid00000000", "vid00000001"]
    assert yt.api_requests().count("search") == 2
    assert _posts(yt) == []


def test_a_song_the_library_knows_on_youtube_costs_no_search(
    yt_services: Services, yt: FakeYouTube
) -> None:
    known = ServiceTrack(SERVICE, "vid00000003", "Song 3", ("Artist 3",), isrc="GBAYE0000003")
    source = _spotify(3, isrc="GBAYE0000003")
    with ImportBatchWriter(yt_services.library, "test", "twins", "twins-v1") as batch:
        batch.add(known)
        batch.add(source)
    yt.requests.clear()
    report = _transfer(
        yt_services, Playlist("spotify", "One", (PlaylistEntry(0, source),)), dry_run=True
    )
    assert [(e.outcome, e.target_id) for e in report.entries] == [("isrc", "vid00000003")]
    assert "search" not in yt.api_requests()


def test_a_long_transfer_parks_at_the_quota_and_resumes_next_day_without_duplicates(
    yt_services: Services, yt: FakeYouTube, yt_clock: FakeClock
) -> None:
    yt_services.accounts.set_setting("youtube_music.daily_quota", "500")
    videos = [f"vid{n:08d}" for n in range(12)]
    tracks = [ServiceTrack(SERVICE, v, f"Song {n}", ("A",)) for n, v in enumerate(videos)]
    playlist = Playlist("local", "Long", tuple(PlaylistEntry(i, t) for i, t in enumerate(tracks)))
    with pytest.raises(QuotaExhausted) as stopped:
        _transfer(yt_services, playlist, dry_run=False)
    assert stopped.value.until == NEXT_MIDNIGHT.timestamp()
    (created,) = [p for p in yt.playlists.values() if p.title == "Long"]
    landed = len(created.items)
    assert landed == 8  # 1 (list) + 50 (create) + 8 × 50 = 451; the 9th add would pass 500
    assert yt.units_used == 1 + 1 + 50 + 8 * 50  # connect's channels.list too

    yt_clock.t = NEXT_MIDNIGHT.timestamp() + 60
    report = _transfer(yt_services, playlist, dry_run=False)
    assert report.resumed
    assert report.verified is True
    assert [v for v, _ in created.items] == videos  # in order, nothing twice


def test_mirroring_to_youtube_is_refused_before_anything_is_written(
    yt_services: Services, yt: FakeYouTube
) -> None:
    playlist = Playlist(
        "local", "M", (PlaylistEntry(0, ServiceTrack(SERVICE, "vid00000001", "S", ())),)
    )
    yt.requests.clear()
    with yt_services.transfer_target(SERVICE) as target:
        runner = PlaylistTransfer(
            target, Transfers(yt_services.library), yt_services.accounts, yt_services.now
        )
        with pytest.raises(TransferError, match="mirror"):
            runner.run(playlist, dry_run=False, mirror=True)
    assert _posts(yt) == []
