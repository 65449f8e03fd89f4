"""Insights benchmark: every ``store.insights`` query on a library of 1,000,000 listens from
three sources (a tenth of them reported twice), 60,000 tracks, 20,000 saved tracks and 500
playlists. Prints the time of each query, for the whole history and for one year.

    .venv/bin/python benchmarks/bench_insights.py [--listens N] [--quick]

Target: each query well under a second for the whole history.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

SOURCES = ("spotify", "lastfm", "apple_music")
T0 = int(datetime(2015, 1, 1, tzinfo=UTC).timestamp() * 1000)


def build(workdir: Path, n_listens: int) -> object:
    """A library with ``n_listens`` listens, written with plain executemany (fast to build)."""
    from domain.normalize import match_key
    from store import Profile, open_library

    rng = random.Random(11)
    lib = open_library(Profile.resolve(workdir), "bench passphrase")
    n_songs = max(100, n_listens // 50)
    with lib.write() as db:
        db.execute(
            "INSERT INTO import_batch (id, importer, source, content_hash, imported_at, complete)"
            " VALUES (1, 'bench', 'generated', 'x', 0, 1)"
        )
        tracks = []
        for song in range(n_songs):
            title, artist = f"Song {song}", f"Artist {song % (n_songs // 10)}"
            for s, service in enumerate(SOURCES):
                tracks.append(
                    (
                        song * 3 + s + 1,
                        f"{service}:{song}",
                        service,
                        title,
                        json.dumps([artist]),
                        f"Album {song // 12}",
                        match_key(title, (artist,)),
                        # Apple and Spotify copies share a recording (an ISRC), scrobbles don't.
                        song * 3 + 1 if service != "lastfm" else song * 3 + s + 1,
                    )
                )
        db.executemany(
            "INSERT INTO recording (id, title, artists) VALUES (?, '', '[]')",
            [(t[0],) for t in tracks if t[7] == t[0]],
        )
        db.executemany(
            "INSERT INTO service_track (id, key, service, title, artists, album, match_key,"
            " recording_id, batch_id) VALUES (?,?,?,?,?,?,?,?,1)",
            tracks,
        )
        listens: list[tuple[object, ...]] = []
        played_at = T0
        for i in range(n_listens):
            if i % 10 == 9:  # the previous play, reported again by the scrobbler
                track_id, at, _, ms, _ = listens[-1]
                scrobble = (int(track_id) - 1) // 3 * 3 + 2  # type: ignore[call-overload]
                listens.append((scrobble, at, "lastfm", ms, i))
                continue
            played_at += rng.randint(60_000, 900_000)
            song = int(n_songs * rng.random() ** 2)
            s = rng.choice((0, 0, 2))
            listens.append((song * 3 + s + 1, played_at, SOURCES[s], rng.randint(0, 300_000), None))
        db.executemany(
            "INSERT INTO listen (track_id, played_at, source, ms_played, duplicate_of, batch_id)"
            " VALUES (?,?,?,?,?,1)",
            listens,
        )
        db.executemany(
            "INSERT INTO saved_item (key, service, kind, track_id, batch_id)"
            " VALUES (?, ?, 'track', ?, 1)",
            [
                (f"track:{t[1]}", t[2], t[0])
                for t in rng.sample(tracks, min(len(tracks), n_listens // 50))
            ],
        )
        for p in range(n_listens // 2000):
            cursor = db.execute(
                "INSERT INTO playlist (key, service, name, batch_id) VALUES (?, ?, ?, 1)",
                (f"pl:{p}", SOURCES[p % 3], f"Playlist {p}"),
            )
            chosen = rng.sample(range(n_songs), min(n_songs, 40))
            db.executemany(
                "INSERT INTO playlist_entry (playlist_id, position, track_id, batch_id)"
                " VALUES (?, ?, ?, 1)",
                [(cursor.lastrowid, n, song * 3 + p % 3 + 1) for n, song in enumerate(chosen)],
            )
    return lib


def timed(label: str, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    size = len(result) if isinstance(result, list) else 1
    print(f"  {label:<34}{elapsed * 1000:8.0f} ms  ({size} rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listens", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="10x smaller, for a smoke run")
    args = parser.parse_args()
    n = args.listens // 10 if args.quick else args.listens
    from store.insights import Period, library_overlap, series, top, totals

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        lib = build(Path(tmp), n)
        print(f"insights: {n:,} listens, built in {time.perf_counter() - started:.0f} s")
        year = Period(
            int(datetime(2016, 1, 1, tzinfo=UTC).timestamp() * 1000),
            int(datetime(2017, 1, 1, tzinfo=UTC).timestamp() * 1000),
        )
        with lib.read() as db:  # type: ignore[attr-defined]
            for name, period in (("all", Period()), ("2016", year)):
                print(f" period {name}:")
                timed("totals", lambda p=period: totals(db, p))
                timed("series by month", lambda p=period: series(db, "month", p))
                timed("series by service", lambda p=period: series(db, "service", p))
                for kind in ("tracks", "artists", "albums"):
                    timed(f"top {kind}", lambda p=period, k=kind: top(db, k, p, 10))  # type: ignore[misc]
            timed("library overlap", lambda: library_overlap(db))
        lib.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
