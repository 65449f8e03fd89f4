"""The bundled demo library loads through the normal import path and has the promised shape."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connectors.registry import detect
from connectors.sources import expand
from domain import ImportRecord, Listen, Playlist, SavedItem, ServiceTrack
from resources.demo import DEMO_LIBRARY
from resources.demo.make_demo import main as make_demo

DEMO = Path(str(DEMO_LIBRARY))


def load() -> list[ImportRecord]:
    (file,) = expand(DEMO)
    importer = detect(file)
    assert importer.name == "mixtape_json"
    return list(importer.read(file))


def test_demo_is_small_and_regenerates_byte_for_byte(tmp_path: Path) -> None:
    assert DEMO.stat().st_size <= 2_000_000
    make_demo(tmp_path / "demo.json")
    assert (tmp_path / "demo.json").read_bytes() == DEMO.read_bytes(), "run make_demo again"


def test_demo_has_tracks_on_several_services_with_real_duplicates() -> None:
    tracks = [r for r in load() if isinstance(r, ServiceTrack)]
    streaming = [t for t in tracks if t.service != "lastfm"]
    assert 300 <= len(streaming) <= 400
    by_service = Counter(t.service for t in streaming)
    assert {"spotify", "apple_music", "youtube_music", "deezer"} <= set(by_service)
    assert min(by_service[s] for s in ("spotify", "apple_music", "youtube_music")) >= 50
    services_per_isrc: dict[str, set[str]] = {}
    for track in streaming:
        if track.isrc:
            services_per_isrc.setdefault(track.isrc, set()).add(track.service)
    assert sum(len(s) >= 2 for s in services_per_isrc.values()) >= 20
    titles = {(t.service, t.title) for t in streaming}
    assert ("spotify", "Bohemian Rhapsody - Remastered 2011") in titles or (
        "spotify",
        "Bohemian Rhapsody - 2011 Remaster",
    ) in titles
    assert any(s == "apple_music" and t.endswith("(Remastered)") for s, t in titles)
    assert ("spotify", "Hotel California - Live On MTV, 1994") in titles  # not the studio song
    assert any("Radio Edit" in t for _, t in titles)


def test_demo_playlists_have_order_dates_and_collaborators() -> None:
    playlists = [r for r in load() if isinstance(r, Playlist)]
    assert 6 <= len(playlists) <= 10
    assert {"spotify", "apple_music", "youtube_music", "deezer", "local"} <= {
        p.service for p in playlists
    }
    for playlist in playlists:
        assert [e.position for e in playlist.entries] == list(range(len(playlist.entries)))
    collaborative = [p for p in playlists if len({e.added_by for e in p.entries}) >= 3]
    assert len(collaborative) >= 2
    dated = [p for p in playlists if all(e.added_at for e in p.entries)]
    assert len(dated) >= 6


def test_demo_has_liked_songs_per_service() -> None:
    saved = [r for r in load() if isinstance(r, SavedItem)]
    liked = Counter(s.service for s in saved if s.kind == "track")
    assert all(liked[s] >= 5 for s in ("spotify", "apple_music", "youtube_music", "deezer"))
    assert all(s.added_at for s in saved if s.kind == "track")


def test_demo_has_a_year_of_listens_with_plays_reported_twice() -> None:
    listens = [r for r in load() if isinstance(r, Listen)]
    assert 2_000 <= len(listens) <= 8_000
    assert {lis.source for lis in listens} == {"spotify", "apple_music", "lastfm"}
    first, last = min(lis.played_at for lis in listens), max(lis.played_at for lis in listens)
    assert first < datetime(2025, 11, 8, tzinfo=UTC)
    assert last > datetime(2026, 10, 24, tzinfo=UTC)
    assert len({lis.played_at.strftime("%Y-%m") for lis in listens}) == 12
    spotify = {(lis.track.title, lis.played_at) for lis in listens if lis.source == "spotify"}
    twice = [
        lis
        for lis in listens
        if lis.source == "lastfm"
        and any(
            (lis.track.title, lis.played_at - timedelta(seconds=s)) in spotify for s in range(3)
        )
    ]
    assert len(twice) >= 500
