"""Turn :class:`Interactions` into a sparse *contexts × tracks* matrix.

A context is anything that groups tracks the listener put together: a playlist, a listening
session, or the saved/liked list. Models factorise or compare the columns of this matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from recommender.data import Interactions
from recommender.errors import TrainingCancelled


@dataclass(frozen=True, slots=True)
class MatrixWeights:
    """Relative weight of each kind of context in the training matrix."""

    playlist: float = 1.0
    session: float = 1.0
    saved: float = 0.5


@dataclass(frozen=True)
class Vocabulary:
    """A fixed, sorted order of track ids: row ``i`` of every item matrix is ``track_ids[i]``."""

    track_ids: tuple[str, ...]
    positions: dict[str, int]

    @classmethod
    def of(cls, track_ids: Sequence[str]) -> Vocabulary:
        ordered = tuple(sorted(set(track_ids)))
        return cls(ordered, {track_id: i for i, track_id in enumerate(ordered)})

    def __len__(self) -> int:
        return len(self.track_ids)

    def rows(self, track_ids: Sequence[str]) -> NDArray[np.int64]:
        """Rows of the known ids, in the given order, unknown ids skipped."""
        found = [self.positions[t] for t in track_ids if t in self.positions]
        return np.asarray(found, dtype=np.int64)


def context_matrix(
    interactions: Interactions,
    vocabulary: Vocabulary,
    weights: MatrixWeights | None = None,
    cancel: Callable[[], bool] | None = None,
) -> sp.csr_matrix:
    """Contexts × tracks, float32. A track repeated in a playlist counts once."""
    weights = weights or MatrixWeights()
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    positions = vocabulary.positions
    n_contexts = 0

    def add(pairs: dict[int, float]) -> None:
        nonlocal n_contexts
        if not pairs:
            return
        rows.extend([n_contexts] * len(pairs))
        cols.extend(pairs.keys())
        vals.extend(pairs.values())
        n_contexts += 1

    for count, playlist in enumerate(interactions.playlists):
        if cancel is not None and count % 4096 == 0 and cancel():
            raise TrainingCancelled("training cancelled while reading playlists")
        add({positions[t]: weights.playlist for t in playlist if t in positions})
    for session in interactions.sessions:
        pairs: dict[int, float] = {}
        for track_id, weight in session:
            if track_id in positions and weight > 0.0:
                col = positions[track_id]
                pairs[col] = pairs.get(col, 0.0) + weight * weights.session
        add(pairs)
    add({positions[t]: weights.saved for t in interactions.saved if t in positions})
    return sp.csr_matrix(
        (np.asarray(vals, dtype=np.float32), (np.asarray(rows), np.asarray(cols))),
        shape=(n_contexts, len(vocabulary)),
        dtype=np.float32,
    )
