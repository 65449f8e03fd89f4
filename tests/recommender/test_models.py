"""Each model, on a library whose right answer is obvious."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.data import Interactions
from recommender.errors import NotFitted, NotIndexable, TrainingCancelled, UnknownTrack
from recommender.models import (
    ALSModel,
    BlendedModel,
    ItemKNNModel,
    Model,
    PMISVDModel,
    PopularityModel,
)

from .conftest import JAZZ, ROCK


# ALS gets two factors for two scenes: with as many factors as tracks it memorises every
# playlist instead of learning the scenes, which is not what these tests are about.
def _small_models() -> list[Model]:
    return [
        ItemKNNModel(),
        PMISVDModel(factors=4),
        ALSModel(factors=2, iterations=10),
        BlendedModel(ALSModel(factors=2, iterations=10)),
        BlendedModel(PMISVDModel(factors=4)),
        BlendedModel(ALSModel(factors=2, iterations=10), meta_weight=1.2, replay_weight=3.0),
    ]


@pytest.mark.parametrize("model", _small_models(), ids=lambda m: m.name)
def test_seeds_from_one_scene_bring_that_scene(model: Model, library: Interactions) -> None:
    model.fit(library)
    rock_top = [t for t, _ in model.score(["rock1", "rock2"], 5)]
    jazz_top = [t for t, _ in model.score(["jazz3"], 5)]
    assert set(rock_top) <= set(ROCK) | {"newrock"}
    assert set(jazz_top) <= set(JAZZ)


@pytest.mark.parametrize("model", _small_models(), ids=lambda m: m.name)
def test_seeds_are_never_recommended_back(model: Model, library: Interactions) -> None:
    model.fit(library)
    assert "rock1" not in [t for t, _ in model.score(["rock1"], 30)]


@pytest.mark.parametrize("model", _small_models(), ids=lambda m: m.name)
def test_training_twice_gives_the_same_scores(model: Model, library: Interactions) -> None:
    model.fit(library)
    first = model.score(["rock1", "jazz2"], 10)
    model.fit(library)
    assert model.score(["rock1", "jazz2"], 10) == first


def test_popularity_ranks_by_how_often_a_track_is_listed(library: Interactions) -> None:
    model = PopularityModel()
    model.fit(library)
    assert model.score(["jazz1"], 1)[0][0] == "rock0"  # in all 12 rock playlists and saved


def test_item_knn_scores_are_cosine_of_playlist_columns() -> None:
    library = Interactions(playlists=[["a", "b"], ["a", "b"], ["a", "c"], ["d"]])
    model = ItemKNNModel()
    model.fit(library)
    scores = dict(model.score(["a"], 3))
    # a is in 3 playlists, b in 2 (both with a), c in 1 (with a): 2/sqrt(6), 1/sqrt(3).
    assert scores["b"] == pytest.approx(2 / np.sqrt(6), rel=1e-5)
    assert scores["c"] == pytest.approx(1 / np.sqrt(3), rel=1e-5)
    assert "d" not in scores or scores["d"] == 0.0


def test_als_fold_in_matches_the_model_for_a_training_context(library: Interactions) -> None:
    model = ALSModel(factors=2, iterations=10)
    model.fit(library)
    query = model.query_vector(library.playlists[0])
    best = [t for t, _ in model.score(library.playlists[0], 3)]
    assert float(np.linalg.norm(query)) > 0.0
    assert set(best) <= set(ROCK)


def test_blend_gives_a_track_without_playlists_a_place_near_its_artist(
    library: Interactions,
) -> None:
    model = BlendedModel(ALSModel(factors=2, iterations=10))
    model.fit(library)
    top = [t for t, _ in model.score(["newrock"], 4)]
    assert set(top) <= set(ROCK)
    plain = ALSModel(factors=2, iterations=10)
    plain.fit(library)
    row = plain.vocabulary.positions["newrock"]
    assert not plain.item_vectors()[row].any()  # the base model alone has nothing for it


@pytest.mark.parametrize("model", _small_models(), ids=lambda m: m.name)
def test_progress_rises_to_one(model: Model, library: Interactions) -> None:
    seen: list[float] = []
    model.fit(library, progress=seen.append)
    assert seen
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


@pytest.mark.parametrize(
    "model", [ALSModel(factors=2), PMISVDModel(factors=4), ItemKNNModel()], ids=lambda m: m.name
)
def test_cancel_stops_training(model: Model, library: Interactions) -> None:
    with pytest.raises(TrainingCancelled):
        model.fit(library, cancel=lambda: True)


def test_unknown_seeds_are_an_error_not_an_empty_answer(library: Interactions) -> None:
    model = ItemKNNModel()
    model.fit(library)
    with pytest.raises(UnknownTrack):
        model.score(["no-such-track"], 5)


def test_using_a_model_before_training_is_an_error() -> None:
    with pytest.raises(NotFitted):
        ALSModel().score(["a"], 5)


def test_item_knn_has_no_vectors_to_index(library: Interactions) -> None:
    model = ItemKNNModel()
    model.fit(library)
    with pytest.raises(NotIndexable):
        model.item_vectors()


def test_als_trains_without_blas_thread_warnings(library: Interactions) -> None:
    # pytest turns warnings into errors; implicit warns when OpenBLAS uses > 1 thread.
    model = ALSModel(factors=4, iterations=2)
    model.fit(library)
    assert model.item_vectors().shape == (len(library.all_track_ids()), 4)


def test_empty_library_trains_to_zero_vectors() -> None:
    model = BlendedModel(ALSModel(factors=4))
    model.fit(Interactions())
    assert model.track_ids == ()
