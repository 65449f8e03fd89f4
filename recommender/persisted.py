"""A trained model answered from its published index, so nothing is retrained to query.

The index already holds the item vectors, memory-mapped (:mod:`recommender.index`); what a query
needs besides them is the fold-in recipe, a handful of numbers saved as :class:`ModelRecipe`.
For the default model (ALS + metadata, :class:`~recommender.models.metadata.BlendedModel`) the
first ``factors`` columns are ALS item factors, then hashed metadata, then (``replay_column``)
the listener's replay prior; the ALS user step runs on the first block, the metadata block is
folded in as a normalised mean and the replay coordinate is met by the ALS query's norm, exactly
as the in-memory model does. Other vector models fold in as the mean of unit vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from recommender.data import Interactions
from recommender.errors import RecommenderError, UnknownTrack
from recommender.index import NeighbourIndex
from recommender.models.als import ALSModel
from recommender.models.base import (
    CancelCallback,
    FloatArray,
    Metric,
    Model,
    ProgressCallback,
    normalize_rows,
    top_n,
)
from recommender.models.metadata import BlendedModel


@dataclass(frozen=True, slots=True)
class ModelRecipe:
    """How to fold seeds into a query vector for a published model."""

    name: str
    metric: Metric
    kind: str = "mean"  # "als+meta" or "mean"
    factors: int = 0
    alpha: float = 0.0
    regularization: float = 0.0
    meta_weight: float = 0.0
    replay_column: bool = False

    @classmethod
    def of(cls, model: Model) -> ModelRecipe:
        if isinstance(model, BlendedModel) and isinstance(model.base, ALSModel):
            base = model.base
            return cls(
                model.name,
                model.metric,
                "als+meta",
                base.factors,
                base.alpha,
                base.regularization,
                model.meta_weight,
                model.has_replay_column,
            )
        return cls(model.name, model.metric)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ModelRecipe:
        try:
            return cls(
                str(raw["name"]),
                "dot" if raw["metric"] == "dot" else "angular",
                str(raw.get("kind", "mean")),
                int(raw.get("factors", 0)),
                float(raw.get("alpha", 0.0)),
                float(raw.get("regularization", 0.0)),
                float(raw.get("meta_weight", 0.0)),
                bool(raw.get("replay_column", False)),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise RecommenderError("the saved model description cannot be read") from e


class PublishedModel:
    """The :class:`~recommender.models.base.Model` interface over an open index."""

    indexable = True

    def __init__(self, index: NeighbourIndex, recipe: ModelRecipe) -> None:
        self.index = index
        self.recipe = recipe
        self.name = recipe.name
        self.metric: Metric = recipe.metric
        self._rows = {t: i for i, t in enumerate(index.track_ids)}
        self._gram: NDArray[np.float64] | None = None

    @property
    def track_ids(self) -> tuple[str, ...]:
        return self.index.track_ids

    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        raise RecommenderError("a published model is read-only: train a new one instead")

    def item_vectors(self) -> FloatArray:
        vectors: FloatArray = np.asarray(self.index.vectors())
        return vectors

    def _seeds(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None
    ) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        given = list(weights) if weights is not None else [1.0] * len(seed_ids)
        pairs = [
            (self._rows[t], w) for t, w in zip(seed_ids, given, strict=True) if t in self._rows
        ]
        if not pairs:
            raise UnknownTrack("none of the seed tracks is known to the model")
        rows = np.asarray([r for r, _ in pairs], dtype=np.int64)
        return rows, np.asarray([w for _, w in pairs], dtype=np.float32)

    def query_vector(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        rows, w = self._seeds(seed_ids, weights)
        vectors = self.item_vectors()
        if self.recipe.kind != "als+meta":
            query: FloatArray = normalize_rows(vectors[rows]).T @ w / max(float(w.sum()), 1e-9)
            return query.astype(np.float32)
        k = self.recipe.factors
        collab = vectors[:, :k]
        if self._gram is None:
            full = collab.astype(np.float64)
            self._gram = full.T @ full
        y = collab[rows].astype(np.float64)
        confidence = 1.0 + self.recipe.alpha * w.astype(np.float64)
        a = self._gram + (y.T * (confidence - 1.0)) @ y
        a[np.diag_indices_from(a)] += self.recipe.regularization
        collab_query = np.linalg.solve(a, y.T @ confidence)
        end = vectors.shape[1] - (1 if self.recipe.replay_column else 0)
        meta = vectors[rows, k:end].T @ w
        meta_query = normalize_rows(meta[None, :].astype(np.float32))[0]
        # With no co-occurrence at all (a new library) the ALS half is zero; metadata still
        # places a track next to its artist, so it must not be scaled away with it.
        norm = float(np.linalg.norm(collab_query))
        scale = self.recipe.meta_weight * (norm or 1.0)
        parts = [collab_query, meta_query * scale]
        if self.recipe.replay_column:
            parts.append(np.asarray([norm]))
        joined: FloatArray = np.concatenate(parts).astype(np.float32)
        return joined

    def score_all(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        scores: FloatArray = self.item_vectors() @ self.query_vector(seed_ids, weights)
        return scores

    def score(self, seed_ids: Sequence[str], n: int) -> list[tuple[str, float]]:
        scores = self.score_all(seed_ids)
        skip = np.asarray([self._rows[t] for t in seed_ids if t in self._rows], dtype=np.int64)
        ids = self.track_ids
        return [(ids[r], float(scores[r])) for r in top_n(scores, n, skip)]
