"""``mixtape history`` as shared/docs/cli.md promises it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.cli import main
from store import Library
from tests.insights.support import TOTAL_LISTENS, TOTAL_MS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, "--json", *argv)
    assert code == 0, err
    document = json.loads(out)  # exactly one JSON document, nothing else on stdout
    assert isinstance(document, dict)
    return document


@pytest.fixture
def filled(library: Library) -> None:
    library.close()  # the command opens the profile's library itself


@pytest.mark.usefixtures("filled")
def test_history_json_has_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "history")
    assert (doc["listens"], doc["ms_played"]) == (TOTAL_LISTENS, TOTAL_MS)
    assert doc["top"][0] == {
        "name": "Alpha — Ann",
        "listens": 3,
        "ms_played": 300_000,
        "title": "Alpha",
        "artists": ["Ann"],
        "services": ["lastfm", "spotify"],
    }
    for entry in doc["top"]:
        assert {"name", "listens", "ms_played"} <= set(entry)
    assert [(p["bucket"], p["listens"], p["ms_played"]) for p in doc["series"]] == [
        ("2024-01", 1, 200_000),
        ("2024-02", 3, 220_000),
        ("2024-03", 2, 1_000_000),
    ]
    assert {o["service"] for o in doc["overlap"]} == {"apple_music", "spotify", "youtube_music"}


@pytest.mark.usefixtures("filled")
def test_history_options(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(
        capsys,
        "history",
        "--since",
        "2024-02",
        "--until",
        "2024-02-29",
        "--top",
        "artists",
        "--by",
        "service",
        "-n",
        "1",
    )
    assert (doc["listens"], doc["ms_played"]) == (3, 220_000)
    assert doc["since"] == "2024-02-01T00:00:00Z"
    assert doc["until"] == "2024-03-01T00:00:00Z"  # --until includes the whole day
    assert [(t["name"], t["listens"]) for t in doc["top"]] == [("Bob", 2)]
    assert doc["series"] == [
        {"bucket": "spotify", "listens": 3, "ms_played": 220_000, "by_service": {}}
    ]
    year = run_json(capsys, "history", "--since", "2024", "--until", "2024", "--top", "albums")
    assert year["listens"] == TOTAL_LISTENS
    assert year["top"][0]["name"] == "First — Ann"


@pytest.mark.usefixtures("filled")
def test_history_human_output_is_tables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "history")
    assert code == 0, err
    assert "6 listens" in out
    assert "Alpha — Ann" in out
    assert "2024-03" in out
    assert "youtube_music" in out


def test_history_of_an_empty_library(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "history")
    assert doc["listens"] == doc["ms_played"] == 0
    assert doc["top"] == doc["series"] == doc["overlap"] == []
    code, out, _ = run(capsys, "history")
    assert code == 0
    assert "No listens" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("--since", "2024-13"),
        ("--since", "yesterday"),
        ("--until", "2024-02-30"),
        ("--since", "24-01-01"),
        ("--since", "2024-03", "--until", "2024-02"),
        ("--top", "genres"),
        ("--by", "week"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--json", "history", *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert err.count("\n") == 1
