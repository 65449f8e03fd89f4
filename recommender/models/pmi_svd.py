"""PMI + truncated SVD: factorise shifted positive PMI of track co-occurrence.

Co-occurrence counts favour popular tracks; pointwise mutual information asks instead "do these
two appear together more often than chance?". Following Levy, Goldberg & Dagan (2015) the
context distribution is smoothed (``c^0.75``) and PMI is shifted by ``log(shift)`` before
clipping at zero. Item vectors are ``U · sqrt(Σ)`` of the rank-``factors`` SVD, compared by
cosine.

The SVD is randomized (Halko, Martinsson & Tropp 2011) in float32 on the sparse PPMI matrix:
ARPACK in float64 took 70-116 s at 100,000 tracks, over the one-minute training budget.
Settings chosen on a validation corpus (seed 1, 20,000 tracks, never the test corpus): one power
iteration ranks *better* than an exact SVD (R-precision 0.205 vs ARPACK's 0.161: a rougher
sketch keeps more of the smaller, scene-level directions), and a shift of 2 (Levy et al.'s
shifted PPMI) keeps only clearly associated pairs, which is both better (0.212) and sparser,
so faster.
"""

from __future__ import annotations

import logging

import numpy as np
import scipy.sparse as sp
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
        shift: float = 2.0,
        seed: int = 0,
        weights: MatrixWeights | None = None,
        power_iterations: int = 1,
        oversampling: int = 16,
    ) -> None:
        super().__init__()
        self.factors = factors
        self.power_iterations = power_iterations
        self.oversampling = oversampling
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
        u, singular = randomized_svd(
            ppmi.astype(np.float32), k, self.oversampling, self.power_iterations, self.seed
        )
        vectors: FloatArray = (u * np.sqrt(np.maximum(singular, 0.0))).astype(np.float32)
        if k < self.factors:
            vectors = np.pad(vectors, ((0, 0), (0, self.factors - k)))
        return vectors


def randomized_svd(
    matrix: sp.csr_matrix, rank: int, oversampling: int, power_iterations: int, seed: int
) -> tuple[FloatArray, FloatArray]:
    """Left singular vectors and singular values of the top ``rank``, largest first.

    A seeded Gaussian sketch makes it deterministic; each power iteration re-orthonormalises
    (QR) so float32 keeps the small singular directions instead of rounding them away.
    """
    n_rows, n_cols = matrix.shape
    width = min(rank + oversampling, n_rows, n_cols)
    sketch = np.random.default_rng(seed).standard_normal((n_cols, width)).astype(np.float32)
    transposed = matrix.T.tocsr()
    basis, _ = np.linalg.qr(matrix @ sketch)
    for _ in range(power_iterations):
        back, _ = np.linalg.qr(transposed @ basis)
        basis, _ = np.linalg.qr(matrix @ back)
    small = np.asarray(transposed @ basis).T  # width × n_cols, the matrix seen through the basis
    u_small, singular, _ = np.linalg.svd(small, full_matrices=False)
    u: FloatArray = np.asarray(basis @ u_small[:, :rank], dtype=np.float32)
    return u, singular[:rank].astype(np.float32)
