"""`mixtape recommend` on the demo library, as shared/docs/cli.md promises it."""

from __future__ import annotations

import json

import pytest

from app.cli import main

MEMBER_FIELDS = {"service", "service_id", "title", "artists", "album", "duration_ms", "isrc"}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code = main(["--json", *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    document = json.loads(captured.out)
    assert isinstance(document, dict)
    return document


def test_recommend_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    _json(capsys, "demo")
    for query in (
        ["--playlist", "Road Trip 2026"],
        ["--track", "under pressure"],
        ["--for-you"],
        ["--rediscover"],
    ):
        items = _json(capsys, "recommend", *query, "-n", "5")["items"]
        assert isinstance(items, list)
        assert 0 < len(items) <= 5, query
        for item in items:
            assert {"title", "artists", "score", "reason", "members"} <= set(item)
            assert isinstance(item["artists"], list)
            assert isinstance(item["score"], float)
            assert item["reason"]
            assert item["members"]
            assert all(set(m) >= MEMBER_FIELDS for m in item["members"])


def test_exact_and_index_give_the_same_list_and_runs_repeat(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _json(capsys, "demo")
    query = ["recommend", "--playlist", "Party Mix", "-n", "10", "--diversity", "0.5"]
    first = _json(capsys, *query)
    assert _json(capsys, *query) == first
    exact = _json(capsys, *query, "--exact")
    assert _titles(exact) == _titles(first)


def _titles(document: dict[str, object]) -> list[str]:
    items = document["items"]
    assert isinstance(items, list)
    return [str(item["title"]) for item in items]


def test_recommend_needs_exactly_one_question(capsys: pytest.CaptureFixture[str]) -> None:
    _json(capsys, "demo")
    assert main(["recommend", "--for-you", "--rediscover"]) == 2
    assert main(["recommend", "--playlist", "No Such Playlist"]) == 2
    assert "error:" in capsys.readouterr().err
