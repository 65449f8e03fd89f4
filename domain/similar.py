"""Similar music from open sources ("beyond the silo"): the seeds asked about, the answers.

A *seed* is one song (or one artist) from the user's own library that Mixtape asks Last.fm or
ListenBrainz about; only its title, artist and MusicBrainz ids ever leave the computer. A
*similar track* is one answer: metadata only (no audio, no service ids to play), with the
source's own similarity score scaled to 0..1 and the seed it answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from domain.normalize import fold, match_key

#: Where similar music comes from; each needs its own "discover" consent.
SIMILAR_SOURCES = ("lastfm", "listenbrainz")

#: How an answer was found: similar to the seed track, or a top track of a similar artist.
SimilarVia = Literal["track", "artist"]


@dataclass(frozen=True, slots=True)
class Seed:
    """A song of the user's that similar music is looked up for."""

    title: str
    artist: str
    recording_mbid: str | None = None
    artist_mbid: str | None = None

    @property
    def key(self) -> str:
        """Stable cache key: the normalised title and artist (the MBID may arrive later)."""
        return match_key(self.title, (self.artist,))

    @property
    def artist_key(self) -> str:
        return fold(self.artist)


@dataclass(frozen=True, slots=True)
class SimilarTrack:
    """One song a source says is like a seed. ``score`` is the source's similarity, 0..1."""

    source: str
    seed_key: str
    title: str
    artists: tuple[str, ...]
    score: float
    via: SimilarVia = "track"
    mbid: str | None = None
    isrc: str | None = None
    url: str | None = None
    #: For ``via == "artist"``: the similar artist it came through.
    through_artist: str | None = None

    @property
    def key(self) -> str:
        return match_key(self.title, self.artists)
