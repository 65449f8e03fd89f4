"""The Annoy index against exact search, and swapping generations under a reader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from recommender.errors import IndexUnavailable
from recommender.index import (
    POINTER,
    AnnoyTrackIndex,
    ExactTrackIndex,
    open_index,
    publish_index,
    remove_unused_generations,
)


def _vectors(n: int, dim: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)


IDS = [f"t{i:04d}" for i in range(500)]


@pytest.mark.parametrize("metric", ["angular", "dot"])
def test_annoy_agrees_with_exact_search_on_small_data(tmp_path: Path, metric: str) -> None:
    vectors = _vectors(500, 16, seed=1)
    publish_index(tmp_path, IDS, vectors, metric, n_trees=20)  # type: ignore[arg-type]
    approx, exact = open_index(tmp_path), open_index(tmp_path, exact=True)
    overlaps = []
    for query in _vectors(20, 16, seed=2):
        found = [t for t, _ in approx.search(query, 10)]
        truth = [t for t, _ in exact.search(query, 10)]
        overlaps.append(len(set(found) & set(truth)) / 10)
    approx.close()
    exact.close()
    assert np.mean(overlaps) >= 0.9


def test_dot_search_ranks_by_inner_product_not_by_angle(tmp_path: Path) -> None:
    # b points the same way as the query but is short; a is longer at a wider angle.
    vectors = np.asarray([[3.0, 1.0], [0.5, 0.0], [-1.0, 0.0]], dtype=np.float32)
    publish_index(tmp_path, ["a", "b", "c"], vectors, "dot", n_trees=5)
    query = np.asarray([1.0, 0.0], dtype=np.float32)
    for index in (open_index(tmp_path), open_index(tmp_path, exact=True)):
        results = index.search(query, 3)
        assert [t for t, _ in results] == ["a", "b", "c"]
        assert [s for _, s in results] == pytest.approx([3.0, 0.5, -1.0], abs=1e-4)
        index.close()


def test_exact_mode_searches_the_same_vectors_exhaustively(tmp_path: Path) -> None:
    vectors = _vectors(500, 8, seed=3)
    publish_index(tmp_path, IDS, vectors, "angular", n_trees=2)
    index = open_index(tmp_path, exact=True)
    query = vectors[7]
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    expected = [IDS[i] for i in np.argsort(-(unit @ (query / np.linalg.norm(query))))[:5]]
    assert [t for t, _ in index.search(query, 5)] == expected
    assert [t for t, _ in index.search(query, 4, exclude=[IDS[7]])] == expected[1:]
    index.close()


def test_swap_keeps_the_old_reader_working_and_shows_new_readers_the_new_index(
    tmp_path: Path,
) -> None:
    old_vectors = np.eye(4, dtype=np.float32)
    first = publish_index(tmp_path, ["a", "b", "c", "d"], old_vectors, "angular", n_trees=3)
    reader = open_index(tmp_path)
    assert isinstance(reader, AnnoyTrackIndex)
    query = np.asarray([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
    assert reader.search(query, 1)[0][0] == "a"

    second = publish_index(tmp_path, ["w", "x", "y", "z"], old_vectors, "angular", n_trees=3)
    assert second != first
    assert (tmp_path / POINTER).read_text() == second
    # The old generation is still mapped by `reader`, so it was not removed.
    assert (tmp_path / f"{first}.ann").exists()
    assert reader.search(query, 1)[0][0] == "a"
    assert reader.search(query, 4)[0][0] == "a"

    newcomer = open_index(tmp_path)
    assert newcomer.search(query, 1)[0][0] == "w"

    reader.close()
    assert remove_unused_generations(tmp_path) == [first]
    assert not (tmp_path / f"{first}.ann").exists()
    assert not (tmp_path / f"{first}.npy").exists()
    assert newcomer.search(query, 1)[0][0] == "w"
    newcomer.close()


def test_publishing_never_rewrites_an_existing_file(tmp_path: Path) -> None:
    vectors = np.eye(3, dtype=np.float32)
    publish_index(tmp_path, ["a", "b", "c"], vectors, "angular", n_trees=2)
    reader = open_index(tmp_path)
    before = {p.name: p.stat().st_ino for p in tmp_path.glob("gen-*")}
    publish_index(tmp_path, ["a", "b", "c"], vectors, "angular", n_trees=2)
    after = {p.name: p.stat().st_ino for p in tmp_path.glob("gen-*")}
    assert all(after[name] == inode for name, inode in before.items())
    reader.close()


def test_building_the_same_vectors_twice_answers_the_same(tmp_path: Path) -> None:
    vectors = _vectors(300, 8, seed=4)
    answers = []
    for folder in (tmp_path / "one", tmp_path / "two"):
        publish_index(folder, IDS[:300], vectors, "angular", n_trees=10, seed=7)
        index = open_index(folder)
        answers.append(index.search(vectors[0], 20))
        index.close()
    assert answers[0] == answers[1]


def test_an_empty_folder_has_no_index(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable):
        open_index(tmp_path)


def test_exact_index_exposes_the_vectors_memory_mapped(tmp_path: Path) -> None:
    publish_index(tmp_path, ["a", "b"], np.eye(2, dtype=np.float32), "angular", n_trees=1)
    index = open_index(tmp_path, exact=True)
    assert isinstance(index, ExactTrackIndex)
    assert isinstance(index.vectors(), np.memmap)
    index.close()


def test_a_query_from_another_model_is_refused_not_misread(tmp_path: Path) -> None:
    publish_index(tmp_path, ["a", "b"], np.eye(2, dtype=np.float32), "angular", n_trees=1)
    for index in (open_index(tmp_path), open_index(tmp_path, exact=True)):
        with pytest.raises(IndexUnavailable):
            index.search(np.ones(3, dtype=np.float32), 1)
        index.close()


def test_dot_index_keeps_recall_when_norms_are_heavy_tailed(tmp_path: Path) -> None:
    # ALS norms span orders of magnitude; plain augmentation loses most neighbours there.
    rng = np.random.default_rng(5)
    vectors = (rng.standard_normal((4000, 16)) * rng.lognormal(0, 1.5, (4000, 1))).astype(
        np.float32
    )
    ids = [f"t{i}" for i in range(4000)]
    publish_index(tmp_path, ids, vectors, "dot", n_trees=20)
    approx, exact = open_index(tmp_path), open_index(tmp_path, exact=True)
    overlaps = []
    for query in rng.standard_normal((20, 16)).astype(np.float32):
        found = {t for t, _ in approx.search(query, 50)}
        truth = {t for t, _ in exact.search(query, 50)}
        overlaps.append(len(found & truth) / 50)
    approx.close()
    exact.close()
    assert np.mean(overlaps) >= 0.95
