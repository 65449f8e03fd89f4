"""Sync benchmark (issue 8): the first sync of a large Spotify library against the fake
Spotify, then a re-sync after 1% changed. Reports wall time and requests made as a ratio to the
minimum the API allows for the same work (its page sizes: 50 saved tracks, 50 playlists, 50
playlist items per request; recently played is one request).

The fake serves realistic page sizes and the real rate governor runs (Spotify's budget: 150
requests per rolling 30 s) on a fake clock, so the time the budget would cost is reported as
"rate-limited time" without really waiting; wall time is the real time spent (HTTP on
127.0.0.1 + writing every page into the encrypted library).

    .venv/bin/python benchmarks/bench_sync.py [--quick] [--tracks N] [--playlists N]

Targets: first sync ≤ 1.1× the minimum requests; the re-sync reads no unchanged playlist.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

PAGE = 50


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
    result: dict[str, object] = {"tracks": n_tracks, "playlists": n_playlists}
    with tempfile.TemporaryDirectory() as tmp:
        library = open_library(Profile.resolve(Path(tmp) / "lib"), "bench passphrase")
        services = Services(library, MemorySecrets(), clock, fake.environ)
        services.grant("spotify", "import")
        services.connect("spotify", client_id=fake.client_id, open_browser=open_in_thread)

        def run(label: str, minimum: int) -> None:
            fake.requests.clear()
            simulated, wall = clock.now(), time.perf_counter()
            report = services.sync()
            wall = time.perf_counter() - wall
            made = len(fake.api_requests())
            assert {j.status for j in report.jobs} == {"done"}, report.jobs
            items = [r for r in fake.api_requests() if r.path.startswith("/v1/playlists/")]
            result[label] = {
                "wall_s": round(wall, 1),
                "rate_limited_s": round(clock.now() - simulated, 1),
                "requests": made,
                "minimum": minimum,
                "ratio": round(made / minimum, 3),
                "playlists_read": len({r.path for r in items}),
            }

        first_min = (
            math.ceil(n_tracks / PAGE)
            + math.ceil(n_playlists / PAGE)
            + sum(math.ceil(s / PAGE) for s in sizes)
            + 1  # recently played
        )
        run("first_sync", first_min)

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
        resync_min = (
            math.ceil(new_likes / PAGE)
            + math.ceil(n_playlists / PAGE)
            + sum(math.ceil(len(fake.playlists[p].entries) / PAGE) for p in changed)
            + 1
        )
        run("resync_1pct", resync_min)
        result["resync_1pct"]["changed_playlists"] = len(changed)  # type: ignore[index]
        library.close()
    fake.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
