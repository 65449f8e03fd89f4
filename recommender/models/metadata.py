"""Metadata vectors and the blend that gives every track a place, even with no co-occurrence.

Each track's artists, album, year, decade and genres are *hashed* features: a feature lands on
a few signed coordinates of a small vector (a count sketch, keyed with a fixed salt so the same
library hashes the same way on every run and machine). Tracks sharing an artist or an album
therefore point the same way.

The blend concatenates a model's collaborative vector with the metadata vector scaled by
``meta_weight`` and, for an ALS base with ``replay_weight > 0``, one more coordinate: the
listener's replay prior (:mod:`recommender.models.replay`), met in the query by the norm of the
collaborative query, so it weighs the same against every query.

A track the model never saw in any context has no collaborative vector; it
borrows the mean vector of the known tracks by the same artist (cold start), so it lands beside
them instead of at the origin.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from recommender.data import Interactions, TrackInfo
from recommender.errors import NotFitted
from recommender.models.als import ALSModel
from recommender.models.base import (
    CancelCallback,
    FloatArray,
    ProgressCallback,
    VectorModel,
    normalize_rows,
    seed_rows,
)
from recommender.models.replay import replay_prior

logger = logging.getLogger(__name__)

_SALT = b"mixtape-meta-v1"
_TOUCHES = 4


def track_features(track: TrackInfo) -> list[tuple[str, float]]:
    """The named features of a track and how strongly each should count."""
    features: list[tuple[str, float]] = []
    artists = [a.casefold().strip() for a in track.artists if a.strip()]
    for artist in artists:
        features.append((f"artist:{artist}", 1.0 / len(artists)))
    if track.album:
        features.append((f"album:{artists[0] if artists else ''}|{track.album.casefold()}", 0.7))
    if track.year:
        features.append((f"decade:{track.year // 10}", 0.3))
        features.append((f"year:{track.year}", 0.2))
    for genre in track.genres:
        features.append((f"genre:{genre.casefold()}", 0.5 / len(track.genres)))
    return features


def _sketch(feature: str, dim: int) -> tuple[list[int], list[float]]:
    digest = hashlib.blake2b(feature.encode(), digest_size=2 * _TOUCHES, key=_SALT).digest()
    cols = [int.from_bytes(digest[2 * i : 2 * i + 2], "little") for i in range(_TOUCHES)]
    return [c % dim for c in cols], [1.0 if (c >> 15) & 1 else -1.0 for c in cols]


def metadata_vectors(tracks: Sequence[TrackInfo | None], dim: int = 64) -> FloatArray:
    """Unit-length hashed metadata vectors, one row per track (zero when nothing is known)."""
    out = np.zeros((len(tracks), dim), dtype=np.float32)
    cache: dict[str, tuple[list[int], list[float]]] = {}
    for row, track in enumerate(tracks):
        if track is None:
            continue
        for feature, weight in track_features(track):
            if feature not in cache:
                cache[feature] = _sketch(feature, dim)
            cols, signs = cache[feature]
            for col, sign in zip(cols, signs, strict=True):
                out[row, col] += sign * weight
    return normalize_rows(out)


def impute_by_artist(
    vectors: FloatArray, tracks: Sequence[TrackInfo | None]
) -> tuple[FloatArray, int]:
    """Give zero rows the mean vector of the same artist's known tracks.

    Returns the new matrix and how many rows were filled.
    """
    known = np.linalg.norm(vectors, axis=1) > 0.0
    by_artist: dict[str, list[int]] = defaultdict(list)
    for row, track in enumerate(tracks):
        if track is not None and known[row]:
            for artist in track.artists:
                by_artist[artist.casefold()].append(row)
    out = vectors.copy()
    filled = 0
    for row in np.flatnonzero(~known).tolist():
        track = tracks[row]
        if track is None:
            continue
        donors = sorted({r for a in track.artists for r in by_artist.get(a.casefold(), [])})
        if donors:
            out[row] = vectors[donors].mean(axis=0)
            filled += 1
    return out, filled


class BlendedModel(VectorModel):
    """A collaborative model plus hashed metadata; works for angular and dot models alike."""

    def __init__(
        self,
        base: VectorModel,
        meta_weight: float = 0.3,
        meta_dim: int = 64,
        replay_weight: float = 0.0,
        meta_weights: Sequence[float] = (),
    ) -> None:
        super().__init__()
        self.base = base
        self.meta_weight = meta_weight
        #: Candidates to choose ``meta_weight`` from on the library itself (ALS bases only;
        #: :mod:`recommender.models.tuning`); empty keeps ``meta_weight`` as given.
        self.meta_weights = tuple(meta_weights)
        self.meta_dim = meta_dim
        self.replay_weight = replay_weight
        self.name = f"{base.name}+meta" + ("+replay" if self.has_replay_column else "")
        self.metric = base.metric
        self._collab: FloatArray | None = None
        self._meta: FloatArray | None = None
        self._scale = 1.0

    def fit(
        self,
        interactions: Interactions,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        start = 0.0
        if self.meta_weights and isinstance(self.base, ALSModel):
            # Imported here: tuning builds on this module's metadata vectors.
            from recommender.models.tuning import choose_meta_weight

            def tuning_progress(fraction: float) -> None:
                if progress is not None:
                    progress(0.45 * fraction)

            chosen = choose_meta_weight(
                self.base,
                interactions,
                self.meta_weights,
                self.replay_weight,
                self.meta_dim,
                self.base.seed,
                tuning_progress,
                cancel,
            )
            if chosen is not None:
                self.meta_weight = chosen
            start = 0.45

        def base_progress(fraction: float) -> None:
            if progress is not None:
                progress(start + (0.9 - start) * fraction)

        self.base.fit(interactions, base_progress, cancel)
        vocabulary = self.base.vocabulary
        infos = [interactions.tracks.get(t) for t in vocabulary.track_ids]
        collab, filled = impute_by_artist(self.base.item_vectors(), infos)
        logger.debug("cold start: %d tracks borrowed their artist's vector", filled)
        meta = metadata_vectors(infos, self.meta_dim)
        if self.metric == "angular":
            collab = normalize_rows(collab)
            self._scale = 1.0
        else:
            norms = np.linalg.norm(collab, axis=1)
            self._scale = float(np.median(norms[norms > 0])) if np.any(norms > 0) else 1.0
        self._collab, self._meta = collab, meta
        self._vectors = self._join(collab, meta * (self.meta_weight * self._scale))
        if self.metric == "angular":
            self._vectors = normalize_rows(self._vectors)
        elif self.has_replay_column:
            prior = replay_prior(interactions, vocabulary) * (self.replay_weight * self._scale)
            self._vectors = self._join(self._vectors, prior[:, None])
        self._vocabulary = vocabulary
        if progress is not None:
            progress(1.0)

    @property
    def has_replay_column(self) -> bool:
        """True when the last coordinate of every vector is the replay prior."""
        return isinstance(self.base, ALSModel) and self.replay_weight > 0.0

    @staticmethod
    def _join(left: NDArray[np.float32], right: NDArray[np.float32]) -> FloatArray:
        joined: FloatArray = np.hstack([left, right]).astype(np.float32, copy=False)
        return joined

    def query_vector(
        self, seed_ids: Sequence[str], weights: Sequence[float] | None = None
    ) -> FloatArray:
        if self.metric == "angular" or not isinstance(self.base, ALSModel):
            return super().query_vector(seed_ids, weights)
        if self._collab is None or self._meta is None:
            raise NotFitted(f"{self.name} has not been trained yet")
        rows, w = seed_rows(self.vocabulary, seed_ids, weights)
        collab_query = self.base.fold_in(self._collab, rows, w)
        meta_query = normalize_rows((self._meta[rows].T @ w)[None, :])[0]
        norm = float(np.linalg.norm(collab_query))
        joined = self._join(collab_query, meta_query * (self.meta_weight * norm))
        if self.has_replay_column:
            joined = np.append(joined, np.float32(norm)).astype(np.float32)
        return joined


def tracks_without_contexts(interactions: Interactions) -> Iterable[str]:
    """Track ids known only from metadata (useful for tests and diagnostics)."""
    seen: set[str] = set(interactions.saved)
    for playlist in interactions.playlists:
        seen.update(playlist)
    for session in interactions.sessions:
        seen.update(t for t, _ in session)
    return sorted(set(interactions.tracks) - seen)
