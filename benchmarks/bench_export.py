"""Export benchmark: a library of 50,000 tracks and 2,000 playlists (100,000 entries), plus
10,000 saved tracks and 100,000 listens, exported through ``app.core.exporting``:

* every playlist to its own file, once per format (what ``mixtape export --format F --all``
  does: read each playlist from the store, write it atomically);
* ``export_all``: the whole library as one zip (library JSON + every playlist in every format).

    .venv/bin/python benchmarks/bench_export.py [--tracks N] [--playlists N] [--quick]

There is no floor to compare with; the numbers are for tracking over time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

SERVICES = ("spotify", "apple_music", "youtube_music", "local")
T0 = datetime(2019, 1, 1, tzinfo=UTC)


def _track(i: int) -> object:
    from domain import ServiceTrack

    service = SERVICES[i % 4]
    return ServiceTrack(
        service=service,
        service_id=None if service == "local" else f"{service[:2]}{i:020d}",
        title=f"Song {i} – Éte",
        artists=(f"Artist {i % 4000}", *((f"Guest {i % 97}",) if i % 9 == 0 else ())),
        album=f"Album {i // 11}",
        duration_ms=150_000 + i % 120_000,
        isrc=f"QZ{i // 2:010d}" if i % 3 else None,
        uri=f"/music/Artist {i % 4000}/Song {i}.flac" if service == "local" else None,
        kind="local" if service == "local" else "track",
    )


def build(workdir: Path, n_tracks: int, n_playlists: int) -> object:
    from domain import Listen, Playlist, PlaylistEntry, SavedItem
    from store import Profile, open_library

    rng = random.Random(5)
    lib = open_library(Profile.resolve(workdir / "profile"), "bench passphrase")
    tracks = [_track(i) for i in range(n_tracks)]
    with lib.begin_import("benchmark", "generated", "bench") as batch:
        for track in tracks:
            batch.add(track)  # type: ignore[arg-type]
        for _ in range(n_tracks // 5):
            t = tracks[rng.randrange(n_tracks)]
            batch.add(SavedItem(t.service, "track", track=t, added_at=T0))  # type: ignore[attr-defined,arg-type]
        for i in range(n_tracks * 2):
            t = tracks[rng.randrange(n_tracks)]
            source = t.service if t.service != "local" else "lastfm"  # type: ignore[attr-defined]
            batch.add(Listen(t, T0 + timedelta(minutes=5 * i), source, 180_000))  # type: ignore[arg-type]
        for p in range(n_playlists):
            size = rng.randint(25, 75)
            entries = tuple(
                PlaylistEntry(
                    n,
                    tracks[rng.randrange(n_tracks)],  # type: ignore[arg-type]
                    T0 + timedelta(days=n),
                    "ana" if n % 2 else None,
                )
                for n in range(size)
            )
            batch.add(
                Playlist(SERVICES[p % 3], f"Playlist {p} / mix", entries, service_id=f"pl{p}")
            )
    return lib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tracks", type=int, default=50_000)
    parser.add_argument("--playlists", type=int, default=2_000)
    parser.add_argument("--quick", action="store_true", help="10x smaller, for a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.tracks, args.playlists = args.tracks // 10, args.playlists // 10
    from app.core.exporting import FORMATS, export_all, export_playlist, safe_filename
    from store.export import playlist_by_id

    with tempfile.TemporaryDirectory(prefix="mixtape-bench-export-") as tmp:
        started = time.perf_counter()
        lib = build(Path(tmp), args.tracks, args.playlists)
        status = lib.status()  # type: ignore[attr-defined]
        print(
            f"export: {status['service_tracks']:,} tracks, {status['playlists']:,} playlists"
            f" ({status['playlist_entries']:,} entries), {status['saved_items']:,} saved,"
            f" {status['listens']:,} listens; built in {time.perf_counter() - started:.0f} s"
        )
        rows = lib.playlists.list()  # type: ignore[attr-defined]
        for fmt, (_, ext) in FORMATS.items():
            out = Path(tmp) / fmt
            start = time.perf_counter()
            for row in rows:
                target = out / f"{safe_filename(row.name)}-{row.id}.{ext}"
                export_playlist(playlist_by_id(lib, row.id), fmt, target)  # type: ignore[arg-type]
            elapsed = time.perf_counter() - start
            size = sum(f.stat().st_size for f in out.iterdir()) / 2**20
            print(
                f"  {fmt:<6} every playlist   {elapsed:7.2f} s"
                f"  ({len(rows) / elapsed:6.0f} playlists/s, {size:6.1f} MB)"
            )
        target = Path(tmp) / "everything.zip"
        start = time.perf_counter()
        counts = export_all(lib, target)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        print(
            f"  export_all zip         {elapsed:7.2f} s  ({counts['files']:,} files,"
            f" {target.stat().st_size / 2**20:.1f} MB)"
        )
        lib.close()  # type: ignore[attr-defined]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {peak_mb:.0f} MB (whole run, library build included)")


if __name__ == "__main__":
    main()
