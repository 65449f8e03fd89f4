"""Why a track was suggested, in words a listener recognises.

Reasons are built only from the listener's own data (their playlists and plays), never from
anything the model cannot point at, so each one can be checked in the library.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from recommender.data import TrackInfo


def _name(tracks: Mapping[str, TrackInfo], track_id: str) -> str:
    info = tracks.get(track_id)
    return f"“{info.title}”" if info is not None and info.title else "a track you know"


class PlaylistNeighbours:
    """Which playlists each track is in, to say "often next to X and Y in your playlists"."""

    def __init__(self, playlists: Sequence[Sequence[str]]) -> None:
        self._where: dict[str, set[int]] = defaultdict(set)
        for number, playlist in enumerate(playlists):
            for track_id in playlist:
                self._where[track_id].add(number)

    def shared(self, candidate: str, seeds: Sequence[str]) -> list[tuple[str, int]]:
        """Seeds sharing playlists with ``candidate``, most shared first."""
        mine = self._where.get(candidate)
        if not mine:
            return []
        counts = [(s, len(mine & self._where.get(s, set()))) for s in dict.fromkeys(seeds)]
        return sorted([c for c in counts if c[1] > 0], key=lambda c: (-c[1], c[0]))


def continuation_reason(
    candidate: str,
    seeds: Sequence[str],
    tracks: Mapping[str, TrackInfo],
    neighbours: PlaylistNeighbours,
    fallback: str = "in the same corner of your library as {seed}",
) -> str:
    """A reason for a suggestion made from seed tracks (a playlist, a track, recent plays).

    ``fallback`` (with ``{seed}`` for the first seed's title) is used when neither playlists
    nor artists connect the suggestion to a seed.
    """
    shared = neighbours.shared(candidate, seeds)
    if len(shared) >= 2:
        first, second = shared[0][0], shared[1][0]
        return f"often next to {_name(tracks, first)} and {_name(tracks, second)} in your playlists"
    if shared:
        seed, count = shared[0]
        times = "1 of your playlists" if count == 1 else f"{count} of your playlists"
        return f"sits with {_name(tracks, seed)} in {times}"
    info = tracks.get(candidate)
    seed_artists = {a.casefold() for s in seeds if s in tracks for a in tracks[s].artists}
    if info is not None:
        for artist in info.artists:
            if artist.casefold() in seed_artists:
                return f"more from {artist}, who is already here"
    if seeds:
        return fallback.format(seed=_name(tracks, seeds[0]))
    return "popular in your library"


def onboarding_reason(
    candidate: str,
    tracks: Mapping[str, TrackInfo],
    artists: Sequence[str],
    genres: Sequence[str],
    friend_playlists: Mapping[str, Sequence[str]],
) -> str:
    """A reason for a cold-start suggestion from taste answers and friends' playlists."""
    for name, playlist in friend_playlists.items():
        if candidate in playlist:
            return f"in your friend's playlist “{name}”"
    info = tracks.get(candidate)
    picked = {a.casefold(): a for a in artists}
    if info is not None:
        for artist in info.artists:
            if artist.casefold() in picked:
                return f"by {picked[artist.casefold()]}, whom you picked"
        for genre in info.genres:
            if genre.casefold() in {g.casefold() for g in genres}:
                return f"{genre}, which you said you like"
    if artists:
        return f"close to {artists[0]}, whom you picked"
    return "popular in your catalogue"
