"""The Duplicates models hold plain rows and are checked without any view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.gui.duplicates.models import (
    OUTCOME,
    SERVICE,
    WHERE,
    GroupListModel,
    MembersModel,
    SubtitleRole,
    duration_text,
)
from app.gui.duplicates.queue_models import UNDO_COLUMN, HistoryModel, SuggestionsModel
from app.gui.duplicates.rows import group, history_entry, suggestion
from app.gui.library_model import ServiceRole


def _doc(key: str, service: str, where: str, position: int | None, added: str) -> dict[str, Any]:
    return {
        "key": key,
        "service": service,
        "title": "Low Tide",
        "artists": ["The Lanternmen"],
        "album": "Harbour Lights",
        "duration_ms": 201_400,
        "isrc": None,
        "where": where,
        "position": position,
        "added_at": added,
    }


def _preview() -> dict[str, Any]:
    first = _doc("spotify:1", "spotify", "Evening walk", 0, "2024-01-02T10:00:00Z")
    second = _doc("apple_music:2", "apple_music", "Evening walk", 6, "2024-05-01T10:00:00Z")
    return {
        "recording_id": 7,
        "members": [first, second],
        "evidence": {"rule": "metadata", "score": 0.97, "summary": "title 1.00, artists equal"},
        "keep": first,
        "remove": [second],
    }


def _tested(model: Any) -> QAbstractItemModelTester:
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def test_a_preview_group_marks_what_stays_and_what_goes(qapp: Any) -> None:
    found = group(_preview(), "playlist")
    assert [m.outcome for m in found.members] == ["keep", "remove"]
    assert found.removes == 1
    assert found.services == ("apple_music", "spotify")
    assert found.evidence == "title 1.00, artists equal"


def test_group_list_reads_as_song_copies_and_services(qapp: Any) -> None:
    model = GroupListModel()
    tester = _tested(model)
    model.set_groups([group(_preview(), "playlist")])
    index = model.index(0, 0)
    assert index.data() == "Low Tide — The Lanternmen"
    assert index.data(SubtitleRole) == "2 copies  ·  1 to remove  ·  Apple Music, Spotify"
    assert model.row_of(7) == 0
    assert model.row_of(8) == -1
    model.set_groups([])
    assert model.rowCount() == 0
    assert tester is not None


def test_members_side_by_side_with_where_and_outcome(qapp: Any) -> None:
    model = MembersModel()
    tester = _tested(model)
    model.set_members(group(_preview(), "playlist").members)
    assert model.rowCount() == 2
    assert model.index(0, SERVICE).data() == "Spotify"
    assert model.index(0, SERVICE).data(ServiceRole) == "spotify"
    assert model.index(1, WHERE).data() == "Evening walk, #7"
    assert [model.index(r, OUTCOME).data() for r in range(2)] == ["Keeps", "Removes"]
    assert model.has_outcomes()
    assert model.headerData(OUTCOME, Qt.Orientation.Horizontal) == "Clean-up"
    liked = group({**_preview(), "keep": None}, "liked").members
    model.set_members([liked[0].__class__(**{**liked[0].__dict__, "where": "liked"})])
    assert model.index(0, WHERE).data() == "Liked songs"
    assert not model.has_outcomes()
    assert duration_text(None) == "–"
    assert duration_text(201_400) == "3:21"
    assert tester is not None


def test_suggestions_and_history(qapp: Any) -> None:
    doc = _preview()
    row = suggestion(
        {
            "id": 4,
            "score": 0.87,
            "evidence": {"summary": "title 1.00, artists equal, duration +8.0 s"},
            "a": doc["members"][0],
            "b": doc["members"][1],
        }
    )
    suggestions = SuggestionsModel()
    tester = _tested(suggestions)
    suggestions.set_rows([row])
    assert suggestions.index(0, 0).data() == "87%"
    assert suggestions.index(0, 2).data() == "Low Tide — The Lanternmen (Apple Music)"
    assert suggestions.ids([0, 3]) == [4]

    history = HistoryModel()
    tester_h = _tested(history)
    entries = [
        history_entry(
            {
                "id": 3,
                "kind": "review",
                "summary": "accepted 2 suggestion(s)",
                "created_at": "2026-01-02T10:11:12Z",
                "undone_at": None,
            }
        ),
        history_entry(
            {
                "id": 2,
                "kind": "dedupe",
                "summary": "removed 1 duplicate(s)",
                "created_at": "2026-01-01T09:00:00Z",
                "undone_at": "2026-01-01T09:05:00Z",
            }
        ),
        history_entry(
            {
                "id": 1,
                "kind": "auto",
                "summary": "matched the whole library",
                "created_at": "2026-01-01T08:00:00Z",
                "undone_at": None,
            }
        ),
    ]
    history.set_rows(entries)
    assert [e.undoable for e in entries] == [True, False, False]
    assert history.index(0, 0).data() == "2026-01-02 10:11"
    assert history.index(0, 1).data() == "Reviewed"
    assert history.index(1, UNDO_COLUMN).data() == "Undone 2026-01-01"
    assert history.index(2, UNDO_COLUMN).data() == "Kept"
    assert tester is not None
    assert tester_h is not None
