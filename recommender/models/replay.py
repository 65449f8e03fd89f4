"""The listener's own replays as a prior: what they play again and again, they will play again.

A listening history is one person's; a track they returned to in many sessions is likely to be
played again, whatever it sounds like. Playlists say nothing of the kind (a playlist corpus is
many people, and "often listed" is the popularity baseline, which the blend must not become), so
only *sessions* count here. The prior is ``log1p(summed session weight)`` scaled to ``[0, 1]``;
skips and short plays already weigh little in the session weights
(:func:`recommender.sessions.play_weight`), so a track skipped fifty times earns little.

Measured (``benchmarks/bench_recommender.py``, validation cut of the real histories): without
it ALS + metadata loses to popularity on the Apple Music history, because "what is played after
D" is mostly what was played before D.
"""

from __future__ import annotations

import numpy as np

from recommender.data import Interactions
from recommender.matrix import Vocabulary
from recommender.models.base import FloatArray


def replay_prior(interactions: Interactions, vocabulary: Vocabulary) -> FloatArray:
    """One value in ``[0, 1]`` per vocabulary row: how much the listener replays the track."""
    totals = np.zeros(len(vocabulary), dtype=np.float64)
    positions = vocabulary.positions
    for session in interactions.sessions:
        for track_id, weight in session:
            row = positions.get(track_id)
            if row is not None and weight > 0.0:
                totals[row] += weight
    prior = np.log1p(totals)
    top = float(prior.max()) if len(prior) else 0.0
    out: FloatArray = (prior / top if top > 0.0 else prior).astype(np.float32)
    return out
