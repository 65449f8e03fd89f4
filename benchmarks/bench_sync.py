"""Sync benchmark (issue 8): the first sync of a large Spotify library against the fake
Spotify, then a re-sync after 1% changed (new liked songs, edited playlists). Reports requests
made as a ratio to the minimum the API allows for the same work, and wall time as a ratio to a
floor measured in the same run against the same fake.

The minimum, request by request (the page sizes are the API's maxima: 50 saved tracks, 50
playlists, 50 playlist items per request; recently played is one request):

- first sync: every page of liked songs, every page of the playlist list, every page of every
  playlist, recently played;
- re-sync: the pages holding the new liked songs *plus the one showing the newest like already
  known* (liked songs come newest first, and nothing else tells a client where the new ones
  end: the total cannot, as likes may also have been removed); the playlist list (it carries
  the ``snapshot_id`` of each playlist); every page of each changed playlist (the API has no
  diff); recently played. An unchanged playlist costs nothing.

The floor does exactly those requests with a bare ``httpx.Client`` (same token, same fake),
decodes them, and writes their rows with plain ``executemany`` into a SQLCipher database with
the library's schema and pragmas, one transaction per page: no identity resolution, no
de-duplication, no checkpoints, no rate governor. The fake runs in this process (as the tests
run it), so both sides pay for the fake's own work.

The real rate governor runs (Spotify's budget: 150 requests per rolling 30 s) on a fake clock,
so the time the budget would cost is reported as "rate-limited time" without really waiting.

    .venv/bin/python benchmarks/bench_sync.py [--quick] [--tracks N] [--playlists N]

Targets: first sync ≤ 1.1× the minimum requests; the re-sync reads no unchanged playlist.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

PAGE = 50

#: One request of the minimum: (path under /v1/, offset or None).
Request = tuple[str, int | None]


def pages(path: str, count: int) -> list[Request]:
    """The requests that read ``count`` items of ``path``, a full page at a time."""
    return [(path, offset) for offset in range(0, max(count, 1), PAGE)]


def open_floor(path: Path) -> Any:
    """A SQLCipher database with the library's schema and pragmas, for the floor's rows."""
    from store.database import connect_raw, create_empty
    from store.keys import new_key
    from store.migrate import migrate

    key = new_key()
    create_empty(path, key)
    db = connect_raw(path, key)
    for pragma in (  # the library's own settings (store.database.make_engine)
        "journal_mode = WAL",
        "synchronous = NORMAL",
        "foreign_keys = ON",
        "temp_store = MEMORY",
        "cache_size = -32000",
    ):
        db.execute(f"PRAGMA {pragma}")
    migrate(db, path, key)
    return db


def run_floor(
    db: Any, ids: dict[str, int], base: str, token: str, plan: list[Request]
) -> tuple[float, float]:
    """Wall and CPU time of the least any code can do for ``plan``: fetch, decode,
    ``executemany``. CPU is this thread's only, so the fake's work is left out."""
    import httpx

    from domain.normalize import match_key

    batch = int(db.execute("SELECT coalesce(max(id), 0) FROM import_batch").fetchone()[0])
    started, cpu = time.perf_counter(), time.thread_time()
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        for path, offset in plan:
            params = {"limit": PAGE} if offset is None else {"offset": offset, "limit": PAGE}
            response = http.get(f"{base}/v1/{path}", params=params)
            response.raise_for_status()
            items = [i for i in response.json()["items"] if i]
            batch += 1
            db.execute("BEGIN")
            db.execute(
                "INSERT INTO import_batch (id, importer, source, content_hash, imported_at)"
                " VALUES (?, 'floor', ?, ?, 0)",
                (batch, path, str(batch)),
            )
            if path == "me/playlists":
                db.executemany(
                    "INSERT INTO playlist (key, service, service_id, name, batch_id)"
                    " VALUES (?, 'spotify', ?, ?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET name = excluded.name",
                    [(f"spotify:{p['id']}", p["id"], p["name"], batch) for p in items],
                )
            else:
                _floor_tracks(db, (path, offset), items, batch, ids, match_key)
            db.execute("COMMIT")
    return time.perf_counter() - started, time.thread_time() - cpu


def _floor_tracks(
    db: Any, request: Request, items: list[Any], batch: int, ids: dict[str, int], match_key: Any
) -> None:
    """Insert the page's tracks not seen before, then its saved items or playlist entries."""
    path, offset = request
    tracks = [t for i in items if (t := i.get("track") or i.get("item")) and t.get("id")]
    new = {f"spotify:{t['id']}": t for t in tracks if f"spotify:{t['id']}" not in ids}
    db.executemany(
        "INSERT OR IGNORE INTO service_track (key, service, service_id, title, artists, album,"
        " duration_ms, isrc, match_key, batch_id) VALUES (?, 'spotify', ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                key,
                t["id"],
                t["name"],
                json.dumps([a["name"] for a in t["artists"]], ensure_ascii=False),
                t["album"]["name"],
                t["duration_ms"],
                (t.get("external_ids") or {}).get("isrc"),
                match_key(t["name"], tuple(a["name"] for a in t["artists"])),
                batch,
            )
            for key, t in new.items()
        ],
    )
    ids.update(
        db.execute(
            "SELECT key, id FROM service_track WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(new)),),
        ).fetchall()
    )
    if path == "me/tracks":
        db.executemany(
            "INSERT OR IGNORE INTO saved_item (key, service, kind, track_id, service_id, batch_id)"
            " VALUES (?, 'spotify', 'track', ?, ?, ?)",
            [
                (f"spotify:track:{t['id']}", ids[f"spotify:{t['id']}"], t["id"], batch)
                for t in tracks
            ],
        )
    elif path.startswith("playlists/"):
        playlist_id = path.split("/")[1]
        row = db.execute(
            "SELECT id FROM playlist WHERE key = ?", (f"spotify:{playlist_id}",)
        ).fetchone()
        db.executemany(
            "INSERT OR REPLACE INTO playlist_entry (playlist_id, position, track_id, batch_id)"
            " VALUES (?, ?, ?, ?)",
            [
                (row[0], n, ids[f"spotify:{t['id']}"], batch)
                for n, t in enumerate(tracks, offset or 0)
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    parser.add_argument("--tracks", type=int, default=50_000)
    parser.add_argument("--playlists", type=int, default=2_000)
    args = parser.parse_args()
    n_tracks = args.tracks // 10 if args.quick else args.tracks
    n_playlists = args.playlists // 10 if args.quick else args.playlists

    from app.core.syncing import Services
    from store import Profile, open_library
    from tests.fakes.browser import open_in_thread
    from tests.fakes.clock import FakeClock
    from tests.fakes.spotify import FakeSpotify, make_track
    from tests.services.support import MemorySecrets

    rng = random.Random(8)
    fake = FakeSpotify().start()
    fake.seed_saved(n_tracks)
    sizes = [max(1, int(rng.lognormvariate(3.0, 0.8))) for _ in range(n_playlists)]
    for p, size in enumerate(sizes):
        start = rng.randrange(n_tracks)
        entries = [fake.entry((start + k) % n_tracks) for k in range(size)]
        fake.add_playlist(f"{p:022d}", f"Playlist {p}", entries)  # type: ignore[arg-type]
    clock = FakeClock()
    result: dict[str, Any] = {"tracks": n_tracks, "playlists": n_playlists}
    with tempfile.TemporaryDirectory() as tmp:
        library = open_library(Profile.resolve(Path(tmp) / "lib"), "bench passphrase")
        services = Services(library, MemorySecrets(), clock, fake.environ)
        services.grant("spotify", "import")
        services.connect("spotify", client_id=fake.client_id, open_browser=open_in_thread)
        floor_db = open_floor(Path(tmp) / "floor.db")
        floor_ids: dict[str, int] = {}  # the floor's track key → row id, kept between runs

        def run(label: str, plan: list[Request]) -> None:
            token = next(iter(fake.access_tokens))
            floor, floor_cpu = run_floor(floor_db, floor_ids, fake.base, token, plan)
            fake.requests.clear()
            simulated, wall, cpu = clock.now(), time.perf_counter(), time.thread_time()
            report = services.sync()
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            made = len(fake.api_requests())
            assert {j.status for j in report.jobs} == {"done"}, report.jobs
            items = [r for r in fake.api_requests() if r.path.startswith("/v1/playlists/")]
            result[label] = {
                "wall_s": round(wall, 1),
                "floor_wall_s": round(floor, 1),
                "wall_ratio": round(wall / floor, 2),
                "cpu_s": round(cpu, 1),
                "floor_cpu_s": round(floor_cpu, 1),
                "cpu_ratio": round(cpu / floor_cpu, 2),
                "rate_limited_s": round(clock.now() - simulated, 1),
                "requests": made,
                "minimum": len(plan),
                "ratio": round(made / len(plan), 3),
                "playlists_read": len({r.path for r in items}),
            }

        playlist_list = pages("me/playlists", n_playlists)
        first = pages("me/tracks", n_tracks) + playlist_list
        for playlist_id, playlist in fake.playlists.items():
            first += pages(f"playlists/{playlist_id}/items", len(playlist.entries))
        run("first_sync", [*first, ("me/player/recently-played", None)])

        # 1% changes: new liked songs and edited playlists.
        new_likes = n_tracks // 100
        for k in range(new_likes):
            fake.like(10_000_000 + k)
        changed = rng.sample(sorted(fake.playlists), max(1, n_playlists // 100))
        for playlist_id in changed:
            playlist = fake.playlists[playlist_id]
            playlist.entries.append(fake.entry(10_000_000))
            playlist.touch()
        fake.add_to_catalog(make_track(10_000_000))
        resync = pages("me/tracks", new_likes + 1) + playlist_list  # + the newest known like
        for playlist_id in changed:
            resync += pages(
                f"playlists/{playlist_id}/items", len(fake.playlists[playlist_id].entries)
            )
        run("resync_1pct", [*resync, ("me/player/recently-played", None)])
        result["resync_1pct"]["changed_playlists"] = len(changed)
        library.close()
        floor_db.close()
    fake.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
