"""Speed half of bench_identity (run as a child process so peak RSS is its own).

Builds a library of N service tracks from three services (real titles and artists from
../shared/data, widened with real title words so that there are enough distinct songs), then
times ``resolve_all`` (from scratch) and an import batch of 1,000 new tracks (incremental).
Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

from identity_data import Song, real_songs, render

from domain import ServiceTrack

SERVICES = ("spotify", "apple_music", "youtube_music")


def songs(count: int, rng: random.Random) -> list[Song]:
    base = real_songs()
    words = sorted({w for s in base for w in s.title.split() if w.isalpha() and len(w) > 3})
    out = []
    for i in range(count):
        song = base[i % len(base)]
        generation = i // len(base)
        if generation:
            title = f"{song.title} {rng.choice(words)} {rng.choice(words)}"
            artists = tuple(f"{a} {generation}" for a in song.artists)
            song = replace(song, title=title, artists=artists, tags=())
        if song.duration_ms is None:
            song = replace(song, duration_ms=rng.randint(120_000, 330_000))
        out.append(song)
    return out


def tracks(count: int, rng: random.Random, prefix: str) -> list[ServiceTrack]:
    out: list[ServiceTrack] = []
    catalogue = songs(count // 2 + 1, rng)
    rng.shuffle(catalogue)
    for n, song in enumerate(catalogue):
        for service in rng.sample(SERVICES, k=rng.choice([2, 2, 3])):
            out.append(render(song, service, f"{prefix}{service[:2]}{n}", rng))
            if len(out) >= count:
                return out
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1_000)
    args = parser.parse_args()
    from store import Profile, open_library
    from store.identity.resolver import resolve_all, resolve_new

    rng = random.Random(11)
    library_tracks = tracks(args.tracks, rng, "x")
    new_tracks = tracks(args.new, random.Random(12), "n")
    with tempfile.TemporaryDirectory() as tmp:
        lib = open_library(Profile.resolve(Path(tmp)), "benchmark passphrase")
        with lib.write() as db:
            db.execute(
                "INSERT INTO import_batch (id, importer, source, content_hash, imported_at,"
                " complete) VALUES (1, 'bench', 'bench', 'x', 0, 1)"
            )
        lib.tracks.upsert_many(library_tracks, batch_id=1)
        started, cpu = time.perf_counter(), time.process_time()
        with lib.write() as db:
            recordings = resolve_all(db)
        scratch = time.perf_counter() - started
        scratch_cpu = time.process_time() - cpu
        # Incremental: half of the new tracks are other services' copies of known songs.
        known = [
            replace(t, service="deezer", service_id=f"dz{i}")
            for i, t in enumerate(library_tracks[: args.new // 2])
        ]
        batch = known + new_tracks[: args.new - len(known)]
        writer = lib.begin_import("bench", "new.json", "y")
        for track in batch:
            writer.add(track)
        writer._flush()  # the tracks are written; what is timed is the resolution
        started = time.perf_counter()
        with lib.write() as db:
            links = resolve_new(db)
        incremental = time.perf_counter() - started
        writer.complete()
        status = lib.status()
        lib.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "tracks": len(library_tracks),
                "recordings": recordings,
                "from_scratch_seconds": round(scratch, 2),
                "from_scratch_cpu_seconds": round(scratch_cpu, 2),
                "incremental_tracks": len(batch),
                "incremental_links": links,
                "incremental_seconds": round(incremental, 3),
                "recordings_after": status["recordings"],
                "peak_rss_mb": round(peak),
            }
        )
    )


if __name__ == "__main__":
    main()
