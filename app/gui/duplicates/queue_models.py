"""Models of the review queue (suggestions waiting for a word) and the undo history."""

from __future__ import annotations

from collections.abc import Sequence

from app.gui.duplicates.models import RowRole, date_text
from app.gui.duplicates.rows import HistoryEntry, Member, Suggestion
from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.rows_model import RowsTableModel
from app.gui.services import service_label


class _RowsModel(RowsTableModel):
    row_role = RowRole


def _track(m: Member) -> str:
    return f"{m.title} — {', '.join(m.artists)} ({service_label(m.service)})"


class SuggestionsModel(_RowsModel):
    """One row per suggestion: how close, the two tracks, and the evidence in words."""

    columns = (
        QT_TRANSLATE_NOOP("SuggestionsModel", "Match"),
        QT_TRANSLATE_NOOP("SuggestionsModel", "This track"),
        QT_TRANSLATE_NOOP("SuggestionsModel", "Might be the same as"),
        QT_TRANSLATE_NOOP("SuggestionsModel", "Why"),
    )
    right = frozenset({0})

    def text(self, row: Suggestion, number: int, column: int) -> str:
        if column == 0:
            return f"{row.score:.0%}"
        if column == 1:
            return _track(row.a)
        if column == 2:
            return _track(row.b)
        return row.evidence

    def ids(self, rows: Sequence[int]) -> list[int]:
        return [s.id for r in rows if (s := self.row_at(r)) is not None]


KINDS = {
    "auto": QT_TRANSLATE_NOOP("HistoryModel", "Automatic matching"),
    "merge": QT_TRANSLATE_NOOP("HistoryModel", "Merged"),
    "split": QT_TRANSLATE_NOOP("HistoryModel", "Split"),
    "review": QT_TRANSLATE_NOOP("HistoryModel", "Reviewed"),
    "dedupe": QT_TRANSLATE_NOOP("HistoryModel", "Duplicates removed"),
}
UNDO_COLUMN = 3


class HistoryModel(_RowsModel):
    """Every identity change, newest first; the last column holds the undo button."""

    columns = (
        QT_TRANSLATE_NOOP("HistoryModel", "When"),
        QT_TRANSLATE_NOOP("HistoryModel", "What"),
        QT_TRANSLATE_NOOP("HistoryModel", "Details"),
        QT_TRANSLATE_NOOP("HistoryModel", "Undo"),
    )

    def text(self, row: HistoryEntry, number: int, column: int) -> str:
        if column == 0:
            return (row.created_at or "")[:16].replace("T", " ")
        if column == 1:
            return self.tr(KINDS.get(row.kind, row.kind))
        if column == 2:
            return row.summary
        if row.undone_at is not None:
            return self.tr("Undone %1").replace("%1", date_text(row.undone_at))
        return "" if row.undoable else self.tr("Kept")

    def tooltip(self, row: HistoryEntry, number: int, column: int) -> str:
        if column == UNDO_COLUMN and row.kind == "auto":
            return self.tr("Automatic matches are undone one link at a time, from a group")
        return self.text(row, number, column)
