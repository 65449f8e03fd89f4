""" "Not for me" feeds back, and rediscover asks what was loved in an earlier period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from recommender.data import Interactions, Play
from recommender.feedback import penalise_dismissed
from recommender.models import ALSModel, BlendedModel, ItemKNNModel
from recommender.queries import Discover
from recommender.rediscover import loved_earlier
from recommender.rerank import RerankOptions

from .conftest import two_scenes_library

NOW = datetime(2024, 6, 1, tzinfo=UTC)
EVERYTHING = RerankOptions(n=8, diversity=0.0, max_per_artist=10, exclude_owned=False)


def _fitted(library: Interactions) -> BlendedModel:
    model = BlendedModel(ALSModel(factors=4, iterations=10), meta_weight=1.2)
    model.fit(library)
    return model


def test_a_dismissed_track_never_comes_back_and_its_look_alikes_drop() -> None:
    library = two_scenes_library()
    model = _fitted(library)
    before = {
        s.track_id: s.score
        for s in Discover(model, library).continue_playlist(["rock1"], EVERYTHING)
    }
    after_list = Discover(model, library, hidden={"rock2"}).continue_playlist(["rock1"], EVERYTHING)
    after = {s.track_id: s.score for s in after_list}
    assert "rock2" in before
    assert "rock2" not in after
    # rock3 and newrock share rock2's artist: they lose ground; jazz, unlike it, does not.
    for look_alike in ("rock3", "newrock"):
        assert after[look_alike] < before[look_alike]
    assert after["jazz3"] == before["jazz3"]


def test_a_dismissal_reorders_what_is_left() -> None:
    library = two_scenes_library()
    model = _fitted(library)
    plain = Discover(model, library).continue_playlist(["rock1"], EVERYTHING)
    dismissed = Discover(model, library, hidden={"rock2"}).continue_playlist(["rock1"], EVERYTHING)
    gap_before = _score(plain, "rock3") - _score(plain, "jazz3")
    gap_after = _score(dismissed, "rock3") - _score(dismissed, "jazz3")
    assert gap_after < gap_before


def _score(found: list, track_id: str) -> float:  # type: ignore[type-arg]
    return next(s.score for s in found if s.track_id == track_id)


def test_penalty_follows_likeness_and_ignores_unknown_dismissals() -> None:
    vectors = {"a": [1.0, 0.0], "twin": [1.0, 0.05], "other": [0.0, 1.0]}

    def lookup(ids: object) -> np.ndarray | None:
        rows = [vectors.get(t) for t in ids]  # type: ignore[attr-defined]
        return None if any(r is None for r in rows) else np.asarray(rows, dtype=np.float32)

    candidates = [("twin", 1.0), ("other", 0.9)]
    lowered = dict(penalise_dismissed(candidates, {"a"}, lookup))
    assert lowered["twin"] < 1.0
    assert lowered["other"] == 0.9
    assert penalise_dismissed(candidates, {"not-in-the-model"}, lookup) == candidates
    assert penalise_dismissed(candidates, set(), lookup) == candidates


def _plays(track: str, times: int, start: datetime, step: timedelta = timedelta(days=1)) -> list:  # type: ignore[type-arg]
    return [Play(track, start + step * i, 200_000) for i in range(times)]


def test_rediscover_needs_a_loved_period_not_a_lifetime_total() -> None:
    plays = (
        _plays("peak", 40, datetime(2023, 1, 1, tzinfo=UTC))
        # Eight plays, but one a year: never "loved" in any one period.
        + _plays("trickle", 8, datetime(2015, 3, 1, tzinfo=UTC), timedelta(days=365))
        + _plays("still-played", 30, datetime(2022, 1, 1, tzinfo=UTC))
        + _plays("still-played", 1, NOW - timedelta(days=3))
    )
    loved = loved_earlier(plays, NOW - timedelta(days=180), min_plays=5)
    assert set(loved) == {"peak"}
    assert loved["peak"].reason == "you played it 40 times in 2023"


def test_rediscover_counts_a_liked_track_and_ignores_skips() -> None:
    skipped = [
        Play("skipped", datetime(2022, 5, 1, tzinfo=UTC) + timedelta(days=i), 40_000, None, True)
        for i in range(20)
    ]
    plays = _plays("liked", 2, datetime(2021, 7, 1, tzinfo=UTC)) + skipped
    loved = loved_earlier(plays, NOW - timedelta(days=180), min_plays=5, liked={"liked"})
    assert set(loved) == {"liked"}
    assert loved["liked"].reason == "you liked it and played it 2 times in 2021"


def test_rediscover_query_orders_by_how_much_it_was_loved() -> None:
    library = two_scenes_library()
    model = ItemKNNModel()
    model.fit(library)
    plays = _plays("jazz1", 40, datetime(2022, 1, 1, tzinfo=UTC)) + _plays(
        "rock5", 12, datetime(2023, 2, 1, tzinfo=UTC)
    )
    found = Discover(model, library, plays=plays).rediscover(NOW)
    assert [s.track_id for s in found] == ["jazz1", "rock5"]
    assert found[1].reason == "you played it 12 times in 2023"
