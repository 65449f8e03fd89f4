"""Generated libraries for the app benchmark, written through the store's bulk writes.

Titles, artists and albums are drawn from a vocabulary so that search behaves as on a real
library (many different words, some common ones), not "Song number 1..N". Libraries are cached
under the work folder by size, so repeated runs skip the generation.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain import Listen, Playlist, PlaylistEntry, ServiceTrack

PASSPHRASE = "bench passphrase"
SERVICES = ("spotify", "apple_music", "youtube_music")
T0 = datetime(2016, 1, 1, tzinfo=UTC)
_SYLLABLES = (
    "la", "mo", "ri", "ka", "zen", "tor", "vel", "an", "su", "mi", "do", "ra", "lu", "ne",
    "sa", "ko", "bel", "tra", "ion", "er", "ta", "ny", "ol", "um", "is", "ar", "ve", "qui",
)  # fmt: skip


@dataclass(frozen=True)
class Size:
    tracks: int
    playlists: int
    listens: int
    big_playlist: int = 10_000  # entries in the one playlist the benchmark opens
    playlist_entries: int = 50  # entries in each of the others

    @property
    def name(self) -> str:
        return f"t{self.tracks}-p{self.playlists}-l{self.listens}-b{self.big_playlist}"


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _catalogue(size: Size, seed: int = 11) -> list[ServiceTrack]:
    rng = random.Random(seed)
    words = _vocabulary(rng, 3000)
    artists = [" ".join(rng.sample(words, 2)).title() for _ in range(max(10, size.tracks // 20))]
    albums = [" ".join(rng.sample(words, rng.randint(1, 3))).title()
              for _ in range(max(10, size.tracks // 10))]  # fmt: skip
    tracks = []
    for i in range(size.tracks):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))).capitalize()
        service = SERVICES[i % 3]
        tracks.append(
            ServiceTrack(
                service=service,
                service_id=f"{service[:2]}{i:09d}",
                title=title,
                artists=(rng.choice(artists),),
                album=rng.choice(albums),
                duration_ms=rng.randint(90_000, 420_000),
                isrc=f"QZ{i:010d}",
            )
        )
    return tracks


def _listens(tracks: list[ServiceTrack], n: int) -> Iterator[Listen]:
    rng = random.Random(5)
    moment = T0
    for _ in range(n):
        track = tracks[int(rng.paretovariate(1.2) * 7) % len(tracks)]
        moment += timedelta(seconds=rng.randint(60, 400))
        yield Listen(track, moment, track.service, ms_played=rng.randint(20_000, 300_000))


def _playlists(tracks: list[ServiceTrack], size: Size) -> Iterator[Playlist]:
    rng = random.Random(3)
    for p in range(size.playlists):
        count = size.big_playlist if p == 0 else size.playlist_entries
        entries = tuple(
            PlaylistEntry(i, tracks[rng.randrange(len(tracks))], T0 + timedelta(hours=i))
            for i in range(count)
        )
        name = "The big one" if p == 0 else f"Playlist {p}"
        yield Playlist(SERVICES[p % 3], name, entries, service_id=f"pl{p:06d}")


def build(folder: Path, size: Size) -> Path:
    """The profile folder of a library of ``size`` (generated once, then reused)."""
    from store import Profile, open_library

    profile_dir = folder / size.name
    done = profile_dir / "complete"
    if done.exists():
        return profile_dir
    library = open_library(Profile.resolve(profile_dir), PASSPHRASE)
    tracks = _catalogue(size)
    writer = library.begin_import("benchmark", "generated", size.name)
    library.tracks.upsert_many(tracks, writer.batch_id)
    library.listens.upsert_many(_listens(tracks, size.listens), writer.batch_id)
    writer.complete()
    with library.begin_import("benchmark", "playlists", size.name + "-p") as batch:
        for playlist in _playlists(tracks, size):
            batch.add(playlist)
    library.close()
    done.write_text("ok", encoding="utf-8")
    return profile_dir


def search_words(n: int = 12) -> list[str]:
    """Words a person might type (each one typed letter by letter): from the vocabulary every
    generated library draws its titles, artists and albums from."""
    rng = random.Random(11)
    words = _vocabulary(rng, 3000)
    return random.Random(9).sample(words, n)
