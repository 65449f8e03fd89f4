"""Discover's queries: filtering, hidden tracks, diversity, determinism and reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.data import Interactions, Play
from recommender.index import open_index, publish_index
from recommender.models import ALSModel, BlendedModel, ItemKNNModel
from recommender.queries import Discover
from recommender.rerank import RerankOptions, rerank
from recommender.synthetic import CorpusShape, generate_corpus

from .conftest import ROCK, two_scenes_library

NOW = datetime(2024, 6, 1, tzinfo=UTC)
CORPUS = generate_corpus(CorpusShape(n_tracks=600, n_playlists=300, n_genres=3), seed=5)
CORPUS_MODEL = BlendedModel(ALSModel(factors=16, iterations=8))
CORPUS_MODEL.fit(CORPUS.interactions())


def _discover(**kw: object) -> Discover:
    return Discover(CORPUS_MODEL, CORPUS.interactions(), **kw)  # type: ignore[arg-type]


def _artists(discover: Discover, ids: list[str]) -> int:
    return len({discover.interactions.tracks[t].main_artist for t in ids})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.integers(0, 599), max_size=200), st.floats(0.0, 1.0))
def test_hidden_tracks_are_never_suggested(hidden_rows: set[int], diversity: float) -> None:
    hidden = {f"syn:{r:06d}" for r in hidden_rows}
    discover = _discover(hidden=hidden)
    seeds = CORPUS.playlists[0].track_ids
    options = RerankOptions(n=30, diversity=diversity, exclude_owned=False)
    for result in (
        discover.continue_playlist(seeds, options),
        discover.more_like_track(seeds[0], options),
        discover.cold_start(artists=["Artist 3"], options=options),
        discover.popular(options),
    ):
        assert not hidden & {s.track_id for s in result}


def test_what_the_listener_has_is_left_out_unless_asked() -> None:
    library = two_scenes_library()
    discover = Discover(ItemKNNModel(), library)
    discover.model.fit(library)
    owned = discover.owned
    assert not owned & {s.track_id for s in discover.continue_playlist(["rock1"])}
    kept = discover.continue_playlist(["rock1"], RerankOptions(exclude_owned=False))
    assert {s.track_id for s in kept} <= set(ROCK) - {"rock1"} | {"newrock"} | owned
    assert "rock1" not in {s.track_id for s in kept}


def test_same_input_gives_the_same_output() -> None:
    seeds = CORPUS.playlists[3].track_ids
    first = _discover().continue_playlist(seeds, RerankOptions(diversity=0.5))
    again = BlendedModel(ALSModel(factors=16, iterations=8))
    again.fit(CORPUS.interactions())
    second = Discover(again, CORPUS.interactions()).continue_playlist(
        seeds, RerankOptions(diversity=0.5)
    )
    assert first == second


def test_the_diversity_knob_spreads_suggestions_over_more_artists() -> None:
    discover = _discover()
    seeds = CORPUS.playlists[1].track_ids[:5]
    focused = discover.continue_playlist(
        seeds, RerankOptions(n=20, diversity=0.0, max_per_artist=20, exclude_owned=False)
    )
    varied = discover.continue_playlist(
        seeds, RerankOptions(n=20, diversity=0.9, max_per_artist=20, exclude_owned=False)
    )
    vectors = discover._vectors_of

    def mean_similarity(ids: list[str]) -> float:
        v = vectors(ids)
        assert v is not None
        unit = v / np.linalg.norm(v, axis=1, keepdims=True)
        sims = unit @ unit.T
        return float(sims[np.triu_indices(len(ids), 1)].mean())

    focused_ids = [s.track_id for s in focused]
    varied_ids = [s.track_id for s in varied]
    assert mean_similarity(varied_ids) < mean_similarity(focused_ids)


def test_tracks_per_artist_are_capped() -> None:
    results = _discover().continue_playlist(
        CORPUS.playlists[2].track_ids, RerankOptions(n=30, max_per_artist=1, exclude_owned=False)
    )
    assert len(results) == _artists(_discover(), [s.track_id for s in results])


def test_rerank_with_no_diversity_keeps_the_model_order() -> None:
    candidates = [("c", 0.5), ("a", 0.9), ("b", 0.7)]
    picked = rerank(candidates, {}, RerankOptions(n=3, diversity=0.0))
    assert [t for t, _ in picked] == ["a", "b", "c"]


def test_continuation_reasons_name_playlist_neighbours() -> None:
    library = two_scenes_library()
    model = ItemKNNModel()
    model.fit(library)
    discover = Discover(model, library)
    suggestion = discover.continue_playlist(
        ["rock1", "rock2"], RerankOptions(n=1, exclude_owned=False)
    )[0]
    assert suggestion.reason.startswith("often next to “Rock")
    assert suggestion.reason.endswith("in your playlists")


def _plays(track: str, times: int, start: datetime) -> list[Play]:
    return [Play(track, start + timedelta(days=i), 200_000) for i in range(times)]


def test_rediscover_finds_loved_tracks_that_went_quiet_and_says_when() -> None:
    library = two_scenes_library()
    model = ItemKNNModel()
    model.fit(library)
    plays = (
        _plays("jazz1", 40, datetime(2023, 1, 1, tzinfo=UTC))
        + _plays("jazz2", 3, datetime(2023, 1, 1, tzinfo=UTC))
        + _plays("rock1", 30, NOW - timedelta(days=40))
    )
    discover = Discover(model, library, plays=plays)
    found = discover.rediscover(NOW)
    assert [s.track_id for s in found] == ["jazz1"]
    assert found[0].reason == "you played it 40 times in 2023"
    assert Discover(model, library, plays=plays, hidden={"jazz1"}).rediscover(NOW) == []


def test_for_you_starts_from_recent_listening() -> None:
    library = two_scenes_library()
    model = ItemKNNModel()
    model.fit(library)
    plays = _plays("jazz1", 5, NOW - timedelta(days=6)) + _plays(
        "rock1", 5, NOW - timedelta(days=300)
    )
    discover = Discover(
        model, Interactions(tracks=library.tracks, playlists=library.playlists), plays=plays
    )
    found = discover.for_you(NOW, options=RerankOptions(n=3, exclude_owned=False))
    assert found
    assert all(s.track_id.startswith("jazz") for s in found)
    assert all(s.reason for s in found)


def test_cold_start_from_an_onboarding_artist_and_a_friends_playlist() -> None:
    library = two_scenes_library()
    model = BlendedModel(ALSModel(factors=2, iterations=10))
    model.fit(library)
    discover = Discover(model, Interactions(tracks=library.tracks))
    found = discover.cold_start(artists=["Blue Trio"], options=RerankOptions(n=4))
    assert found
    assert all(s.track_id.startswith("jazz") for s in found)
    assert any("Blue Trio, whom you picked" in s.reason for s in found)
    from_friend = discover.cold_start(friend_playlists={"Sunday": ["rock3"]})
    assert any(s.reason == "in your friend's playlist “Sunday”" for s in from_friend)


def test_queries_through_the_annoy_index_match_exact_on_small_data(tmp_path: Path) -> None:
    publish_index(
        tmp_path, CORPUS_MODEL.track_ids, CORPUS_MODEL.item_vectors(), CORPUS_MODEL.metric
    )
    seeds = CORPUS.playlists[4].track_ids
    options = RerankOptions(n=10, exclude_owned=False)
    with_annoy = _discover(index=open_index(tmp_path)).continue_playlist(seeds, options)
    exact = _discover(index=open_index(tmp_path, exact=True)).continue_playlist(seeds, options)
    overlap = {s.track_id for s in with_annoy} & {s.track_id for s in exact}
    assert len(overlap) >= 9
