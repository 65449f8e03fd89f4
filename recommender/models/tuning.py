"""How much metadata a library needs, measured on the library itself.

The right weight of the metadata half of :class:`~recommender.models.metadata.BlendedModel`
depends on the library: measured on validation data (``benchmarks/bench_recommender.py``), a
100,000-track playlist corpus wants about 2-3 (64 ALS factors cannot tell its 5,000 artists
apart; the artist and album features can), a 20,000-track one about 1.2, and a single
listener's few thousand plays less (there, more metadata loses to plain popularity). So the
blend can pick the weight itself, the way the benchmark would: hold out a few of the library's
own contexts, train the collaborative model without them, and for each candidate weight ask the
benchmark's questions (R-precision): for a playlist, "given its first half, does the rest come
first?"; for a listening session, "given the last 25 tracks heard before it, does what was
played in it come first?" (within a session half of an album predicts the other half, which
says nothing about the next evening). The winner is used to train on everything.

Only the cheap part varies with the weight: the collaborative scores, metadata similarities
and replay prior of each query are computed once and combined per candidate.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from recommender.data import Interactions
from recommender.models.als import ALSModel
from recommender.models.base import CancelCallback, ProgressCallback, normalize_rows, seed_rows
from recommender.models.metadata import impute_by_artist, metadata_vectors
from recommender.models.replay import replay_prior

logger = logging.getLogger(__name__)

#: Held-out contexts: at most this many, at most :data:`HELD_OUT_SHARE` of all of them.
HELD_OUT = 300
HELD_OUT_SHARE = 0.1
#: Fewer usable held-out contexts than this are noise (measured: 25-30 sessions of a listening
#: history picked weights that lost on the next months): keep the given weight.
MIN_HELD_OUT = 100
#: A context needs this many distinct tracks to be cut into seeds and truth.
MIN_TRACKS = 4
#: A held-out session is asked from this many tracks heard before it (as the benchmark does).
RECENT = 25


def _contexts(interactions: Interactions) -> list[list[str]]:
    found = [list(dict.fromkeys(p)) for p in interactions.playlists]
    found += [list(dict.fromkeys(t for t, w in s if w > 0.0)) for s in interactions.sessions]
    return found


def _question(interactions: Interactions, index: int) -> tuple[list[str], list[str]]:
    """Seeds and truth for held-out context ``index`` (playlists first, then sessions)."""
    n_playlists = len(interactions.playlists)
    if index < n_playlists:
        tracks = list(dict.fromkeys(interactions.playlists[index]))
        half = len(tracks) // 2
        return tracks[:half], tracks[half:]
    number = index - n_playlists
    recent: dict[str, None] = {}
    for session in reversed(interactions.sessions[:number]):
        for track_id, _ in reversed(session):
            recent.setdefault(track_id, None)
        if len(recent) >= RECENT:
            break
    truth = [t for t, w in interactions.sessions[number] if w >= 1.0]
    return list(recent)[:RECENT], truth


def choose_meta_weight(
    base: ALSModel,
    interactions: Interactions,
    candidates: Sequence[float],
    replay_weight: float,
    meta_dim: int,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> float | None:
    """The candidate weight that ranks held-out context halves best, or ``None`` (too little)."""
    n_playlists = len(interactions.playlists)
    contexts = _contexts(interactions)
    usable = [i for i, c in enumerate(contexts) if len(c) >= MIN_TRACKS]
    wanted = min(HELD_OUT, int(len(contexts) * HELD_OUT_SHARE))
    if wanted < MIN_HELD_OUT or len(usable) < MIN_HELD_OUT:
        return None
    rng = np.random.default_rng(seed)
    held = set(rng.permutation(usable)[:wanted].tolist())
    training = replace(
        interactions,
        playlists=[p for i, p in enumerate(interactions.playlists) if i not in held],
        sessions=[s for i, s in enumerate(interactions.sessions) if i + n_playlists not in held],
    )
    model = copy.deepcopy(base)
    model.fit(training, progress, cancel)
    vocabulary = model.vocabulary
    infos = [interactions.tracks.get(t) for t in vocabulary.track_ids]
    collab, _ = impute_by_artist(model.item_vectors(), infos)
    meta = metadata_vectors(infos, meta_dim)
    norms = np.linalg.norm(collab, axis=1)
    scale = float(np.median(norms[norms > 0])) if np.any(norms > 0) else 1.0
    prior = replay_prior(training, vocabulary) * (replay_weight * scale)

    totals = np.zeros(len(candidates))
    asked = 0
    for index in sorted(held):
        asked_seeds, asked_truth = _question(interactions, index)
        seeds = [t for t in asked_seeds if t in vocabulary.positions]
        truth = {t for t in asked_truth if t in vocabulary.positions} - set(seeds)
        if not seeds or not truth:
            continue
        rows, w = seed_rows(vocabulary, seeds, None)
        query = model.fold_in(collab, rows, w)
        length = float(np.linalg.norm(query))
        meta_query = normalize_rows((meta[rows].T @ w)[None, :])[0]
        collab_scores = collab @ query
        meta_scores = (meta @ meta_query) * (scale * length)
        base_scores = collab_scores + prior * length
        base_scores[rows] = -np.inf
        truth_rows = np.asarray([vocabulary.positions[t] for t in truth])
        for c, weight in enumerate(candidates):
            scores = base_scores + (weight * weight) * meta_scores
            top = np.argpartition(-scores, len(truth_rows) - 1)[: len(truth_rows)]
            totals[c] += np.isin(top, truth_rows).sum() / len(truth_rows)
        asked += 1
    if asked < MIN_HELD_OUT:
        return None
    best = int(np.argmax(totals))  # ties: the first candidate listed
    logger.debug(
        "metadata weight %.2f chosen on %d held-out contexts (%s)",
        candidates[best],
        asked,
        ", ".join(f"{c}: {t / asked:.4f}" for c, t in zip(candidates, totals, strict=True)),
    )
    return float(candidates[best])
