"""The match report as a table model over a plain list of ``EntryMatch`` (no store calls)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.core.transfer_match import MATCHED, EntryMatch
from app.gui.i18n import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("Transfer", "#"),
    QT_TRANSLATE_NOOP("Transfer", "Song"),
    QT_TRANSLATE_NOOP("Transfer", "Artist"),
    QT_TRANSLATE_NOOP("Transfer", "Result"),
    QT_TRANSLATE_NOOP("Transfer", "Will be written as"),
)

OUTCOMES = {
    "isrc": QT_TRANSLATE_NOOP("Transfer", "Matched by ISRC"),
    "metadata": QT_TRANSLATE_NOOP("Transfer", "Matched by title and artist"),
    "rule": QT_TRANSLATE_NOOP("Transfer", "Your choice"),
    "same_service": QT_TRANSLATE_NOOP("Transfer", "Already there"),
    "ambiguous": QT_TRANSLATE_NOOP("Transfer", "Pick one"),
    "not_found": QT_TRANSLATE_NOOP("Transfer", "Not found"),
    "not_there": QT_TRANSLATE_NOOP("Transfer", "Not there (you said)"),
    "unsupported": QT_TRANSLATE_NOOP("Transfer", "Can’t be sent"),
}
_COLORS = {"ambiguous": "#b07500", "not_found": "#c0392b", "unsupported": "#7a808a"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Transfer", text)


def outcome_words(entry: EntryMatch) -> str:
    words = _tr(OUTCOMES.get(entry.outcome, entry.outcome))
    if entry.outcome == "metadata" and entry.score is not None:
        return f"{words} ({entry.score:.2f})"
    if entry.outcome == "ambiguous":
        return f"{words}: {len(entry.candidates)}"
    if entry.outcome == "unsupported" and entry.note:
        return f"{words}: {entry.note}"
    return words


def candidate_words(candidate: dict[str, Any]) -> str:
    album = candidate.get("album")
    score = candidate.get("score")
    text = _title_artists(candidate) + (f" · {album}" if album else "")
    return text + (f"  ({float(score):.2f})" if isinstance(score, int | float) else "")


def target_words(entry: EntryMatch) -> str:
    if entry.outcome not in MATCHED or not entry.target_id:
        return ""
    for c in entry.candidates:
        if c.get("target_id") == entry.target_id:
            return _title_artists(c)
    return entry.target_id


def _title_artists(candidate: dict[str, Any]) -> str:
    artists = candidate.get("artists")
    names = ", ".join(str(a) for a in artists) if isinstance(artists, list) else ""
    return f"{candidate.get('title')} — {names}"


class MatchReportModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[EntryMatch] = []

    def set_entries(self, entries: list[EntryMatch]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(entry.position + 1),
                entry.source.title,
                ", ".join(entry.source.artists),
                outcome_words(entry),
                target_words(entry),
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            color = _COLORS.get(entry.outcome)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.UserRole:
            return entry
        return None
