"""The default model, chosen by measurement (``benchmarks/bench_recommender.py``).

Full benchmark, synthetic corpus of 100,000 tracks / 48,000 training playlists, 2,000 held-out
playlists (R-precision / NDCG@500): popularity 0.049 / 0.119, item-kNN 0.180 / 0.344, PMI-SVD
0.100 / 0.220, PMI-SVD + metadata 0.129 / 0.258, ALS 0.1875 / 0.361, **ALS + metadata 0.1879 /
0.362**, the same through Annoy 0.1879 / 0.359. ALS + metadata also won among the indexable
models on the quick corpus and on the Spotify listening history, and the metadata half gives a
track with no co-occurrence a place beside its artist (cold start), so it is the default.
"""

from __future__ import annotations

from recommender.models.als import ALSModel
from recommender.models.metadata import BlendedModel

DEFAULT_SEED = 0


def default_model(seed: int = DEFAULT_SEED) -> BlendedModel:
    """A fresh, untrained instance of the default model."""
    return BlendedModel(ALSModel(factors=64, regularization=0.1, alpha=10.0, seed=seed))
