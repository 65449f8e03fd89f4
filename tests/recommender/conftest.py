"""Small hand-made libraries whose right answers are obvious."""

from __future__ import annotations

import pytest

from recommender.data import Interactions, TrackInfo

ROCK = [f"rock{i}" for i in range(8)]
JAZZ = [f"jazz{i}" for i in range(8)]


def _track(track_id: str, artist: str, album: str, year: int) -> TrackInfo:
    return TrackInfo(track_id, track_id.title(), (artist,), album, year)


def two_scenes_library() -> Interactions:
    """Rock and jazz never share a playlist; ``rock0`` is in every rock playlist.

    ``newrock`` has no playlist at all but is by a rock artist: cold start must put it with rock.
    """
    tracks = {
        t: _track(t, "The Rocks" if i < 4 else "Stone Age", "Riffs", 1994)
        for i, t in enumerate(ROCK)
    }
    tracks.update(
        {
            t: _track(t, "Blue Trio" if i < 4 else "Late Set", "Nights", 1961)
            for i, t in enumerate(JAZZ)
        }
    )
    tracks["newrock"] = _track("newrock", "The Rocks", "Riffs II", 1996)
    playlists: list[list[str]] = []
    for shift in range(12):
        playlists.append(["rock0"] + [ROCK[1 + (shift + k) % 7] for k in range(4)])
        playlists.append([JAZZ[(shift + k) % 8] for k in range(5)])
    return Interactions(tracks=tracks, playlists=playlists, saved=["rock0", "jazz0"])


@pytest.fixture
def library() -> Interactions:
    return two_scenes_library()
