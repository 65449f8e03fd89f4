"""Store benchmark: 100,000 service tracks and 1,000,000 listens written through the
repositories, against the floor: plain ``executemany`` of the same rows into a SQLCipher file
with the same schema, in the same run. Each side runs in its own process so peak memory (RSS)
is its own.

    .venv/bin/python benchmarks/bench_store.py [--listens N] [--tracks N]

Target (issue 2): repositories within 1.5x of the floor, peak RSS under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

T0 = datetime(2020, 1, 1, tzinfo=UTC)


def tracks(n: int) -> Iterator[object]:
    from domain import ServiceTrack

    services = ("spotify", "apple_music", "youtube_music")
    for i in range(n):
        yield ServiceTrack(
            service=services[i % 3],
            service_id=f"{i:022d}",
            title=f"Song number {i}",
            artists=(f"Artist {i % 5000}",),
            album=f"Album {i % 20000}",
            duration_ms=150_000 + i % 120_000,
            isrc=f"QZ{i:010d}",
        )


def listens(n: int, n_tracks: int) -> Iterator[object]:
    from domain import Listen, ServiceTrack

    services = ("spotify", "apple_music", "youtube_music")
    for i in range(n):
        t = (i * 7919) % n_tracks
        track = ServiceTrack(
            service=services[t % 3],
            service_id=f"{t:022d}",
            title=f"Song number {t}",
            artists=(f"Artist {t % 5000}",),
            album=f"Album {t % 20000}",
            duration_ms=150_000 + t % 120_000,
            isrc=f"QZ{t:010d}",
        )
        yield Listen(
            track=track,
            played_at=T0 + timedelta(seconds=97 * i),
            source=services[t % 3],
            ms_played=120_000 + i % 60_000,
            platform="desktop",
            reason_start="trackdone",
            reason_end="trackdone",
            shuffle=False,
            skipped=False,
            offline=False,
        )


def run_repositories(workdir: Path, n_tracks: int, n_listens: int) -> float:
    from store import Profile, open_library

    lib = open_library(Profile.resolve(workdir), "bench passphrase")
    start = time.perf_counter()
    writer = lib.begin_import("benchmark", "generated", "bench")
    lib.tracks.upsert_many(tracks(n_tracks), writer.batch_id)  # type: ignore[arg-type]
    lib.listens.upsert_many(listens(n_listens, n_tracks), writer.batch_id)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    writer.complete()
    assert lib.status()["listens"] == n_listens
    lib.close()
    return elapsed


def run_floor(workdir: Path, n_tracks: int, n_listens: int) -> float:
    """The least any code can do: same rows, same schema, executemany in 10,000-row chunks."""
    from domain.normalize import match_key
    from store.database import connect_raw, create_empty
    from store.keys import new_key
    from store.migrate import migrate

    key = new_key()
    path = workdir / "floor.db"
    create_empty(path, key)
    db = connect_raw(path, key)
    # The same connection settings the library uses (store.database.make_engine).
    for pragma in (
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA cache_size = -32000",
    ):
        db.execute(pragma)
    migrate(db, path, key)
    db.execute(
        "INSERT INTO import_batch (id, importer, source, content_hash, imported_at)"
        " VALUES (1, 'floor', 'generated', 'x', 0)"
    )
    start = time.perf_counter()

    def chunks(rows: Iterator[tuple[object, ...]]) -> Iterator[list[tuple[object, ...]]]:
        chunk: list[tuple[object, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 10_000:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    track_rows = (
        (
            f"{t.service}:{t.service_id}",
            t.service,
            t.service_id,
            t.title,
            json.dumps(list(t.artists)),
            t.album,
            t.duration_ms,
            t.isrc,
            match_key(t.title, t.artists),
        )
        for t in tracks(n_tracks)  # type: ignore[attr-defined]
    )
    for chunk in chunks(track_rows):
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO service_track (key, service, service_id, title, artists, album,"
            " duration_ms, isrc, match_key, batch_id) VALUES (?,?,?,?,?,?,?,?,?,1)",
            chunk,
        )
        db.execute("COMMIT")
    ids = dict(db.execute("SELECT key, id FROM service_track"))
    listen_rows = (
        (
            ids[f"{x.track.service}:{x.track.service_id}"],
            int(x.played_at.timestamp() * 1000),
            x.source,
            x.ms_played,
            x.platform,
            x.reason_start,
            x.reason_end,
            int(x.shuffle),
            int(x.skipped),
            int(x.offline),
        )
        for x in listens(n_listens, n_tracks)  # type: ignore[attr-defined]
    )
    for chunk in chunks(listen_rows):
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO listen (track_id, played_at, source, ms_played, platform,"
            " reason_start, reason_end, shuffle, skipped, offline, batch_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,1)",
            chunk,
        )
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def child(kind: str, n_tracks: int, n_listens: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run = run_repositories if kind == "repositories" else run_floor
        seconds = run(Path(tmp), n_tracks, n_listens)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_mb}))


def measure(kind: str, n_tracks: int, n_listens: int) -> dict[str, float]:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            kind,
            f"--tracks={n_tracks}",
            f"--listens={n_listens}",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--listens", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="10x smaller, for a smoke run")
    parser.add_argument("--child", choices=("repositories", "floor"))
    args = parser.parse_args()
    if args.quick:
        args.tracks, args.listens = args.tracks // 10, args.listens // 10
    if args.child:
        child(args.child, args.tracks, args.listens)
        return
    floor = measure("floor", args.tracks, args.listens)
    repos = measure("repositories", args.tracks, args.listens)
    ratio = repos["seconds"] / floor["seconds"]
    print(f"store: {args.tracks:,} tracks + {args.listens:,} listens")
    for name, m in (("floor (plain executemany)", floor), ("repositories", repos)):
        print(f"  {name:<27}{m['seconds']:7.1f} s  peak {m['peak_rss_mb']:6.0f} MB")
    print(f"  ratio {ratio:.2f}x (target <= 1.5x), peak RSS target < 1024 MB")


if __name__ == "__main__":
    main()
