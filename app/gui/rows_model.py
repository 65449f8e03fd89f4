"""A table model over a plain list of rows: the shape most of the app's small tables share.

Subclasses name their ``columns`` (wrapped in ``QT_TRANSLATE_NOOP``), say which are ``right``
aligned, and turn a row into text per column. Rows are set whole from the main thread with
``set_rows`` once a background task has read them; ``data()`` never touches the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Display = Qt.ItemDataRole.DisplayRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsTableModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()
    right: frozenset[int] = frozenset()
    #: The role under which ``data()`` gives the row object itself (None: not offered).
    row_role: int | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Display:
            return self.tr(self.columns[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.right:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Display) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        if role in (Display, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.row(), index.column())
        if self.row_role is not None and role == self.row_role:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right:
            return RIGHT
        return None

    def text(self, row: Any, number: int, column: int) -> str:
        """What ``column`` of ``row`` (the ``number``-th row, from 0) says."""
        raise NotImplementedError

    def tooltip(self, row: Any, number: int, column: int) -> str:
        return self.text(row, number, column)
