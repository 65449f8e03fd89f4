"""Import benchmark: 1,000,000 Spotify extended-history plays imported end to end through
``app.core.importing.import_paths`` (detection, hashing, streaming parse, mapping, batch writes,
recording assignment, cross-source de-duplication) into a fresh library, against the floor
measured in the same run: ``json.load`` of the same files plus ``executemany`` of the same rows
(tracks, then listens) into a SQLCipher database with the same schema. Each side runs in its own
process, so its peak memory (RSS) is its own.

The plays are generated in the shape of the real ``Streaming_History_Audio_*.json`` files
(every field, in Spotify's order, one-space indentation, non-ASCII text unescaped) and split
into files of about 15,000 plays each, as Spotify splits them.

    .venv/bin/python benchmarks/bench_import.py [--plays N] [--quick] [--profile]

Target (issue 3): import within 1.5x of the floor, peak RSS under 1 GB.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

ROWS_PER_FILE = 15_000
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WORDS = (
    *("love", "night", "heart", "dance", "fire", "rain", "summer", "dil", "pyar", "tera"),
    *("mera", "ishq", "café", "señorita", "Ünter", "Nacht", "夜", "songe", "über", "blue"),
    *("gold", "river", "home", "road", "dream", "light"),
)
_PLATFORMS = ("android", "windows", "ios", "osx", "web_player", "cast_to_device")
_STARTS = ("trackdone", "fwdbtn", "clickrow", "playbtn", "appload", "remote", "backbtn")
_ENDS = ("endplay", "trackdone", "fwdbtn", "logout", "backbtn", "remote", "unexpected-exit")


def _spotify_id(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(22))


def _catalogue(rng: random.Random, n_tracks: int) -> list[tuple[str, str, str, str]]:
    """(uri, title, artist, album) for ``n_tracks`` tracks by ``n_tracks // 8`` artists."""
    artists = [
        f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS).title()} {i}"
        for i in range(max(1, n_tracks // 8))
    ]
    tracks = []
    for i in range(n_tracks):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
        title = f"{words.title()} {i}"
        if i % 23 == 0:
            title += " (feat. Guest)"
        tracks.append(
            (
                f"spotify:track:{_spotify_id(rng)}",
                title,
                artists[rng.randrange(len(artists))],
                f"{rng.choice(_WORDS).title()} Album {i // 12}",
            )
        )
    return tracks


def generate(folder: Path, plays: int, seed: int = 7) -> list[Path]:
    """Write ``plays`` plays as ``Streaming_History_Audio_*.json`` files; return the paths."""
    rng = random.Random(seed)
    catalogue = _catalogue(rng, max(100, plays // 16))
    episodes = [
        (f"spotify:episode:{_spotify_id(rng)}", f"Episode {i}", f"Show {i % 40}")
        for i in range(max(10, plays // 2000))
    ]
    end = datetime(2013, 3, 1, tzinfo=UTC)
    paths: list[Path] = []
    rows: list[dict[str, Any]] = []

    def flush() -> None:
        first, last = rows[0]["ts"][:4], rows[-1]["ts"][:4]
        years = first if first == last else f"{first}-{last}"
        path = folder / f"Streaming_History_Audio_{years}_{len(paths)}.json"
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
        rows.clear()

    for _ in range(plays):
        end += timedelta(seconds=rng.randint(30, 420))
        ms_played = rng.choice((rng.randint(0, 30_000), rng.randint(60_000, 300_000)))
        offline = rng.random() < 0.02
        kind = rng.random()
        row: dict[str, Any] = {
            "ts": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "platform": rng.choice(_PLATFORMS),
            "ms_played": ms_played,
            "conn_country": "IN",
            "ip_addr": "192.0.2.1",
            "master_metadata_track_name": None,
            "master_metadata_album_artist_name": None,
            "master_metadata_album_album_name": None,
            "spotify_track_uri": None,
            "episode_name": None,
            "episode_show_name": None,
            "spotify_episode_uri": None,
            "audiobook_title": None,
            "audiobook_uri": None,
            "audiobook_chapter_uri": None,
            "audiobook_chapter_title": None,
            "reason_start": rng.choice(_STARTS),
            "reason_end": rng.choice(_ENDS),
            "shuffle": rng.random() < 0.45,
            "skipped": rng.random() < 0.5,
            "offline": offline,
            "offline_timestamp": int(end.timestamp()) - ms_played // 1000 if offline else 0,
            "incognito_mode": False,
        }
        if kind < 0.003:
            uri, name, show = rng.choice(episodes)
            row.update(episode_name=name, episode_show_name=show, spotify_episode_uri=uri)
        elif kind >= 0.0005:
            # A few tracks are played a lot, most a few times (roughly Zipf).
            uri, title, artist, album = catalogue[int(len(catalogue) * rng.random() ** 2.2)]
            row.update(
                master_metadata_track_name=title,
                master_metadata_album_artist_name=artist,
                master_metadata_album_album_name=album,
                spotify_track_uri=uri,
            )
        # else: a row Spotify could not attribute (every item field null), as real files have
        rows.append(row)
        if len(rows) == ROWS_PER_FILE:
            flush()
    if rows:
        flush()
    return paths


# -- the two sides ------------------------------------------------------------------------------


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_import(workdir: Path, files: list[Path]) -> tuple[float, float, int]:
    from app.core.importing import import_paths
    from store import Profile, open_library

    lib = open_library(Profile.resolve(workdir / "profile"), "bench passphrase")
    start, cpu = time.perf_counter(), _cpu()
    results = import_paths(lib, files)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    failed = [r for r in results if r.outcome != "imported"]
    assert not failed, failed[0].errors
    listens = int(lib.status()["listens"])
    lib.close()
    return elapsed, cpu, listens


def run_floor(workdir: Path, files: list[Path]) -> tuple[float, float, int]:
    """The least any code can do: ``json.load`` each file, ``executemany`` its tracks and plays
    into the same schema, one transaction per file. No validation, no de-duplication."""
    from domain.normalize import match_key
    from store.database import connect_raw, create_empty
    from store.keys import new_key
    from store.migrate import migrate

    key = new_key()
    path = workdir / "floor.db"
    create_empty(path, key)
    db = connect_raw(path, key)
    # The same settings as the library's own connections (store.database.make_engine).
    for pragma in (
        "journal_mode = WAL",
        "synchronous = NORMAL",
        "foreign_keys = ON",
        "temp_store = MEMORY",
        "cache_size = -32000",
    ):
        db.execute(f"PRAGMA {pragma}")
    migrate(db, path, key)
    start, cpu = time.perf_counter(), _cpu()
    ids: dict[str, int] = {}
    for number, file in enumerate(files, 1):
        with file.open("rb") as f:
            plays = json.load(f)
        db.execute("BEGIN")
        db.execute(
            "INSERT INTO import_batch (id, importer, source, content_hash, imported_at)"
            " VALUES (?, 'floor', ?, ?, 0)",
            (number, file.name, str(number)),
        )
        tracks: dict[str, tuple[object, ...]] = {}
        for p in plays:
            uri = p["spotify_track_uri"] or p["spotify_episode_uri"]
            if uri and uri not in ids and uri not in tracks:
                title = p["master_metadata_track_name"] or p["episode_name"]
                artist = p["master_metadata_album_artist_name"] or p["episode_show_name"]
                tracks[uri] = (
                    uri,
                    "spotify",
                    uri.rsplit(":", 1)[1],
                    title,
                    json.dumps([artist], ensure_ascii=False),
                    p["master_metadata_album_album_name"],
                    match_key(title, (artist,)),
                    number,
                )
        db.executemany(
            "INSERT INTO service_track (key, service, service_id, title, artists, album,"
            " match_key, batch_id) VALUES (?,?,?,?,?,?,?,?)",
            list(tracks.values()),
        )
        for uri in tracks:
            ids[uri] = db.execute("SELECT id FROM service_track WHERE key = ?", (uri,)).fetchone()[
                0
            ]
        rows = [
            (
                ids[uri],
                int(datetime.fromisoformat(p["ts"]).timestamp() * 1000) - p["ms_played"],
                "spotify",
                p["ms_played"],
                p["platform"],
                p["reason_start"],
                p["reason_end"],
                p["shuffle"],
                p["skipped"],
                p["offline"],
                number,
            )
            for p in plays
            if (uri := p["spotify_track_uri"] or p["spotify_episode_uri"])
        ]
        db.executemany(
            "INSERT OR IGNORE INTO listen (track_id, played_at, source, ms_played, platform,"
            " reason_start, reason_end, shuffle, skipped, offline, batch_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    listens = int(db.execute("SELECT count(*) FROM listen").fetchone()[0])
    db.close()
    return elapsed, cpu, listens


# -- processes ----------------------------------------------------------------------------------


def child(kind: str, folder: Path, profile_to: Path | None) -> None:
    files = sorted(
        folder.glob("Streaming_History_Audio_*.json"), key=lambda p: int(p.stem.rsplit("_", 1)[1])
    )
    run = run_import if kind == "import" else run_floor
    with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
        if profile_to is None:
            seconds, cpu, listens = run(Path(tmp), files)
        else:
            profiler = cProfile.Profile()
            seconds, cpu, listens = profiler.runcall(run, Path(tmp), files)
            profiler.dump_stats(profile_to)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak_mb, "listens": listens}
    print(json.dumps(result))


def measure(kind: str, folder: Path, profile_to: Path | None = None) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind, f"--folder={folder}"]
    if profile_to is not None:
        command.append(f"--profile-to={profile_to}")
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    if done.returncode != 0:
        sys.exit(f"{kind} side failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plays", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="10x smaller, for a smoke run")
    parser.add_argument("--profile", action="store_true", help="cProfile the import side")
    parser.add_argument("--child", choices=("import", "floor"))
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--profile-to", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.profile_to)
        return
    plays = args.plays // 10 if args.quick else args.plays
    with tempfile.TemporaryDirectory(prefix="mixtape-bench-import-") as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        started = time.perf_counter()
        files = generate(folder, plays)
        size_mb = sum(f.stat().st_size for f in files) / 2**20
        print(
            f"import: {plays:,} extended-history plays in {len(files)} files ({size_mb:,.0f} MB),"
            f" generated in {time.perf_counter() - started:.0f} s"
        )
        floor = measure("floor", folder)
        imported = measure("import", folder)
        if imported["listens"] != floor["listens"]:
            sys.exit(f"listen counts differ: {imported['listens']} vs floor {floor['listens']}")
        names = (("floor (json.load + executemany)", floor), ("import_paths", imported))
        for name, m in names:
            print(
                f"  {name:<33}{m['seconds']:7.1f} s wall {m['cpu_seconds']:7.1f} s CPU"
                f"  peak {m['peak_rss_mb']:6.0f} MB"
            )
        ratio = imported["seconds"] / floor["seconds"]
        cpu_ratio = imported["cpu_seconds"] / floor["cpu_seconds"]
        print(
            f"  ratio {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (target <= 1.5x),"
            " peak RSS target < 1024 MB"
        )
        if args.profile:
            stats_file = Path(tmp) / "import.prof"
            measure("import", folder, stats_file)
            pstats.Stats(str(stats_file)).sort_stats("cumulative").print_stats(35)
            pstats.Stats(str(stats_file)).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
