"""Nearest-neighbour search over item vectors: an Annoy index on disk, or exact numpy search.

Files in the index folder (one *generation* per build)::

    CURRENT            the name of the generation readers should open (a few bytes)
    <gen>.ann          Annoy trees, memory-mapped by readers
    <gen>.npy          the same vectors as float32, for exact search and diversity
    <gen>.json         manifest: track ids, metric, dimensions, augmentation

A mapped file is never replaced or truncated: a build writes a *new* generation under a new
name, then atomically replaces ``CURRENT``. A reader that opened the old generation keeps using
it (it holds a shared lock on its ``.ann``); :func:`remove_unused_generations` deletes old
generations only once no reader holds them.

Metric. Cosine models are searched with Annoy's angular metric on unit vectors. ALS scores by
*dot product*, where an item's norm carries real signal (well-connected tracks have longer
vectors; ranking by cosine instead cut R-precision by three quarters in the benchmark), so
normalising is not an option. The standard reduction of maximum inner product search to angular
search (Bachrach et al., RecSys 2014) gives every item one extra coordinate ``sqrt(M² − |y|²)``
and the query ``0``: all items then have norm ``M`` and the angular order is the dot order. With
ALS's heavy-tailed norms (max ≈ 30× median) that extra coordinate dominates and Annoy's splits
go blind (recall@500 of 0.30 at 100k tracks). So the index is *norm-ranged* (after Yan et al.,
NeurIPS 2018): the ``head_share`` of items with the largest norms are searched exactly (a small
matrix product), only the rest go through the augmented Annoy trees, whose ``M`` is then the
largest *tail* norm; candidates from both are re-scored exactly. Rows are stored in decreasing
norm order so the head is simply the first ``head`` rows.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from annoy import AnnoyIndex
from numpy.typing import NDArray

from recommender._locks import ReaderLock, remove_if_unused
from recommender.errors import IndexUnavailable, RecommenderError
from recommender.models.base import FloatArray, Metric, normalize_rows, top_n

logger = logging.getLogger(__name__)

POINTER = "CURRENT"
DEFAULT_TREES = 20
#: Annoy inspects ``search_k = k · trees · SEARCH_FACTOR`` nodes; tuned in the benchmark so the
#: index keeps ≥ 98% of exact R-precision and NDCG at k = 500.
SEARCH_FACTOR = 1.0
#: Share of items (largest norms first) searched exactly in dot-product indexes, and its floor.
HEAD_SHARE = 0.2
MIN_HEAD = 1000


@dataclass(frozen=True)
class Manifest:
    """What a reader needs besides the Annoy file."""

    generation: str
    track_ids: tuple[str, ...]
    metric: Metric
    dim: int
    max_norm: float
    model: str
    head: int = 0

    @property
    def augmented(self) -> bool:
        return self.metric == "dot"


class NeighbourIndex(Protocol):
    """Search over one generation's item vectors (Annoy or exact)."""

    manifest: Manifest

    @property
    def track_ids(self) -> tuple[str, ...]: ...

    def vectors(self) -> FloatArray: ...

    def search(
        self, query: FloatArray, k: int, exclude: Sequence[str] = ()
    ) -> list[tuple[str, float]]: ...

    def close(self) -> None: ...


def _augment(vectors: FloatArray) -> tuple[FloatArray, float]:
    norms = np.linalg.norm(vectors, axis=1)
    max_norm = float(norms.max()) if len(norms) else 1.0
    extra = np.sqrt(np.maximum(max_norm**2 - norms**2, 0.0))[:, None]
    augmented: FloatArray = np.hstack([vectors, extra]).astype(np.float32)
    return augmented, max_norm or 1.0


def _head_size(n: int, metric: Metric, head_share: float) -> int:
    if metric == "angular" or n < 2:
        return 0
    # The tail always keeps at least half, so small libraries still exercise Annoy.
    return min(max(MIN_HEAD, int(np.ceil(n * head_share))), n // 2)


def publish_index(
    folder: Path,
    track_ids: Sequence[str],
    vectors: FloatArray,
    metric: Metric,
    model: str = "",
    n_trees: int = DEFAULT_TREES,
    seed: int = 0,
    head_share: float = HEAD_SHARE,
) -> str:
    """Build a new generation from ``vectors`` and make it current; returns its name.

    Safe while readers use an older generation. Old generations nobody holds are removed.
    """
    if len(track_ids) != len(vectors):
        raise RecommenderError("one vector per track id is needed")
    folder.mkdir(parents=True, exist_ok=True)
    generation = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    ids = list(track_ids)
    head = _head_size(len(ids), metric, head_share)
    if metric == "angular":
        vectors = normalize_rows(vectors)
        searchable, max_norm = vectors, 1.0
    else:
        order = np.argsort(-np.linalg.norm(vectors, axis=1), kind="stable")
        vectors = np.ascontiguousarray(vectors[order])
        ids = [ids[i] for i in order.tolist()]
        searchable, max_norm = _augment(vectors[head:])
    started = time.perf_counter()
    annoy = AnnoyIndex(searchable.shape[1], "angular")
    annoy.set_seed(seed)
    for item, vector in enumerate(searchable):
        annoy.add_item(item, vector)
    # One build thread: Annoy's multi-threaded build is not reproducible run to run.
    annoy.build(n_trees, n_jobs=1)
    _write_new(folder / f"{generation}.ann", lambda p: annoy.save(str(p)))
    annoy.unload()
    _write_new(folder / f"{generation}.npy", lambda p: _save_array(p, vectors))
    manifest = {
        "generation": generation,
        "track_ids": ids,
        "metric": metric,
        "dim": int(vectors.shape[1]),
        "max_norm": max_norm,
        "model": model,
        "head": head,
    }
    _write_new(folder / f"{generation}.json", lambda p: p.write_text(json.dumps(manifest)))
    _replace_pointer(folder, generation)
    logger.info(
        "published index %s: %d tracks in %.1fs",
        generation,
        len(track_ids),
        time.perf_counter() - started,
    )
    remove_unused_generations(folder)
    return generation


def _write_new(final: Path, write: Callable[[Path], object]) -> None:
    """Write to a temporary name, then rename onto a name no reader has ever opened."""
    temporary = final.with_name(final.name + ".tmp")
    write(temporary)
    os.replace(temporary, final)


def _save_array(path: Path, vectors: FloatArray) -> None:
    # A file handle, because np.save appends ".npy" to a name that does not end with it.
    with path.open("wb") as handle:
        np.save(handle, vectors)


def _replace_pointer(folder: Path, generation: str) -> None:
    temporary = folder / f"{POINTER}.{secrets.token_hex(4)}.tmp"
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(generation)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, folder / POINTER)


def current_generation(folder: Path) -> str:
    """The generation ``CURRENT`` points at."""
    try:
        return (folder / POINTER).read_text(encoding="utf-8").strip()
    except OSError as e:
        raise IndexUnavailable(f"no index has been built in {folder}") from e


def remove_unused_generations(folder: Path) -> list[str]:
    """Delete generations other than the current one that no reader holds; returns them."""
    try:
        current = current_generation(folder)
    except IndexUnavailable:
        return []
    removed: list[str] = []
    for ann in sorted(folder.glob("gen-*.ann")):
        generation = ann.stem
        if generation == current or not remove_if_unused(ann):
            continue
        for suffix in (".npy", ".json"):
            (folder / f"{generation}{suffix}").unlink(missing_ok=True)
        removed.append(generation)
    for stale in folder.glob("*.tmp"):
        if time.time() - stale.stat().st_mtime > 3600:
            stale.unlink(missing_ok=True)
    if removed:
        logger.debug("removed %d old index generations", len(removed))
    return removed


class _Loaded:
    """Files of one generation, locked against removal while open."""

    def __init__(self, folder: Path, attempts: int = 3) -> None:
        for _ in range(attempts):
            generation = current_generation(folder)
            try:
                self._lock = ReaderLock(folder / f"{generation}.ann")
            except FileNotFoundError:
                continue  # replaced and cleaned between reading CURRENT and locking: retry
            try:
                raw = json.loads((folder / f"{generation}.json").read_text(encoding="utf-8"))
                self.manifest = Manifest(
                    generation=raw["generation"],
                    track_ids=tuple(raw["track_ids"]),
                    metric=raw["metric"],
                    dim=int(raw["dim"]),
                    max_norm=float(raw["max_norm"]),
                    model=str(raw.get("model", "")),
                    head=int(raw.get("head", 0)),
                )
                self._vectors: FloatArray = np.load(folder / f"{generation}.npy", mmap_mode="r")
                # A plain ndarray view of the same mapping: no copy, no memmap subclass overhead.
                self._matrix: FloatArray = np.asarray(self._vectors)
            except (OSError, ValueError, KeyError) as e:
                self._lock.release()
                raise IndexUnavailable(f"index {generation} cannot be read") from e
            self.path = folder / f"{generation}.ann"
            self.rows = {t: i for i, t in enumerate(self.manifest.track_ids)}
            return
        raise IndexUnavailable(f"the index in {folder} kept changing while being opened")

    @property
    def track_ids(self) -> tuple[str, ...]:
        return self.manifest.track_ids

    def vectors(self) -> FloatArray:
        return self._vectors

    def _excluded_rows(self, exclude: Sequence[str]) -> NDArray[np.int64]:
        return np.asarray([self.rows[t] for t in exclude if t in self.rows], dtype=np.int64)

    def _checked(self, query: FloatArray) -> FloatArray:
        vector = np.asarray(query, dtype=np.float32).ravel()
        if vector.shape[0] != self.manifest.dim:
            raise IndexUnavailable(
                f"index {self.manifest.generation} has {self.manifest.dim} dimensions, "
                f"the query {vector.shape[0]}: it was built for another model"
            )
        return vector

    def close(self) -> None:
        self._lock.release()


class AnnoyTrackIndex(_Loaded):
    """Approximate search through the memory-mapped Annoy file."""

    def __init__(self, folder: Path, search_factor: float = SEARCH_FACTOR) -> None:
        super().__init__(folder)
        dims = self.manifest.dim + (1 if self.manifest.augmented else 0)
        self._annoy = AnnoyIndex(dims, "angular")
        try:
            # prefault=False: pages come in on demand, so loading costs nothing up front.
            self._annoy.load(str(self.path), prefault=False)
        except OSError as e:
            super().close()
            raise IndexUnavailable(f"index {self.manifest.generation} cannot be mapped") from e
        self._search_k = max(self._annoy.get_n_trees(), 1) * search_factor
        self.search_factor = search_factor

    def search(
        self, query: FloatArray, k: int, exclude: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """The ``k`` best tracks for ``query``; scores are exact for the tracks returned."""
        vector = self._checked(query)
        if k <= 0 or not float(np.linalg.norm(vector)):
            return []
        if self.manifest.metric == "angular":
            vector = vector / np.float32(np.linalg.norm(vector))
        excluded = self._excluded_rows(exclude)
        wanted = k + len(excluded)
        head = self.manifest.head
        probe = np.append(vector, np.float32(0.0)) if self.manifest.augmented else vector
        found, _ = self._annoy.get_nns_by_vector(
            probe.tolist(), wanted, max(int(wanted * self._search_k), wanted), True
        )
        rows = np.asarray(found, dtype=np.int64) + head
        if head:
            head_scores = np.asarray(self._matrix[:head] @ vector)
            rows = np.concatenate([top_n(head_scores, wanted), rows])
        scores = np.asarray(self._matrix[rows] @ vector, dtype=np.float32)
        keep = ~np.isin(rows, excluded)
        rows, scores = rows[keep], scores[keep]
        best = top_n(scores, k)
        return [(self.manifest.track_ids[rows[i]], float(scores[i])) for i in best]

    def close(self) -> None:
        self._annoy.unload()
        super().close()


class ExactTrackIndex(_Loaded):
    """Brute-force numpy search over the same vectors (the ``--exact`` mode)."""

    def search(
        self, query: FloatArray, k: int, exclude: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        vector = self._checked(query)
        if self.manifest.metric == "angular":
            norm = float(np.linalg.norm(vector))
            if norm == 0.0:
                return []
            vector = vector / norm
        scores = np.asarray(self._matrix @ vector, dtype=np.float32)
        rows = top_n(scores, k, self._excluded_rows(exclude))
        return [(self.manifest.track_ids[r], float(scores[r])) for r in rows]


def open_index(
    folder: Path, exact: bool = False, search_factor: float = SEARCH_FACTOR
) -> AnnoyTrackIndex | ExactTrackIndex:
    """Open the current generation for searching; close it when done (or on the next swap).

    ``search_factor`` trades speed for recall: Annoy visits ``k · trees · search_factor`` nodes.
    """
    if exact:
        return ExactTrackIndex(folder)
    return AnnoyTrackIndex(folder, search_factor)
