"""Training data from the store: consent, API provenance, hidden tracks, determinism."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pytest

from recommender.local import LocalRecommender, QueryKind
from recommender.queries import Suggestion
from recommender.rerank import RerankOptions
from recommender.training import (
    LibrarySnapshot,
    ensure_trained,
    needs_training,
    read_snapshot,
    train,
)
from store import Library
from store.consents import Consents, Settings
from store.recommend_data import hidden_recordings, hide_recording, training_rows
from tests.recommender.library_support import (
    a_whole_source,
    add_records,
    demo_library,
    open_test_library,
    song,
)

KINDS: tuple[QueryKind, ...] = ("for_you", "rediscover", "playlist", "track")


@pytest.fixture
def demo(tmp_path: Path) -> Library:
    return demo_library(tmp_path / "demo")


def _same_training_data(a: LibrarySnapshot, b: LibrarySnapshot) -> None:
    assert a.interactions == b.interactions
    assert a.plays == b.plays


def _ask(
    folder: Path, snapshot: LibrarySnapshot, hidden: Collection[str] = (), exact: bool = False
) -> dict[QueryKind, list[Suggestion]]:
    """One answer to every Discover question."""
    interactions = snapshot.interactions
    seeds: dict[QueryKind, list[str]] = {
        "playlist": interactions.playlists[0],
        "track": [snapshot.plays[-1].track_id],
    }
    with LocalRecommender(folder, snapshot, hidden, exact=exact) as engine:
        return {k: engine.recommend(k, seeds.get(k, []), RerankOptions(n=10)) for k in KINDS}


def test_a_source_the_user_refused_changes_nothing(demo: Library, tmp_path: Path) -> None:
    before = read_snapshot(demo)
    add_records(demo, "tidal_export", a_whole_source("tidal"))
    Consents(demo).set("tidal", "recommend", False)
    after = read_snapshot(demo)
    _same_training_data(before, after)
    train(tmp_path / "a", before)
    train(tmp_path / "b", after)
    assert _ask(tmp_path / "a", before) == _ask(tmp_path / "b", after)


def test_a_refusal_removes_a_service_that_was_used(demo: Library) -> None:
    before = training_rows(demo)
    Consents(demo).set("apple_music", "recommend", False)
    after = training_rows(demo)
    assert all(p.service != "apple_music" for p in after.playlists)
    assert len(after.playlists) < len(before.playlists)
    assert len(after.plays) < len(before.plays)


def test_without_a_decision_the_users_own_files_are_used(demo: Library) -> None:
    before = training_rows(demo)
    add_records(demo, "tidal_export", a_whole_source("tidal"))
    after = training_rows(demo)
    assert any(p.service == "tidal" for p in after.playlists)
    assert len(after.plays) == len(before.plays) + 12


def test_spotify_web_api_rows_are_left_out_unless_explicitly_allowed(demo: Library) -> None:
    before = read_snapshot(demo)
    add_records(demo, "spotify_api", a_whole_source("spotify"))
    _same_training_data(before, read_snapshot(demo))
    Consents(demo).set("spotify", "recommend", True)
    allowed = read_snapshot(demo)
    assert len(allowed.interactions.playlists) == len(before.interactions.playlists) + 1


def test_hidden_tracks_are_never_suggested_again(demo: Library, tmp_path: Path) -> None:
    snapshot = read_snapshot(demo)
    train(tmp_path / "index", snapshot)
    first = _ask(tmp_path / "index", snapshot)
    for kind in KINDS:
        assert first[kind], kind
        hide_recording(demo, int(first[kind][0].track_id))
    hidden = {str(r) for r in hidden_recordings(demo)}
    again = _ask(tmp_path / "index", snapshot, hidden)
    for kind in KINDS:
        assert not hidden & {s.track_id for s in again[kind]}, kind


def test_the_same_library_gives_the_same_answers(demo: Library, tmp_path: Path) -> None:
    snapshot = read_snapshot(demo)
    train(tmp_path / "one", snapshot)
    train(tmp_path / "two", read_snapshot(demo))
    assert _ask(tmp_path / "one", snapshot) == _ask(tmp_path / "two", snapshot)


def test_exact_search_and_the_index_agree_on_small_data(demo: Library, tmp_path: Path) -> None:
    snapshot = read_snapshot(demo)
    train(tmp_path / "index", snapshot)
    approximate = _ask(tmp_path / "index", snapshot)
    exact = _ask(tmp_path / "index", snapshot, exact=True)
    for kind in KINDS:
        ids = [s.track_id for s in approximate[kind]]
        assert ids == [s.track_id for s in exact[kind]], kind


def test_retraining_waits_for_enough_change_or_a_consent_change(
    demo: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    snapshot = read_snapshot(demo)
    assert ensure_trained(folder, snapshot) is not None
    assert ensure_trained(folder, read_snapshot(demo)) is None
    add_records(demo, "tidal_export", [song("tidal", 1)])  # one track: far under 5%
    assert not needs_training(folder, read_snapshot(demo).fingerprint)
    Consents(demo).set("deezer", "recommend", False)
    assert needs_training(folder, read_snapshot(demo).fingerprint)


def test_a_library_without_history_starts_cold_from_onboarding(tmp_path: Path) -> None:
    library = open_test_library(tmp_path / "new")
    add_records(library, "tidal_export", [song("tidal", n, f"Band {n % 4}") for n in range(16)])
    Settings(library).set("onboarding", {"version": 1, "artists": ["Band 2"], "genres": []})
    snapshot = read_snapshot(library)
    assert not snapshot.has_history
    train(tmp_path / "index", snapshot)
    with LocalRecommender(tmp_path / "index", snapshot) as engine:
        picked = engine.recommend("for_you", [], RerankOptions(n=3))
    assert picked
    tracks = snapshot.interactions.tracks
    assert tracks[picked[0].track_id].artists == ("Band 2",)
