"""What the recommender trains on and queries with: plain, frozen Python values.

The store assembles these (already filtered by the user's "use for recommendations" consent);
nothing here knows about databases, services or Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class TrackInfo:
    """What the recommender knows about one track besides its interactions."""

    track_id: str
    title: str
    artists: tuple[str, ...]
    album: str | None = None
    year: int | None = None
    genres: tuple[str, ...] = ()

    @property
    def main_artist(self) -> str:
        """The first credited artist, or the empty string when unknown."""
        return self.artists[0] if self.artists else ""


@dataclass(frozen=True, slots=True)
class Play:
    """One play of a track. ``played_at`` is the *start* of the play, timezone-aware UTC."""

    track_id: str
    played_at: datetime
    ms_played: int
    duration_ms: int | None = None
    skipped: bool | None = None


@dataclass(frozen=True)
class Interactions:
    """Everything the models train on, already consent-filtered by the caller.

    ``playlists`` hold ordered track ids; ``sessions`` hold ``(track_id, weight)`` pairs as made
    by :func:`recommender.sessions.split_sessions`; ``saved`` is the liked/saved list. Tracks that
    appear only in ``tracks`` (no interaction at all) still get a vector through metadata.
    """

    tracks: dict[str, TrackInfo] = field(default_factory=dict)
    playlists: list[list[str]] = field(default_factory=list)
    sessions: list[list[tuple[str, float]]] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)

    def all_track_ids(self) -> list[str]:
        """Every track id mentioned anywhere, sorted so vocabularies are deterministic."""
        ids: set[str] = set(self.tracks)
        for playlist in self.playlists:
            ids.update(playlist)
        for session in self.sessions:
            ids.update(track_id for track_id, _ in session)
        ids.update(self.saved)
        return sorted(ids)
