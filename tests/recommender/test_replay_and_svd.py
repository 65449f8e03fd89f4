"""The replay prior of the default model, its published fold-in, and PMI-SVD's randomized SVD."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp

from recommender.data import Interactions, TrackInfo
from recommender.defaults import default_model
from recommender.index import open_index, publish_index
from recommender.matrix import Vocabulary
from recommender.models import ALSModel, BlendedModel
from recommender.models.pmi_svd import randomized_svd
from recommender.models.replay import replay_prior
from recommender.persisted import ModelRecipe, PublishedModel


def _history() -> Interactions:
    """One listener: "fav" in every evening; "s" always with "b1" and "b2", three times."""
    sessions = [[("fav", 2.0), (f"a{i}", 1.0)] for i in range(10)]
    sessions += [[("s", 1.0), ("b1", 1.0), ("b2", 1.0)] for _ in range(3)]
    ids = {t for session in sessions for t, _ in session} | {"listed"}
    tracks = {t: TrackInfo(t, t, (f"artist {t}",)) for t in ids}
    return Interactions(tracks=tracks, sessions=sessions, playlists=[["listed", "s"]])


def test_the_replay_prior_counts_sessions_not_playlists() -> None:
    history = _history()
    vocabulary = Vocabulary.of(history.all_track_ids())
    prior = dict(zip(vocabulary.track_ids, replay_prior(history, vocabulary).tolist(), strict=True))
    assert prior["fav"] == 1.0
    assert 0.0 < prior["b1"] < prior["fav"]
    assert prior["listed"] == 0.0


def _rank(model: BlendedModel, track_id: str) -> int:
    ranked = [t for t, _ in model.score(["s"], 20)]
    return ranked.index(track_id)


def test_the_replay_prior_brings_up_what_the_listener_keeps_playing() -> None:
    plain = BlendedModel(ALSModel(factors=4, iterations=10), meta_weight=1.2)
    replay = BlendedModel(ALSModel(factors=4, iterations=10), meta_weight=1.2, replay_weight=3.0)
    for model in (plain, replay):
        model.fit(_history())
    assert _rank(replay, "fav") < _rank(plain, "fav")
    # What goes with the seed still beats what was heard as often: the prior adds to the match.
    ranked = [t for t, _ in replay.score(["s"], 6) if t != "fav"]
    assert ranked[:2] == ["b1", "b2"]


def test_the_published_default_folds_in_exactly_like_the_trained_one(tmp_path: Path) -> None:
    model = default_model()
    model.fit(_history())
    publish_index(tmp_path, model.track_ids, model.item_vectors(), model.metric, model.name)
    index = open_index(tmp_path, exact=True)
    try:
        published = PublishedModel(index, ModelRecipe.from_json(ModelRecipe.of(model).to_json()))
        for seeds in (["s"], ["a1", "a2", "b1"]):
            np.testing.assert_allclose(
                published.query_vector(seeds), model.query_vector(seeds), rtol=1e-4, atol=1e-5
            )
            assert [t for t, _ in published.score(seeds, 5)] == [
                t for t, _ in model.score(seeds, 5)
            ]
    finally:
        index.close()


def test_randomized_svd_finds_the_leading_singular_values_deterministically() -> None:
    rng = np.random.default_rng(3)
    low_rank = (
        rng.standard_normal((300, 6))
        @ np.diag([50, 30, 20, 10, 5, 2])
        @ rng.standard_normal((6, 200))
    )
    matrix = sp.csr_matrix(low_rank.astype(np.float32))
    u, singular = randomized_svd(matrix, 4, oversampling=8, power_iterations=1, seed=0)
    exact = np.linalg.svd(low_rank, compute_uv=False)[:4]
    np.testing.assert_allclose(singular, exact, rtol=1e-3)
    assert u.shape == (300, 4)
    again_u, again_s = randomized_svd(matrix, 4, oversampling=8, power_iterations=1, seed=0)
    np.testing.assert_array_equal(u, again_u)
    np.testing.assert_array_equal(singular, again_s)
