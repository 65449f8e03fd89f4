"""The baseline every other model must beat: the most-played, most-listed tracks first."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from recommender.data import Interactions
from recommender.matrix import MatrixWeights, Vocabulary, context_matrix
from recommender.models.base import (
    CancelCallback,
    FloatArray,
    ProgressCallback,
    Stages,
    VectorModel,
)


class PopularityModel(VectorModel):
    """Scores every track by its summed weight over all contexts, whatever the seeds.

    Its "vector" is a single coordinate, ``log1p(popularity)``, searched with the dot metric, so
    the index and the evaluation treat it like any other model.
    """

    name = "popularity"
    metric = "dot"

    def __init__(self, weights: MatrixWeights | None = None) -> None:
        super().__init__()
        self._weights = weights or MatrixWeights()

    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        stages = Stages(progress, cancel, self.name)
        vocabulary = Vocabulary.of(interactions.all_track_ids())
        matrix = context_matrix(interactions, vocabulary, self._weights, cancel)
        counts = np.asarray(matrix.sum(axis=0)).ravel()
        self._vectors = np.log1p(counts).astype(np.float32)[:, None]
        self._vocabulary = vocabulary
        stages.report(1.0)

    def query_vector(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        return np.ones(1, dtype=np.float32)
