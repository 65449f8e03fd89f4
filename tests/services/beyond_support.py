"""A small listening history and the similar music the fake Last.fm and ListenBrainz know.

The library (fictional songs): "Low Tide" and "Gulls" by The Lanternmen, played most; "Orbit
Song" by Mira Okafor, played and liked; "Cold Pressed" by Juniper & The Vale, liked. The fakes
answer for them with songs the library does not have, plus "Gulls" (which it does), and one
song, "Common Ground" by Meeting Point, that both sources name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain import Listen, SavedItem, ServiceTrack
from store import Library
from store.importing import ImportBatchWriter
from tests.fakes.lastfm import FakeLastfm, similar_artist, similar_track
from tests.fakes.listenbrainz import (
    FakeListenBrainz,
    lookup_answer,
    similar_artist_row,
    similar_recording,
    top_recording,
)

R_LOW = "11111111-1111-4111-8111-111111111111"
R_ORBIT = "22222222-2222-4222-8222-222222222222"
A_LANTERN = "33333333-3333-4333-8333-333333333333"
A_MIRA = "44444444-4444-4444-8444-444444444444"
R_COMMON = "55555555-5555-4555-8555-555555555555"
R_DEEP = "66666666-6666-4666-8666-666666666666"
R_KELP = "77777777-7777-4777-8777-777777777777"
A_UNDERSEA = "88888888-8888-4888-8888-888888888888"

_DURATION = 200_000


def _track(n: int, title: str, artist: str) -> ServiceTrack:
    return ServiceTrack("spotify", f"beyond{n:016d}", title, (artist,), duration_ms=_DURATION)


LOW_TIDE = _track(1, "Low Tide", "The Lanternmen")
GULLS = _track(2, "Gulls", "The Lanternmen")
ORBIT = _track(3, "Orbit Song", "Mira Okafor")
COLD = _track(4, "Cold Pressed", "Juniper & The Vale")


def seed_history(library: Library) -> None:
    """Plays and likes, as one imported file."""
    start = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    plays = [(LOW_TIDE, 12), (GULLS, 3), (ORBIT, 8)]
    with ImportBatchWriter(library, "spotify_extended", "history.json", "beyond-test") as w:
        n = 0
        for track, count in plays:
            for _ in range(count):
                when = start + timedelta(minutes=4 * n)
                w.add(Listen(track, when, "spotify", ms_played=_DURATION))
                n += 1
        for track in (ORBIT, COLD):
            w.add(SavedItem("spotify", "track", track=track, added_at=start))


def seed_lastfm(fake: FakeLastfm) -> None:
    fake.add_similar(
        "The Lanternmen",
        "Low Tide",
        [
            similar_track("Ferry Bells", "Harbour Band", 1.0),
            similar_track("Gulls", "The Lanternmen", 0.95),  # already in the library
            similar_track("Common Ground", "Meeting Point", 0.3),
        ],
    )
    fake.add_similar(
        "Mira Okafor",
        "Orbit Song",
        [
            similar_track("Starfield", "Nova Lane", 0.9),
            similar_track("Common Ground", "Meeting Point", 0.2),
        ],
    )
    fake.similar_artists["the lanternmen"] = [similar_artist("Harbour Band", 0.8)]
    fake.top_tracks["harbour band"] = [
        similar_track("Sea Shanty", "Harbour Band", 0.0),
        similar_track("Ferry Bells", "Harbour Band", 0.0),
    ]


def seed_listenbrainz(fake: FakeListenBrainz) -> None:
    fake.lookups[("the lanternmen", "low tide")] = lookup_answer(
        "Low Tide", "The Lanternmen", R_LOW, A_LANTERN
    )
    fake.lookups[("mira okafor", "orbit song")] = lookup_answer(
        "Orbit Song", "Mira Okafor", R_ORBIT, A_MIRA
    )
    fake.similar_recordings[R_LOW] = [
        similar_recording("Common Ground", "Meeting Point", R_COMMON, 120, R_LOW),
        similar_recording("Deep Water", "Undersea", R_DEEP, 60, R_LOW),
    ]
    fake.similar_artists[A_LANTERN] = [similar_artist_row("Undersea", A_UNDERSEA, 50, A_LANTERN)]
    fake.top_recordings[A_UNDERSEA] = [
        top_recording("Deep Water", "Undersea", A_UNDERSEA, R_DEEP),
        top_recording("Kelp", "Undersea", A_UNDERSEA, R_KELP),
    ]
