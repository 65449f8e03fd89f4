"""Search as you type over a larger library: the fast plans for the first letters typed (the
prefix indexes, the count from the full-text index alone, the title-ordered page read along the
title index) give exactly what the plain join-and-sort gives."""

from __future__ import annotations

import random
from typing import Any

import pytest

from domain import ServiceTrack
from store import Library
from store.search import fts_query

SERVICES = ("spotify", "apple_music", "youtube_music")
_SYLLABLES = ("la", "mo", "ri", "ka", "zen", "tor", "vé", "an", "su", "Mi", "do", "Ra", "lu")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))


@pytest.fixture
def searchable(library: Library) -> Library:
    rng = random.Random(4)
    tracks = [
        ServiceTrack(
            SERVICES[i % 3],
            f"id{i}",
            " ".join(_word(rng) for _ in range(rng.randint(1, 3))).capitalize(),
            (_word(rng).title(),),
            _word(rng) if i % 4 else None,
            rng.randint(90_000, 400_000),
        )
        for i in range(600)
    ]
    tracks += [ServiceTrack("spotify", f"same{i}", "Same title", ("Twin",)) for i in range(5)]
    with library.begin_import("test", "search.json", "search-v1") as batch:
        for t in tracks:
            batch.add(t)
    return library


def _reference(lib: Library, query: str, descending: bool, service: str | None) -> list[int]:
    """The plain plan: join the matches, sort them all."""
    sql = (
        "SELECT t.id FROM service_track t JOIN track_search s ON s.rowid = t.id"
        " WHERE track_search MATCH ?" + (" AND t.service = ?" if service else "") + " ORDER BY"
        f" t.title COLLATE NOCASE {'DESC' if descending else 'ASC'}, t.id"
    )
    params: list[Any] = [fts_query(query)] + ([service] if service else [])
    with lib.read() as db:
        return [int(r[0]) for r in db.execute(sql, params)]


@pytest.mark.parametrize("query", ["l", "m", "ra", "ve", "zen", "lamo", "same ti", "zzz"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("service", [None, "apple_music"])
def test_short_and_long_searches_page_and_count_like_the_plain_plan(
    searchable: Library, query: str, descending: bool, service: str | None
) -> None:
    expected = _reference(searchable, query, descending, service)
    tracks = searchable.tracks
    assert tracks.count(query, service) == len(expected)
    got: list[int] = []
    for offset in range(0, len(expected) + 50, 50):
        got += [r.id for r in tracks.page(offset, 50, query, "title", descending, service)]
    assert got == expected


def test_a_broad_search_is_read_along_the_title_index(searchable: Library) -> None:
    with searchable.read() as db:
        plan = " ".join(
            str(r[3])
            for r in db.execute(
                "EXPLAIN QUERY PLAN SELECT t.id FROM service_track t"
                " INDEXED BY service_track_title WHERE t.id IN"
                " (SELECT rowid FROM track_search WHERE track_search MATCH ?)"
                " ORDER BY t.title COLLATE NOCASE, t.id LIMIT 200",
                (fts_query("l"),),
            )
        )
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'track_search'").fetchone()
    assert "service_track_title" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan
    assert "prefix='1 2'" in sql[0]


def test_counting_with_other_filters_still_applies_them(searchable: Library) -> None:
    tracks = searchable.tracks
    everywhere = tracks.count("l")
    by_service = sum(tracks.count("l", s) for s in SERVICES)
    assert by_service == everywhere > 0
    assert tracks.count("l", saved=True) == 0
    assert tracks.count("l", saved=False) == everywhere
