"""Ranking songs from beyond the library (recommender.candidates): pure and deterministic."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from domain.similar import SimilarTrack
from recommender.candidates import (
    BeyondSuggestion,
    Owned,
    SeedTaste,
    artist_seed_key,
    choose_seeds,
    rank_beyond,
    track_seed_key,
)
from recommender.data import Interactions, Play, TrackInfo
from recommender.models.base import FloatArray

LOW = SeedTaste("1", "Low Tide", "The Lanternmen", 2.0)
ORBIT = SeedTaste("2", "Orbit Song", "Mira Okafor", 1.0)
SEEDS = [LOW, ORBIT]


def _similar(
    source: str,
    seed: SeedTaste,
    title: str,
    artist: str,
    score: float,
    *,
    via: str = "track",
    mbid: str | None = None,
    isrc: str | None = None,
) -> SimilarTrack:
    key = (
        track_seed_key(seed.title, seed.artist) if via == "track" else artist_seed_key(seed.artist)
    )
    return SimilarTrack(source, key, title, (artist,), score, via, mbid, isrc)  # type: ignore[arg-type]


def _titles(items: Sequence[BeyondSuggestion]) -> list[str]:
    return [i.title for i in items]


def test_a_song_named_by_both_sources_outranks_an_equal_one_named_by_one() -> None:
    fetched = [
        _similar("lastfm", LOW, "Alone", "A", 0.5),
        _similar("lastfm", LOW, "Together", "B", 0.5),
        _similar("listenbrainz", LOW, "Together", "B", 0.5),
    ]
    ranked = rank_beyond(fetched, SEEDS, Owned())
    assert _titles(ranked) == ["Together", "Alone"]
    assert ranked[0].sources == ("lastfm", "listenbrainz")
    assert ranked[0].reason == "similar to “Low Tide” on Last.fm and ListenBrainz"


def test_the_same_song_under_one_mbid_is_one_suggestion_across_spellings() -> None:
    mbid = "55555555-5555-4555-8555-555555555555"
    fetched = [
        _similar("lastfm", LOW, "Common Ground", "Meeting Point", 0.4, mbid=mbid),
        _similar(
            "listenbrainz", ORBIT, "Common Ground (Radio Edit)", "Meeting Point", 0.4, mbid=mbid
        ),
    ]
    (only,) = rank_beyond(fetched, SEEDS, Owned())
    assert only.sources == ("lastfm", "listenbrainz")
    assert only.seeds == ("Low Tide", "Orbit Song")


def test_owned_hidden_and_dismissed_songs_never_come_back() -> None:
    fetched = [
        _similar(
            "lastfm", LOW, "Owned By Mbid", "A", 0.9, mbid="AAAAAAAA-0000-4000-8000-000000000000"
        ),
        _similar("lastfm", LOW, "Owned By Isrc", "B", 0.9, isrc="usabc2400001"),
        _similar("lastfm", LOW, "Owned By Name", "C", 0.9),
        _similar("lastfm", LOW, "Hidden", "D", 0.9),
        _similar("lastfm", LOW, "Dismissed", "E", 0.9),
        _similar("lastfm", LOW, "Not This Artist", "F", 0.9),
        _similar("lastfm", LOW, "Kept", "G", 0.1),
    ]
    owned = Owned(
        mbids={"aaaaaaaa-0000-4000-8000-000000000000"},
        isrcs={"USABC2400001"},
        keys={"owned by name|c"},
        hidden_keys={"hidden|d"},
        dismissed_keys={"dismissed|e"},
        dismissed_artists={"f"},
    )
    assert _titles(rank_beyond(fetched, SEEDS, owned)) == ["Kept"]


def test_at_most_max_per_artist_and_n() -> None:
    fetched = [_similar("lastfm", LOW, f"Song {i}", "Prolific", 1.0 - i / 10) for i in range(5)]
    fetched.append(_similar("lastfm", LOW, "Other", "Someone", 0.05))
    ranked = rank_beyond(fetched, SEEDS, Owned(), max_per_artist=2)
    assert _titles(ranked) == ["Song 0", "Song 1", "Other"]
    assert len(rank_beyond(fetched, SEEDS, Owned(), n=1)) == 1


def test_seed_affinity_and_how_it_was_found_weigh_in() -> None:
    fetched = [
        _similar("lastfm", ORBIT, "From The Lesser Seed", "A", 0.9),
        _similar("lastfm", LOW, "From The Favourite", "B", 0.9),
        _similar("lastfm", LOW, "Through An Artist", "C", 0.9, via="artist"),
    ]
    ranked = rank_beyond(fetched, SEEDS, Owned())
    assert _titles(ranked) == ["From The Favourite", "From The Lesser Seed", "Through An Artist"]
    assert ranked[2].reason == "by an artist like The Lanternmen on Last.fm"


def test_the_same_answers_in_any_order_give_the_same_list() -> None:
    fetched = [
        _similar(source, seed, f"Song {i}", f"Artist {i % 4}", round(0.1 + (i * 37 % 10) / 20, 2))
        for i in range(40)
        for source in ("lastfm", "listenbrainz")
        for seed in SEEDS
        if (i + len(source)) % 3
    ]
    first = rank_beyond(fetched, SEEDS, Owned(), n=15)
    for seed in range(5):
        shuffled = list(fetched)
        random.Random(seed).shuffle(shuffled)
        assert rank_beyond(shuffled, list(reversed(SEEDS)), Owned(), n=15) == first


def _plays(track_id: str, count: int, start: datetime) -> list[Play]:
    return [
        Play(track_id, start + timedelta(minutes=5 * i), 200_000, 200_000) for i in range(count)
    ]


def test_seeds_come_from_plays_and_likes_and_the_models_sense_of_taste() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    tracks = {
        "1": TrackInfo("1", "Played Most", ("A",)),
        "2": TrackInfo("2", "Also A", ("A",)),
        "3": TrackInfo("3", "Third A", ("A",)),
        "4": TrackInfo("4", "Liked Only", ("B",)),
        "5": TrackInfo("5", "Odd One Out", ("C",)),
    }
    plays = _plays("1", 10, start) + _plays("2", 6, start) + _plays("3", 5, start)
    plays += _plays("5", 6, start)
    interactions = Interactions(tracks=tracks, saved=["4"])
    seeds = choose_seeds(interactions, plays, n=10, max_per_artist=2)
    assert [s.track_id for s in seeds][:2] == ["1", "2"]
    assert "3" not in {s.track_id for s in seeds}  # two per artist
    assert {"4", "5"} <= {s.track_id for s in seeds}

    # With vectors, the song far from everything else loses affinity.
    vectors = {
        "1": [1.0, 0.0],
        "2": [1.0, 0.1],
        "3": [0.9, 0.1],
        "4": [1.0, 0.0],
        "5": [0.0, 1.0],
    }

    def lookup(ids: Sequence[str]) -> FloatArray:
        return np.asarray([vectors[t] for t in ids], dtype=np.float32)

    plain = {s.track_id: s.affinity for s in seeds}
    tasted = {s.track_id: s.affinity for s in choose_seeds(interactions, plays, lookup)}
    assert tasted["5"] / plain["5"] < tasted["2"] / plain["2"]
    assert choose_seeds(interactions, plays, lookup) == choose_seeds(interactions, plays, lookup)
