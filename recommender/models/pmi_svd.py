"""PMI + truncated SVD: factorise shifted positive PMI of track co-occurrence.

Co-occurrence counts favour popular tracks; pointwise mutual information asks instead "do these
two appear together more often than chance?". Following Levy, Goldberg & Dagan (2015) the
context distribution is smoothed (``c^0.75``) and PMI is shifted by ``log(shift)`` before
clipping at zero. Item vectors are ``U · sqrt(Σ)`` of the rank-``factors`` SVD, compared by
cosine.
"""

from __future__ import annotations

import logging

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from threadpoolctl import threadpool_limits

from recommender.data import Interactions
from recommender.matrix import MatrixWeights, Vocabulary, context_matrix
from recommender.models.base import (
    CancelCallback,
    FloatArray,
    ProgressCallback,
    Stages,
    VectorModel,
    normalize_rows,
)
from recommender.threads import blas_threads

logger = logging.getLogger(__name__)


class PMISVDModel(VectorModel):
    """Shifted-PPMI co-occurrence factorised by ``scipy.sparse.linalg.svds``."""

    name = "pmi-svd"
    metric = "angular"

    def __init__(
        self,
        factors: int = 64,
        smoothing: float = 0.75,
        shift: float = 1.0,
        seed: int = 0,
        weights: MatrixWeights | None = None,
    ) -> None:
        super().__init__()
        self.factors = factors
        self.smoothing = smoothing
        self.shift = shift
        self.seed = seed
        self._weights = weights or MatrixWeights()

    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        stages = Stages(progress, cancel, self.name)
        vocabulary = Vocabulary.of(interactions.all_track_ids())
        contexts = context_matrix(interactions, vocabulary, self._weights, cancel)
        stages.report(0.1)
        with threadpool_limits(limits=blas_threads(), user_api="blas"):
            ppmi = self._ppmi(contexts)
            stages.report(0.4)
            vectors = self._factorise(ppmi, len(vocabulary))
        self._vectors = normalize_rows(vectors)
        self._vocabulary = vocabulary
        stages.report(1.0)

    def _ppmi(self, contexts: sp.csr_matrix) -> sp.csr_matrix:
        binary = contexts.copy()
        binary.data = np.minimum(binary.data, 1.0).astype(np.float32)
        cooc = sp.csr_matrix(binary.T @ binary, dtype=np.float32)
        cooc.setdiag(0.0)
        cooc.eliminate_zeros()
        coo = cooc.tocoo()
        if coo.nnz == 0:
            return sp.csr_matrix(cooc.shape, dtype=np.float32)
        counts = np.asarray(cooc.sum(axis=1)).ravel().astype(np.float64)
        total = counts.sum()
        smoothed = counts**self.smoothing
        p_context = smoothed / smoothed.sum()
        pmi = (
            np.log(coo.data.astype(np.float64))
            - np.log(total)
            - np.log(counts[coo.row] / total)
            - np.log(p_context[coo.col])
            - np.log(self.shift)
        )
        keep = pmi > 0.0
        logger.debug("PPMI keeps %d of %d co-occurrences", int(keep.sum()), coo.nnz)
        return sp.csr_matrix(
            (pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=cooc.shape
        )

    def _factorise(self, ppmi: sp.csr_matrix, n_items: int) -> FloatArray:
        k = min(self.factors, n_items - 1)
        if ppmi.nnz == 0 or k < 1:
            return np.zeros((n_items, max(self.factors, 1)), dtype=np.float32)
        # A fixed start vector makes ARPACK deterministic (its default start is random).
        v0 = np.random.default_rng(self.seed).standard_normal(min(ppmi.shape))
        u, s, _ = svds(ppmi.astype(np.float64), k=k, v0=v0, solver="arpack")
        order = np.argsort(-s)
        vectors: FloatArray = (u[:, order] * np.sqrt(np.maximum(s[order], 0.0))).astype(np.float32)
        if k < self.factors:
            vectors = np.pad(vectors, ((0, 0), (0, self.factors - k)))
        return vectors
