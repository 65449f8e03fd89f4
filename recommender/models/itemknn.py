"""Item-kNN: tracks that share contexts (playlists, sessions) with the seeds, by cosine.

``sim(i, j) = |C_i ∩ C_j| / sqrt(|C_i| |C_j|)`` over weighted context columns, and a seed set
scores ``Σ_s sim(s, j)``. Computed as two sparse products, never as the full item × item matrix,
so it needs no training beyond normalising columns and has no dense vectors to index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from recommender.data import Interactions
from recommender.errors import NotFitted
from recommender.matrix import MatrixWeights, Vocabulary, context_matrix
from recommender.models.base import (
    BaseModel,
    CancelCallback,
    FloatArray,
    ProgressCallback,
    Stages,
    seed_rows,
)


class ItemKNNModel(BaseModel):
    """Co-occurrence cosine neighbours; exact by construction."""

    name = "item-knn"
    metric = "angular"
    indexable = False

    def __init__(self, weights: MatrixWeights | None = None) -> None:
        super().__init__()
        self._weights = weights or MatrixWeights()
        self._items_by_context: sp.csr_matrix | None = None

    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        stages = Stages(progress, cancel, self.name)
        vocabulary = Vocabulary.of(interactions.all_track_ids())
        matrix = context_matrix(interactions, vocabulary, self._weights, cancel)
        stages.report(0.5)
        items = matrix.T.tocsr()
        norms = np.sqrt(np.asarray(items.multiply(items).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        self._items_by_context = sp.csr_matrix(sp.diags(1.0 / norms) @ items, dtype=np.float32)
        self._vocabulary = vocabulary
        stages.report(1.0)

    def score_all(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        if self._items_by_context is None:
            raise NotFitted(f"{self.name} has not been trained yet")
        rows, w = seed_rows(self.vocabulary, seed_ids, weights)
        items = self._items_by_context
        contexts = np.asarray(items[rows].T @ w).ravel()
        scores: FloatArray = np.asarray(items @ contexts, dtype=np.float32).ravel()
        return scores

    def contexts_of(self, track_id: str) -> int:
        """How many contexts the track appears in (used by reasons and tests)."""
        if self._items_by_context is None:
            raise NotFitted(f"{self.name} has not been trained yet")
        row = self.vocabulary.positions.get(track_id)
        return 0 if row is None else int(self._items_by_context[row].nnz)
