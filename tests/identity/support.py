"""Helpers shared by the identity tests."""

from __future__ import annotations

from pathlib import Path

from app.core.importing import import_paths
from store import Library

FIXTURES = Path(__file__).parent / "fixtures"
SPOTIFY = FIXTURES / "Streaming_History_Audio_2024.json"
APPLE = FIXTURES / "Library.xml"


def import_both(lib: Library) -> None:
    results = import_paths(lib, [SPOTIFY, APPLE])
    assert [r.outcome for r in results] == ["imported", "imported"], results


def by_title(recordings: list[dict[str, object]]) -> dict[str, set[str]]:
    """Each member title → the titles of its recording's members."""
    out: dict[str, set[str]] = {}
    for r in recordings:
        titles = {m["title"] for m in r["members"]}  # type: ignore[index,union-attr]
        for t in titles:
            out[t] = titles  # type: ignore[index]
    return out
