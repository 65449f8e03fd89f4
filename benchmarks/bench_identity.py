"""Identity benchmark (issue 4): matching quality against the common tools' rule, and speed.

**Quality** — a labelled set of cross-service pairs built from the real metadata in
../shared/data (see ``identity_quality``), resolved by Mixtape's pipeline (blocking, scoring,
clustering) and, in the same run, by the rule common tools use. Pairwise precision, recall, F1.
**Speed** — 100,000 service tracks from three services resolved from scratch in the encrypted
store, then an import of 1,000 new tracks resolved incrementally; peak memory (RSS).

    .venv/bin/python benchmarks/bench_identity.py [--quick] [--only quality|speed] [--show N]

Targets: precision ≥ 0.99, recall ≥ 0.95, F1 clearly above the baseline; from scratch ≤ 10 s,
incremental ≤ 1 s, memory ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

from identity_quality import baseline_pairs, evaluation_set, pairs_of, prf, true_pairs


def quality(limit: int | None, show: int) -> dict[str, object]:
    from domain.matching import resolve
    from store.identity.engine import default_feature_maker, default_matcher

    items, stats = evaluation_set(limit)
    started = time.perf_counter()
    maker, matcher = default_feature_maker(), default_matcher()
    features = {i: maker.features(item.track) for i, item in enumerate(items)}
    result = resolve(features, matcher)
    elapsed = time.perf_counter() - started
    truth = true_pairs(items)
    predicted = pairs_of(result.clusters.groups().values())
    report: dict[str, object] = {
        "set": stats,
        "mixtape": {
            **prf(predicted, truth),
            "review_pairs": len(result.review),
            "compared_pairs": result.compared,
            "seconds": round(elapsed, 2),
        },
        "baseline_strict": prf(baseline_pairs(items, lenient=False), truth),
        "baseline_lenient": prf(baseline_pairs(items, lenient=True), truth),
    }
    if show:
        _show(items, features, matcher, predicted - truth, "false merge", show)
        _show(items, features, matcher, truth - predicted, "missed", show)
    return report


def _show(items, features, matcher, pairs, label, limit) -> None:  # type: ignore[no-untyped-def]
    for a, b in sorted(pairs)[:limit]:
        ta, tb = items[a].track, items[b].track
        j = matcher.judge(features[a], features[b])
        print(
            f"{label}: [{ta.service}] {ta.title} / {', '.join(ta.artists)} ({ta.duration_ms})"
            f"  <->  [{tb.service}] {tb.title} / {', '.join(tb.artists)} ({tb.duration_ms})"
            f"  :: {j.outcome} {j.distance:.3f} {j.summary()}",
            file=sys.stderr,
        )


def speed(tracks: int, incremental: int) -> dict[str, object]:
    """Runs in a child process so its peak RSS is its own."""
    command = [
        sys.executable,
        str(Path(__file__).with_name("identity_speed.py")),
        "--tracks",
        str(tracks),
        "--new",
        str(incremental),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller set and 20,000 tracks")
    parser.add_argument("--only", choices=("quality", "speed"))
    parser.add_argument("--show", type=int, default=0, help="print N wrong pairs of each kind")
    args = parser.parse_args()
    report: dict[str, object] = {}
    if args.only in (None, "quality"):
        report["quality"] = quality(800 if args.quick else None, args.show)
    if args.only in (None, "speed"):
        report["speed"] = speed(20_000 if args.quick else 100_000, 1_000)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
