"""Real (encrypted) libraries for the recommender's store-facing tests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.demo import load_demo
from domain import ImportRecord, Listen, Playlist, PlaylistEntry, SavedItem, ServiceTrack
from store import Library, Profile, open_library

PASSPHRASE = "recommend tests"
T0 = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)


def open_test_library(folder: Path) -> Library:
    return open_library(Profile.resolve(folder), PASSPHRASE)


def demo_library(folder: Path) -> Library:
    library = open_test_library(folder)
    load_demo(library)
    return library


def add_records(library: Library, importer: str, records: Sequence[ImportRecord]) -> None:
    with library.begin_import(importer, "tests", uuid.uuid4().hex) as writer:
        for record in records:
            writer.add(record)


def song(service: str, n: int, artist: str | None = None) -> ServiceTrack:
    return ServiceTrack(
        service=service,
        service_id=f"{service}-{n}",
        title=f"Unheard Song {n}",
        artists=(artist or f"Unheard Artist {n % 3}",),
        album=f"Unheard Album {n % 2}",
        duration_ms=200_000,
    )


def a_whole_source(service: str, count: int = 12) -> list[ImportRecord]:
    """A playlist, saved tracks and an evening of plays, all from ``service``."""
    tracks = [song(service, n) for n in range(count)]
    entries = tuple(PlaylistEntry(i, t, T0) for i, t in enumerate(tracks))
    plays = [
        Listen(t, T0 + timedelta(minutes=4 * i), service, 190_000) for i, t in enumerate(tracks)
    ]
    saved = [SavedItem(service, "track", track=t, added_at=T0) for t in tracks[:4]]
    return [
        *tracks,
        Playlist(service, f"{service} mix", entries, service_id="pl-1"),
        *plays,
        *saved,
    ]
