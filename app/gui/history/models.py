"""Plain list models for the insights tables: top artists/tracks and the library overlap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.services import service_label
from store.insights import ServiceOverlap, TopEntry

_Index = QModelIndex | QPersistentModelIndex
Display = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def hours(ms: int) -> str:
    value = ms / 3_600_000
    return QLocale().toString(value, "f", 1 if value < 100 else 0) + " h"


class _ListModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()
    numeric: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Display:
            return self.tr(self.columns[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.numeric:
            return _RIGHT
        return None

    def data(self, index: _Index, role: int = Display) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Display, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(self._rows[index.row()], index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return _RIGHT
        return None

    def text(self, row: Any, n: int, column: int) -> str:
        raise NotImplementedError


class TopModel(_ListModel):
    columns = (
        QT_TRANSLATE_NOOP("TopModel", "#"),
        QT_TRANSLATE_NOOP("TopModel", "Name"),
        QT_TRANSLATE_NOOP("TopModel", "Plays"),
        QT_TRANSLATE_NOOP("TopModel", "Time"),
        QT_TRANSLATE_NOOP("TopModel", "Services"),
    )
    numeric = frozenset({0, 2, 3})

    def text(self, row: TopEntry, n: int, column: int) -> str:
        if column == 0:
            return str(n + 1)
        if column == 1:
            return row.name
        if column == 2:
            return QLocale().toString(row.listens)
        if column == 3:
            return hours(row.ms_played)
        return ", ".join(service_label(s) for s in row.services)


class OverlapModel(_ListModel):
    """One row per service: its library size, then how much of it each other one also has."""

    columns = (
        QT_TRANSLATE_NOOP("OverlapModel", "Service"),
        QT_TRANSLATE_NOOP("OverlapModel", "Songs in its library"),
        QT_TRANSLATE_NOOP("OverlapModel", "Also on another service"),
        QT_TRANSLATE_NOOP("OverlapModel", "Shared with"),
    )
    numeric = frozenset({1, 2})

    def text(self, row: ServiceOverlap, n: int, column: int) -> str:
        locale = QLocale()
        if column == 0:
            return service_label(row.service)
        if column == 1:
            return locale.toString(row.recordings)
        if column == 2:
            share = row.on_any_other / row.recordings if row.recordings else 0.0
            return f"{locale.toString(row.on_any_other)} ({share:.0%})"
        return ", ".join(
            f"{service_label(s)} {locale.toString(k)}" for s, k in row.shared_with.items() if k
        ) or self.tr("none")
