"""Implicit-feedback ALS (Hu, Koren & Volinsky 2008) through the ``implicit`` package, on CPU.

Contexts (playlists, sessions, the saved list) play the role of users. Confidence in an
observed pair is ``1 + alpha · weight``. Scores are dot products of item factors with the
*folded-in* factor of the seed set: the least-squares user vector for a new "user" whose items
are the seeds, solved exactly as ALS would solve it during training.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from recommender.data import Interactions
from recommender.matrix import MatrixWeights, Vocabulary, context_matrix
from recommender.models.base import (
    CancelCallback,
    FloatArray,
    ProgressCallback,
    Stages,
    VectorModel,
    seed_rows,
)
from recommender.threads import compute_threads

logger = logging.getLogger(__name__)


class ALSModel(VectorModel):
    """Implicit ALS with deterministic seeding and a fixed thread count."""

    name = "als"
    metric = "dot"

    def __init__(
        self,
        factors: int = 64,
        regularization: float = 0.05,
        alpha: float = 10.0,
        iterations: int = 15,
        seed: int = 0,
        num_threads: int | None = None,
        weights: MatrixWeights | None = None,
    ) -> None:
        super().__init__()
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.seed = seed
        self.num_threads = num_threads or compute_threads()
        self._weights = weights or MatrixWeights()
        self._gram: NDArray[np.float64] | None = None

    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        stages = Stages(progress, cancel, self.name)
        vocabulary = Vocabulary.of(interactions.all_track_ids())
        contexts = context_matrix(interactions, vocabulary, self._weights, cancel)
        stages.report(0.05)
        if contexts.nnz == 0:
            factors = np.zeros((len(vocabulary), self.factors), dtype=np.float32)
        else:
            factors = self._train(contexts, stages)
        self._vectors = factors
        self._gram = factors.astype(np.float64).T @ factors.astype(np.float64)
        self._vocabulary = vocabulary
        stages.report(1.0)

    def _train(self, contexts: sp.csr_matrix, stages: Stages) -> FloatArray:
        # implicit's solver threads do the parallel work; BLAS threads on top of them only
        # fight for the same cores (implicit warns about exactly this), so BLAS gets one.
        from implicit.cpu.als import AlternatingLeastSquares

        with threadpool_limits(limits=1, user_api="blas"):
            model: Any = AlternatingLeastSquares(
                factors=self.factors,
                regularization=self.regularization,
                alpha=1.0,
                iterations=self.iterations,
                random_state=self.seed,
                num_threads=self.num_threads,
            )

            def on_iteration(iteration: int, _elapsed: float, _loss: float | None) -> None:
                stages.report(0.05 + 0.9 * (iteration + 1) / self.iterations)

            confidence = contexts.copy()
            confidence.data = 1.0 + self.alpha * confidence.data
            model.fit(confidence, show_progress=False, callback=on_iteration)
        factors: FloatArray = np.ascontiguousarray(model.item_factors, dtype=np.float32)
        return factors

    def query_vector(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        rows, w = seed_rows(self.vocabulary, seed_ids, weights)
        return self.fold_in(self.item_vectors(), rows, w)

    def fold_in(
        self, item_factors: FloatArray, rows: NDArray[np.int64], weights: NDArray[np.float32]
    ) -> FloatArray:
        """The ALS user step for one new context: ``(YᵀY + Yᵀ(C−I)Y + λI)⁻¹ YᵀCp``."""
        if self._gram is None:
            self._gram = item_factors.astype(np.float64).T @ item_factors.astype(np.float64)
        y = item_factors[rows].astype(np.float64)
        confidence = 1.0 + self.alpha * weights.astype(np.float64)
        a = self._gram + (y.T * (confidence - 1.0)) @ y
        a[np.diag_indices_from(a)] += self.regularization
        b = y.T @ confidence
        solution: FloatArray = np.linalg.solve(a, b).astype(np.float32)
        return solution
