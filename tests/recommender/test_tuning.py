"""The default blend picks its metadata weight on the library's own held-out contexts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from recommender.data import Interactions, TrackInfo
from recommender.models import ALSModel, BlendedModel
from recommender.models.tuning import choose_meta_weight
from recommender.training import MODEL_FILE, LibrarySnapshot, needs_training, train

from .conftest import two_scenes_library

CANDIDATES = (0.3, 3.0)


def _scenes(artists_mean_something: bool) -> Interactions:
    """25 scenes of 10 artists with 8 songs each; a playlist keeps to one scene and mostly to
    one artist. With ``artists_mean_something`` false the artist names are shuffled, so the
    metadata says nothing about what goes together."""
    rng = np.random.default_rng(7)
    tracks = [f"t{i:04d}" for i in range(25 * 10 * 8)]
    artist_of = [f"artist {i // 8}" for i in range(len(tracks))]
    if not artists_mean_something:
        artist_of = [str(a) for a in rng.permutation(artist_of)]
    playlists = []
    for _ in range(1200):
        scene = int(rng.integers(25))
        focus = scene * 10 + int(rng.integers(10))
        own = rng.choice(8, size=5, replace=False) + focus * 8
        others = rng.choice(80, size=3, replace=False) + scene * 80
        playlists.append([tracks[i] for i in dict.fromkeys([*own.tolist(), *others.tolist()])])
    infos = {t: TrackInfo(t, t, (artist_of[i],)) for i, t in enumerate(tracks)}
    return Interactions(tracks=infos, playlists=playlists)


def _chosen(interactions: Interactions) -> float | None:
    return choose_meta_weight(ALSModel(factors=8, iterations=4), interactions, CANDIDATES, 0.0, 32)


def test_meaningful_metadata_earns_more_weight_than_noise() -> None:
    assert _chosen(_scenes(artists_mean_something=True)) == 3.0
    assert _chosen(_scenes(artists_mean_something=False)) == 0.3


def test_a_small_library_keeps_the_given_weight() -> None:
    model = BlendedModel(
        ALSModel(factors=2, iterations=5), meta_weight=1.2, meta_weights=(0.3, 3.0)
    )
    model.fit(two_scenes_library())
    assert model.meta_weight == 1.2
    assert _chosen(two_scenes_library()) is None


def test_a_chosen_weight_is_no_reason_to_retrain_but_a_new_layout_is(tmp_path: Path) -> None:
    snapshot = LibrarySnapshot(two_scenes_library(), [], {"recordings": 17})
    train(tmp_path, snapshot)
    assert not needs_training(tmp_path, snapshot.fingerprint)
    saved = json.loads((tmp_path / MODEL_FILE).read_text(encoding="utf-8"))
    saved["recipe"]["meta_weight"] = 3.0
    (tmp_path / MODEL_FILE).write_text(json.dumps(saved), encoding="utf-8")
    assert not needs_training(tmp_path, snapshot.fingerprint)
    saved["recipe"]["replay_column"] = False
    (tmp_path / MODEL_FILE).write_text(json.dumps(saved), encoding="utf-8")
    assert needs_training(tmp_path, snapshot.fingerprint)
