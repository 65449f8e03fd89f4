"""Fixtures for the app tests: a task runner, an in-memory track source, and a real library.

The in-memory source refuses to be read on the main thread, so every test that uses it also
checks the rule "no database work on the UI thread".
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core.updates import DISABLE_ENV
from app.gui.tasks import TaskRunner
from domain import Listen, ServiceTrack
from store import Library, Profile, TrackRow, open_library
from store.importing import ImportBatchWriter

PASSPHRASE = "correct horse battery staple"

# Authored for these tests: fictional artists, albums and songs.
_ALBUMS: list[tuple[str, str, list[str]]] = [
    (
        "Harbour Lights",
        "The Lanternmen",
        [
            "Low Tide",
            "Salt on the Window",
            "Ferry at Dawn",
            "Gulls",
            "Harbour Lights",
            "Quiet Engines",
        ],
    ),
    (
        "Paper Satellites",
        "Mira Okafor",
        ["Orbit Song", "Paper Satellites", "Static Bloom", "Nightside", "Weightless (Reprise)"],
    ),
    (
        "Cold Pressed",
        "Juniper & The Vale",
        ["Cold Pressed", "Birch Road", "River Is Wide", "Small Fires", "Kettle Song", "Slow Thaw"],
    ),
    (
        "Neon Orchard",
        "Kasimir Lund",
        ["Neon Orchard", "Fruit Machine", "Late Bus Home", "Glass Apples", "After Hours"],
    ),
    (
        "A Year in Rooms",
        "Ada Stroud",
        [
            "January Room",
            "Wallpaper",
            "The Long Hall",
            "Attic Light",
            "Moving Day",
            "Keys on the Table",
        ],
    ),
    ("Tidewater", "Sol Ferreira", ["Tidewater", "Mangrove", "Blue Hour", "Undertow"]),
    (
        "Velvet Static",
        "The Quiet Hours",
        ["Velvet Static", "Dial Tone", "Radio Ghosts", "Signal Lost", "Switchboard Heart"],
    ),
    (
        "Field Notes",
        "Hanna Weiss",
        ["Field Notes", "Meadow Count", "Barn Swallow", "Hedgerow", "Thistle"],
    ),
]
_SERVICES = ("spotify", "apple_music", "youtube_music")


def _guest(artist: str) -> str:
    return "Mira Okafor" if artist != "Mira Okafor" else "Sol Ferreira"


def sample_tracks(copies: int = 1) -> list[ServiceTrack]:
    """A few dozen tracks over three services; ``copies`` repeats them with numbered titles."""
    tracks: list[ServiceTrack] = []
    n = 0
    for copy in range(copies):
        for album, artist, titles in _ALBUMS:
            for title in titles:
                service = _SERVICES[n % len(_SERVICES)]
                name = title if copy == 0 else f"{title} {copy}"
                tracks.append(
                    ServiceTrack(
                        service=service,
                        service_id=f"{service[:2]}{n:06d}",
                        title=name,
                        artists=(artist,) if n % 7 else (artist, _guest(artist)),
                        album=album,
                        duration_ms=150_000 + (n * 7919) % 150_000,
                    )
                )
                n += 1
    return tracks


def as_rows(tracks: list[ServiceTrack]) -> list[TrackRow]:
    return [
        TrackRow(
            id=i + 1,
            service=t.service,
            service_id=t.service_id,
            title=t.title,
            artists=t.artists,
            album=t.album,
            duration_ms=t.duration_ms,
            isrc=None,
            recording_id=None,
            plays=(i * 37) % 23,
        )
        for i, t in enumerate(tracks)
    ]


_SORT_KEYS: dict[str, Any] = {
    "title": lambda r: r.title.casefold(),
    "artists": lambda r: ", ".join(r.artists).casefold(),
    "album": lambda r: (r.album or "").casefold(),
    "duration_ms": lambda r: r.duration_ms or 0,
    "service": lambda r: r.service,
    "plays": lambda r: r.plays,
}


@dataclass
class FakeTracks:
    """``Library.tracks`` in memory; ``gates[query]`` holds a read of that query until set."""

    rows: list[TrackRow]
    gates: dict[str, threading.Event] = field(default_factory=dict)
    calls: list[tuple[str, str, int]] = field(default_factory=list)  # (method, query, offset)
    fail: Exception | None = None
    filters: dict[str, Any] = field(default_factory=dict)  # the filters of the last count

    def _check(self, method: str, query: str, offset: int = 0) -> None:
        if threading.current_thread() is threading.main_thread():
            raise AssertionError(f"tracks.{method}() was called on the UI thread")
        self.calls.append((method, query, offset))
        gate = self.gates.get(query)
        if gate is not None:
            gate.wait(10)
        if self.fail is not None:
            raise self.fail

    def _matching(self, query: str, service: str | None, saved: bool | None) -> list[TrackRow]:
        words = query.casefold().split()

        def hit(r: TrackRow) -> bool:
            text = " ".join((r.title, *r.artists, r.album or "")).casefold()
            in_service = service is None or r.service == service
            is_saved = saved is None or (r.id % 2 == 0) == saved  # even ids are "saved"
            return all(w in text for w in words) and in_service and is_saved

        return [r for r in self.rows if hit(r)]

    def count(
        self,
        query: str = "",
        service: str | None = None,
        *,
        min_services: int | None = None,
        saved: bool | None = None,
    ) -> int:
        self._check("count", query)
        self.filters = {"min_services": min_services, "saved": saved}
        return len(self._matching(query, service, saved))

    def page(
        self,
        offset: int,
        limit: int,
        query: str = "",
        sort: str = "title",
        descending: bool = False,
        service: str | None = None,
        *,
        min_services: int | None = None,
        saved: bool | None = None,
    ) -> list[TrackRow]:
        self._check("page", query, offset)
        rows = sorted(self._matching(query, service, saved), key=lambda r: r.id)
        rows.sort(key=_SORT_KEYS[sort], reverse=descending)
        return rows[offset : offset + limit]


@dataclass
class FakeLibrary:
    tracks: FakeTracks

    def status(self) -> dict[str, Any]:
        by_service: dict[str, dict[str, int]] = {}
        for row in self.tracks.rows:
            counts = by_service.setdefault(
                row.service, {"service_tracks": 0, "playlists": 0, "saved_items": 0, "listens": 0}
            )
            counts["service_tracks"] += 1
        return {
            "service_tracks": len(self.tracks.rows),
            "playlists": 4,
            "by_service": by_service,
            "accounts": [],
        }

    def close(self) -> None:
        pass


@pytest.fixture(autouse=True)
def _no_update_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows made by these tests never ask the real releases URL (tests/app/test_updates.py
    turns the check back on against a loopback server)."""
    monkeypatch.setenv(DISABLE_ENV, "1")


@pytest.fixture
def tasks(qapp: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.shutdown(10_000), "background tasks did not finish"


@pytest.fixture
def fake_tracks() -> Iterator[FakeTracks]:
    source = FakeTracks(as_rows(sample_tracks()))
    yield source
    for gate in source.gates.values():
        gate.set()  # never leave a worker blocked


@pytest.fixture
def fake_library(fake_tracks: FakeTracks) -> FakeLibrary:
    return FakeLibrary(fake_tracks)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.resolve(tmp_path / "profile")


@pytest.fixture
def real_library(profile: Profile) -> Iterator[Library]:
    """A real encrypted library holding the sample tracks and some listens."""
    library = open_library(profile, PASSPHRASE)
    tracks = sample_tracks()
    start = datetime(2024, 3, 1, 18, 0, tzinfo=UTC)
    with ImportBatchWriter(library, "test", "app-tests", "sample-v1") as batch:
        for track in tracks:
            batch.add(track)
        for i, track in enumerate(tracks[::3]):
            for play in range(i % 5):
                played_at = start + timedelta(days=i, minutes=play * 5)
                batch.add(Listen(track, played_at, track.service, ms_played=120_000))
    yield library
    library.close()
