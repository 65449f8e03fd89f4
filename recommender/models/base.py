"""The one interface every recommendation model satisfies, and what they share.

A model is trained on :class:`~recommender.data.Interactions` and then scores every known track
for a set of seed tracks. Models with dense item vectors (``indexable``) also expose them and
a *fold-in* query vector, so an Annoy index can stand in for the exhaustive scoring.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from recommender.data import Interactions
from recommender.errors import NotFitted, NotIndexable, TrainingCancelled, UnknownTrack
from recommender.matrix import Vocabulary

logger = logging.getLogger(__name__)

Metric = Literal["angular", "dot"]
ProgressCallback = Callable[[float], None]
CancelCallback = Callable[[], bool]
FloatArray = NDArray[np.float32]


@runtime_checkable
class Model(Protocol):
    """What the evaluation, the index and the queries need from a model."""

    name: str
    metric: Metric
    indexable: bool

    @property
    def track_ids(self) -> tuple[str, ...]: ...

    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None: ...

    def item_vectors(self) -> FloatArray: ...

    def query_vector(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray: ...

    def score_all(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray: ...

    def score(self, seed_ids: Sequence[str], n: int) -> list[tuple[str, float]]: ...


class Stages:
    """Reports progress through fixed stages and honours cancellation between them."""

    def __init__(
        self, progress: ProgressCallback | None, cancel: CancelCallback | None, name: str
    ) -> None:
        self._progress = progress
        self._cancel = cancel
        self._name = name

    def report(self, fraction: float) -> None:
        """Report ``fraction`` done, then stop if the caller asked to cancel."""
        if self._progress is not None:
            self._progress(min(max(fraction, 0.0), 1.0))
        self.check()

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            logger.info("training of %s cancelled", self._name)
            raise TrainingCancelled(f"training of {self._name} was cancelled")

    @property
    def cancel(self) -> CancelCallback | None:
        return self._cancel


def top_n(
    scores: FloatArray, n: int, exclude: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """Rows of the ``n`` best scores, best first; ties broken by row for determinism."""
    ranked = np.asarray(scores, dtype=np.float64).copy()
    if exclude is not None and len(exclude):
        ranked[exclude] = -np.inf
    candidates = int(np.count_nonzero(np.isfinite(ranked)))
    n = min(n, candidates)
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-ranked, n - 1)[:n] if n < len(ranked) else np.arange(len(ranked))
    order = np.lexsort((part, -ranked[part]))
    return part[order][:n].astype(np.int64)


def seed_rows(
    vocabulary: Vocabulary, seed_ids: Sequence[str], weights: Sequence[float] | None
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Rows and weights of the seeds the model knows; raises when it knows none."""
    given = list(weights) if weights is not None else [1.0] * len(seed_ids)
    rows: list[int] = []
    kept: list[float] = []
    for track_id, weight in zip(seed_ids, given, strict=True):
        row = vocabulary.positions.get(track_id)
        if row is not None:
            rows.append(row)
            kept.append(weight)
    if not rows:
        raise UnknownTrack("none of the seed tracks is known to the model")
    return np.asarray(rows, dtype=np.int64), np.asarray(kept, dtype=np.float32)


class BaseModel(ABC):
    """Vocabulary handling and top-n selection shared by every model."""

    name: str = "base"
    metric: Metric = "angular"
    indexable: bool = True

    def __init__(self) -> None:
        self._vocabulary: Vocabulary | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            raise NotFitted(f"{self.name} has not been trained yet")
        return self._vocabulary

    @property
    def track_ids(self) -> tuple[str, ...]:
        return self.vocabulary.track_ids

    @abstractmethod
    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        """Train on ``interactions``; report progress in ``[0, 1]``; stop when cancelled."""

    def item_vectors(self) -> FloatArray:
        """One row per track of :attr:`track_ids`, ready for the index (see :attr:`metric`)."""
        raise NotIndexable(f"{self.name} has no dense item vectors")

    def query_vector(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        """Fold the seed tracks into one vector comparable with :meth:`item_vectors`."""
        raise NotIndexable(f"{self.name} has no dense item vectors")

    @abstractmethod
    def score_all(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        """A score for every track of :attr:`track_ids` (higher is better)."""

    def score(self, seed_ids: Sequence[str], n: int) -> list[tuple[str, float]]:
        """The ``n`` best tracks for the seeds, seeds themselves excluded, best first."""
        scores = self.score_all(seed_ids)
        exclude = self.vocabulary.rows(seed_ids)
        ids = self.vocabulary.track_ids
        return [(ids[row], float(scores[row])) for row in top_n(scores, n, exclude)]


class VectorModel(BaseModel):
    """A model whose score is a similarity between a folded-in query and item vectors."""

    def __init__(self) -> None:
        super().__init__()
        self._vectors: FloatArray | None = None

    def item_vectors(self) -> FloatArray:
        if self._vectors is None:
            raise NotFitted(f"{self.name} has not been trained yet")
        return self._vectors

    def score_all(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        query = self.query_vector(seed_ids, weights)
        scores: FloatArray = self.item_vectors() @ query
        return scores

    def query_vector(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        """Default fold-in: the weighted mean of the seeds' unit vectors, normalised."""
        rows, w = seed_rows(self.vocabulary, seed_ids, weights)
        return normalize_rows(self.item_vectors()[rows]).T @ w / max(float(w.sum()), 1e-9)


def normalize_rows(matrix: FloatArray) -> FloatArray:
    """Rows scaled to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    out: FloatArray = (matrix / norms).astype(np.float32, copy=False)
    return out
