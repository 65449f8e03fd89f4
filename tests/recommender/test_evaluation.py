"""Metrics against hand-computed values; corpus readers; the synthetic corpus; hold-outs."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recommender import metrics
from recommender.corpora import read_corpus, read_jspf
from recommender.data import Play
from recommender.errors import CorpusFormatError
from recommender.evaluation import (
    Query,
    evaluate,
    history_queries,
    playlist_queries,
    split_playlists,
)
from recommender.synthetic import CorpusShape, generate_corpus

RECS = ["a", "x", "b", "y", "z", "c"]
TRUTH = ["a", "b", "c"]


def test_r_precision_counts_hits_among_the_first_len_truth() -> None:
    assert metrics.r_precision(RECS, TRUTH) == pytest.approx(2 / 3)  # a, b in a x b
    assert metrics.r_precision([], TRUTH) == 0.0


def test_r_precision_gives_a_quarter_point_for_the_right_artist() -> None:
    artist = {"a": "A", "b": "B", "c": "C", "x": "C", "y": "Y"}.__getitem__
    # Head a, x, b: hits a and b; x is by C, an artist of the missed track c.
    assert metrics.r_precision(RECS[:5], TRUTH, artist) == pytest.approx((2 + 0.25) / 3)


def test_ndcg_matches_a_hand_computation() -> None:
    dcg = 1.0 + 1 / math.log2(3) + 1 / math.log2(6)  # hits at ranks 1, 3, 6
    ideal = 1.0 + 1 / math.log2(2) + 1 / math.log2(3)
    assert metrics.ndcg(RECS, TRUTH) == pytest.approx(dcg / ideal)
    assert metrics.ndcg(["a", "b", "c"], TRUTH) == pytest.approx(1.0)


def test_clicks_count_pages_of_ten_before_the_first_hit() -> None:
    assert metrics.clicks(RECS, TRUTH) == 0
    assert metrics.clicks([f"n{i}" for i in range(23)] + ["a"], TRUTH) == 2
    assert metrics.clicks(["n"], TRUTH) == 51


def test_recall_and_distinct_artists() -> None:
    assert metrics.recall_at(RECS, TRUTH, 3) == pytest.approx(2 / 3)
    assert metrics.distinct_artists(["a", "b", "c"], {"a": "A", "b": "A", "c": "C"}.get) == 2


def test_evaluate_averages_per_query() -> None:
    queries = [Query("first 1", ["s"], ["a"]), Query("first 1", ["s"], ["q"])]
    report = evaluate("fixed", lambda seeds, k: ["a", "b"], queries, lambda t: t, 10)
    assert report.r_precision == pytest.approx(0.5)
    assert report.clicks == pytest.approx((0 + 51) / 2)
    assert report.coverage_10 == pytest.approx(0.2)


def test_seed_settings_cut_playlists_as_the_challenge_does() -> None:
    corpus = generate_corpus(CorpusShape(n_tracks=400, n_playlists=200, n_genres=2), seed=1)
    train, test = split_playlists(corpus, 8, min_length=30)
    assert len(test) == 8
    assert len(train) == 192
    queries = playlist_queries(test)
    assert [len(q.seeds) for q in queries[:4]] == [1, 5, 25, 25]
    first = test[0].track_ids
    assert queries[0].seeds == first[:1]
    assert queries[0].truth == [t for t in dict.fromkeys(first) if t != first[0]]


def test_the_synthetic_corpus_is_seeded_and_has_a_long_tail() -> None:
    shape = CorpusShape(n_tracks=2000, n_playlists=1000)
    first, again = generate_corpus(shape, seed=3), generate_corpus(shape, seed=3)
    assert first.playlists == again.playlists
    counts: dict[str, int] = {}
    for playlist in first.playlists:
        for track_id in playlist.track_ids:
            counts[track_id] = counts.get(track_id, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    top = sum(ranked[: len(ranked) // 10])
    assert top / sum(ranked) > 0.3  # the top 10% of tracks take far more than 10% of slots
    assert all(len(set(p.track_ids)) == len(p.track_ids) for p in first.playlists)


def test_history_task_trains_before_the_cutoff_and_asks_about_after() -> None:
    start = datetime(2023, 1, 1, tzinfo=UTC)
    plays = [Play(f"t{i % 3}", start + timedelta(hours=i), 200_000) for i in range(6)]
    train, queries = history_queries(plays, start + timedelta(hours=3))
    assert [t for s in train for t, _ in s] == ["t0", "t1", "t2"]
    assert len(queries) == 3
    assert queries[0].seeds == ["t2", "t1", "t0"]
    assert queries[1].seeds[0] == "t0"  # the first test session is history for the second


def test_jspf_reader_accepts_string_and_list_identifiers(tmp_path: Path) -> None:
    document = {
        "playlist": {
            "title": "Mix",
            "track": [
                {"identifier": ["spotify:track:1"], "title": "One", "creator": "A"},
                {"identifier": "spotify:track:2", "title": "Two", "creator": "B"},
                {"title": "Three", "creator": "C"},
            ],
        }
    }
    path = tmp_path / "mix.jspf"
    path.write_text(json.dumps(document))
    corpus = read_jspf(path)
    assert corpus.playlists[0].track_ids == ["spotify:track:1", "spotify:track:2", "c — three"]
    assert corpus.tracks["spotify:track:2"].artists == ("B",)


def test_reader_detects_mpd_slices_and_jspf_by_content(tmp_path: Path, shared_data: Path) -> None:
    mpd = {
        "info": {"slice": "0-0"},
        "playlists": [
            {
                "name": "road",
                "pid": 0,
                "tracks": [
                    {"pos": 1, "track_uri": "u2", "track_name": "B", "artist_name": "Y"},
                    {"pos": 0, "track_uri": "u1", "track_name": "A", "artist_name": "X"},
                ],
            }
        ],
    }
    (tmp_path / "mpd.slice.0-0.json").write_text(json.dumps(mpd))
    corpus = read_corpus([tmp_path, shared_data / "playlist_formats" / "sample.jspf"])
    assert corpus.playlists[0].track_ids == ["u1", "u2"]
    assert corpus.playlists[1].title == "Summrr Vibin’"
    assert corpus.playlists[1].track_ids[0] == "spotify:track:7CRPXJt3IVC7V0VcM0PSQi"


def test_malformed_corpus_files_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.jspf"
    path.write_text('{"nothing": 1}')
    with pytest.raises(CorpusFormatError):
        read_jspf(path)
