"""A synthetic playlist corpus with the structure real ones have.

No public playlist corpus can be downloaded where Mixtape is built, so the evaluation can also
run on a generated one. What it imitates (after the Million Playlist Dataset's published
statistics): a catalogue in genre communities split into scenes; artists with albums, an era
and a power-law popularity (a few artists get most plays); playlists that stick to one genre
(sometimes two), often to one scene or era, return to a few focus artists, and have lognormal
lengths (median ≈ 30). Everything is drawn from one seeded generator, so a seed is a corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from recommender.corpora import CorpusPlaylist, PlaylistCorpus
from recommender.data import TrackInfo


@dataclass(frozen=True, slots=True)
class CorpusShape:
    """Sizes and habits of the generated corpus."""

    n_tracks: int = 20_000
    n_playlists: int = 10_000
    n_genres: int = 20
    scenes_per_genre: int = 4
    tracks_per_album: int = 10
    albums_per_artist: float = 2.0
    popularity_exponent: float = 0.8
    hit_exponent: float = 1.0
    median_length: float = 30.0
    #: Where each playlist slot is drawn from: focus artists, the scene, the genre, a second
    #: genre, and the whole catalogue by popularity.
    source_mix: tuple[float, float, float, float, float] = (0.25, 0.35, 0.25, 0.1, 0.05)


class _Pool:
    """Tracks to draw from by popularity (inverse-CDF sampling)."""

    def __init__(self, rows: NDArray[np.int64], popularity: NDArray[np.float64]) -> None:
        self.rows = rows
        weights = popularity[rows]
        self.cdf = np.cumsum(weights) / weights.sum() if len(rows) else weights

    def draw(self, rng: np.random.Generator, count: int) -> NDArray[np.int64]:
        if count <= 0 or not len(self.rows):
            return np.zeros(0, dtype=np.int64)
        picks = np.searchsorted(self.cdf, rng.random(count), side="right")
        return self.rows[np.minimum(picks, len(self.rows) - 1)]


def generate_corpus(shape: CorpusShape | None = None, seed: int = 0) -> PlaylistCorpus:
    """Generate a catalogue and playlists; the same ``shape`` and ``seed`` give the same corpus."""
    shape = shape or CorpusShape()
    rng = np.random.default_rng(seed)
    per_artist = max(1, round(shape.tracks_per_album * shape.albums_per_artist))
    n_artists = max(1, shape.n_tracks // per_artist)
    n_scenes = shape.n_genres * shape.scenes_per_genre
    artist_scene = rng.integers(0, n_scenes, n_artists)
    artist_era = rng.integers(1960, 2024, n_artists)
    # Power-law artist popularity: the k-th most popular artist weighs k^-exponent.
    artist_pop = (1.0 + rng.permutation(n_artists)) ** -shape.popularity_exponent

    track_artist = np.minimum(np.arange(shape.n_tracks) // per_artist, n_artists - 1)
    within = np.arange(shape.n_tracks) - track_artist * per_artist
    album_of = within // shape.tracks_per_album
    # Inside an artist a few songs are the hits.
    popularity = (
        artist_pop[track_artist]
        * (1.0 + rng.permutation(shape.n_tracks) % 7) ** -shape.hit_exponent
    )
    track_scene = artist_scene[track_artist]
    track_genre = track_scene // shape.scenes_per_genre

    tracks: dict[str, TrackInfo] = {}
    ids = [f"syn:{row:06d}" for row in range(shape.n_tracks)]
    for row, track_id in enumerate(ids):
        artist = int(track_artist[row])
        tracks[track_id] = TrackInfo(
            track_id=track_id,
            title=f"Song {row}",
            artists=(f"Artist {artist}",),
            album=f"Album {artist}-{int(album_of[row])}",
            year=int(artist_era[artist] + 2 * album_of[row]),
            genres=(f"genre {int(track_genre[row])}",),
        )

    all_rows = np.arange(shape.n_tracks, dtype=np.int64)
    by_genre = [_Pool(all_rows[track_genre == g], popularity) for g in range(shape.n_genres)]
    by_scene = [_Pool(all_rows[track_scene == s], popularity) for s in range(n_scenes)]
    # Tracks are numbered artist by artist, so an artist's tracks are one slice.
    starts = np.searchsorted(track_artist, np.arange(n_artists + 1))
    by_artist = [_Pool(all_rows[starts[a] : starts[a + 1]], popularity) for a in range(n_artists)]
    everything = _Pool(all_rows, popularity)
    scene_weight = np.bincount(track_scene, weights=popularity, minlength=n_scenes)
    scene_pool = _Pool(np.arange(n_scenes, dtype=np.int64), scene_weight.astype(np.float64))
    artists_in_scene = [np.flatnonzero(artist_scene == s) for s in range(n_scenes)]
    mix = np.asarray(shape.source_mix) / sum(shape.source_mix)

    playlists: list[CorpusPlaylist] = []
    for number in range(shape.n_playlists):
        length = int(np.clip(rng.lognormal(np.log(shape.median_length), 0.7), 5, 250))
        scene = int(scene_pool.draw(rng, 1)[0])
        genre = scene // shape.scenes_per_genre
        other_genre = int(rng.integers(0, shape.n_genres))
        candidates = artists_in_scene[scene]
        focus = rng.choice(
            candidates,
            size=min(len(candidates), int(rng.integers(1, 4))),
            replace=False,
            p=artist_pop[candidates] / artist_pop[candidates].sum(),
        )
        wanted = int(length * 1.6) + 4
        sources = rng.choice(5, size=wanted, p=mix)
        drawn = np.concatenate(
            [
                by_artist[int(rng.choice(focus))].draw(rng, int((sources == 0).sum())),
                by_scene[scene].draw(rng, int((sources == 1).sum())),
                by_genre[genre].draw(rng, int((sources == 2).sum())),
                by_genre[other_genre].draw(rng, int((sources == 3).sum())),
                everything.draw(rng, int((sources == 4).sum())),
            ]
        )
        drawn = drawn[rng.permutation(len(drawn))]
        _, first = np.unique(drawn, return_index=True)
        chosen = drawn[np.sort(first)][:length]
        playlists.append(CorpusPlaylist(f"Playlist {number}", [ids[r] for r in chosen]))
    return PlaylistCorpus(tracks=tracks, playlists=playlists)
