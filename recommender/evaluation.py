"""Hold-out evaluation: playlist continuation and "train before D, predict after D".

Playlist task (RecSys Challenge 2018 style): some playlists are held out of training; each is
cut into *seeds* (first 1, first 5, first 25 or 25 random tracks) and *truth* (the rest), and a
recommender ranks up to 500 tracks from the seeds. History task: plays before a date train the
model; each later session is predicted from the tracks played just before it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from recommender import metrics
from recommender.corpora import CorpusPlaylist, PlaylistCorpus
from recommender.data import Play
from recommender.errors import RecommenderError, UnknownTrack
from recommender.index import NeighbourIndex
from recommender.models.base import Model
from recommender.sessions import SessionRules, split_sessions

logger = logging.getLogger(__name__)

#: Seed settings of the challenge: name → (how many seed tracks, taken at random?).
SEED_SETTINGS: dict[str, tuple[int, bool]] = {
    "first 1": (1, False),
    "first 5": (5, False),
    "first 25": (25, False),
    "random 25": (25, True),
}

RecommendFn = Callable[[Sequence[str], int], list[str]]


@dataclass(frozen=True)
class Query:
    """One evaluation case: what the recommender sees and what it should find."""

    setting: str
    seeds: list[str]
    truth: list[str]


@dataclass
class Report:
    """Mean metrics over a set of queries, plus latency and coverage."""

    name: str
    queries: int = 0
    r_precision: float = 0.0
    ndcg: float = 0.0
    clicks: float = 0.0
    recall_10: float = 0.0
    recall_100: float = 0.0
    coverage_10: float = 0.0
    artists_top10: float = 0.0
    latency_ms_mean: float = 0.0
    latency_ms_p95: float = 0.0
    per_setting: dict[str, dict[str, float]] = field(default_factory=dict)


def split_playlists(
    corpus: PlaylistCorpus, n_test: int, min_length: int = 30, seed: int = 0
) -> tuple[list[CorpusPlaylist], list[CorpusPlaylist]]:
    """Train and test playlists; test ones are long enough for every seed setting."""
    rng = np.random.default_rng(seed)
    eligible = [i for i, p in enumerate(corpus.playlists) if len(set(p.track_ids)) >= min_length]
    chosen = set(rng.permutation(eligible)[:n_test].tolist())
    train = [p for i, p in enumerate(corpus.playlists) if i not in chosen]
    test = [p for i, p in enumerate(corpus.playlists) if i in chosen]
    return train, test


def playlist_queries(
    test: Sequence[CorpusPlaylist], settings: Sequence[str] | None = None, seed: int = 0
) -> list[Query]:
    """Cut each test playlist into seeds and truth; settings take turns over the playlists."""
    rng = np.random.default_rng(seed)
    names = list(settings or SEED_SETTINGS)
    queries: list[Query] = []
    for i, playlist in enumerate(test):
        setting = names[i % len(names)]
        count, at_random = SEED_SETTINGS[setting]
        tracks = list(dict.fromkeys(playlist.track_ids))
        if at_random:
            picked = sorted(rng.choice(len(tracks), size=min(count, len(tracks)), replace=False))
            seeds = [tracks[j] for j in picked]
        else:
            seeds = tracks[:count]
        truth = [t for t in tracks if t not in set(seeds)]
        if truth:
            queries.append(Query(setting, seeds, truth))
    return queries


def history_queries(
    plays: Sequence[Play], cutoff: datetime, rules: SessionRules | None = None, seeds: int = 25
) -> tuple[list[list[tuple[str, float]]], list[Query]]:
    """Training sessions before ``cutoff`` and one query per session after it.

    A query's seeds are the last ``seeds`` distinct tracks heard before that session (the
    listener's recent history, including earlier test sessions, which the model never trained
    on); its truth is the distinct tracks of the session.
    """
    ordered = sorted(plays, key=lambda p: p.played_at)
    before = [p for p in ordered if p.played_at < cutoff]
    train = split_sessions(before, rules)
    queries: list[Query] = []
    history = [p.track_id for p in before]
    for session in split_sessions([p for p in ordered if p.played_at >= cutoff], rules):
        recent = list(dict.fromkeys(reversed(history)))[:seeds]
        truth = [t for t, w in session if w >= 1.0]
        if recent and truth:
            queries.append(Query("after cutoff", recent, truth))
        history.extend(t for t, _ in session)
    return train, queries


def evaluate(
    name: str,
    recommend: RecommendFn,
    queries: Sequence[Query],
    artist_of: Callable[[str], str],
    catalogue_size: int,
    k: int = 500,
) -> Report:
    """Run every query through ``recommend`` and average the metrics."""
    rows: list[dict[str, float]] = []
    settings: list[str] = []
    latencies: list[float] = []
    shown: set[str] = set()
    for query in queries:
        started = time.perf_counter()
        try:
            recommended = recommend(query.seeds, k)
        except RecommenderError:
            recommended = []
        latencies.append((time.perf_counter() - started) * 1000.0)
        shown.update(recommended[:10])
        settings.append(query.setting)
        rows.append(
            {
                "r_precision": metrics.r_precision(recommended, query.truth),
                "ndcg": metrics.ndcg(recommended, query.truth, k),
                "clicks": float(metrics.clicks(recommended, query.truth, k)),
                "recall_10": metrics.recall_at(recommended, query.truth, 10),
                "recall_100": metrics.recall_at(recommended, query.truth, 100),
                "artists_top10": float(metrics.distinct_artists(recommended, artist_of)),
            }
        )
    report = Report(name=name, queries=len(rows))
    if not rows:
        return report
    for key in rows[0]:
        setattr(report, key, float(np.mean([r[key] for r in rows])))
    for setting in dict.fromkeys(settings):
        picked = [r for r, s in zip(rows, settings, strict=True) if s == setting]
        report.per_setting[setting] = {
            "r_precision": float(np.mean([r["r_precision"] for r in picked])),
            "ndcg": float(np.mean([r["ndcg"] for r in picked])),
        }
    report.coverage_10 = len(shown) / max(catalogue_size, 1)
    report.latency_ms_mean = float(np.mean(latencies))
    report.latency_ms_p95 = float(np.percentile(latencies, 95))
    logger.info("%s: R-precision %.4f over %d queries", name, report.r_precision, len(rows))
    return report


def format_table(reports: Sequence[Report]) -> str:
    """A plain-text table of reports, one row per recommender."""
    header = (
        f"{'model':<22}{'R-prec':>8}{'NDCG':>8}{'clicks':>8}{'rec@10':>8}{'rec@100':>8}"
        f"{'cov@10':>8}{'art@10':>8}{'ms':>8}{'p95 ms':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in reports:
        lines.append(
            f"{r.name:<22}{r.r_precision:>8.4f}{r.ndcg:>8.4f}{r.clicks:>8.2f}{r.recall_10:>8.4f}"
            f"{r.recall_100:>8.4f}{r.coverage_10:>8.4f}{r.artists_top10:>8.2f}"
            f"{r.latency_ms_mean:>8.2f}{r.latency_ms_p95:>8.2f}"
        )
    return "\n".join(lines)


def exact_recommender(model: Model, fallback: Model | None = None) -> RecommendFn:
    """Rank with the model's exhaustive scoring; seeds it does not know fall back."""

    def recommend(seeds: Sequence[str], k: int) -> list[str]:
        try:
            return [t for t, _ in model.score(seeds, k)]
        except UnknownTrack:
            if fallback is None:
                raise
            return [t for t, _ in fallback.score(seeds, k)]

    return recommend


def index_recommender(
    model: Model, index: NeighbourIndex, fallback: Model | None = None
) -> RecommendFn:
    """Rank through an index built from the model's vectors (fold-in, then search)."""

    def recommend(seeds: Sequence[str], k: int) -> list[str]:
        try:
            query = model.query_vector(seeds)
        except UnknownTrack:
            if fallback is None:
                raise
            return [t for t, _ in fallback.score(seeds, k)]
        return [t for t, _ in index.search(query, k, exclude=seeds)]

    return recommend
