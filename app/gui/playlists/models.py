"""Table models for the Playlists section: plain lists of store rows, no database in ``data()``.

:class:`EntriesModel` also carries drag and drop for reordering a local playlist: a drop does
not move rows itself; it asks (``moveRequested``) and the undoable edit does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QDate,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.gui.i18n import QT_TRANSLATE_NOOP, plural
from app.gui.library_model import RowRole, ServiceRole, format_duration
from app.gui.services import service_label
from store import EntryRow, PlaylistRow

_Index = QModelIndex | QPersistentModelIndex
LOCAL = "local"
ENTRY_MIME = "application/x-mixtape-entry-positions"
Display = Qt.ItemDataRole.DisplayRole


def is_local(row: PlaylistRow | None) -> bool:
    return row is not None and row.service == LOCAL


def playlist_source(service: str) -> str:
    """Where a playlist comes from, in words ("Spotify", or "Made in Mixtape")."""
    if service == LOCAL:
        return QCoreApplication.translate("PlaylistListModel", "Made in Mixtape")
    return service_label(service)


class PlaylistListModel(QAbstractListModel):
    """Every playlist: the name, and "Service · N tracks" as the second line."""

    SubtitleRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlaylistRow] = []

    def set_rows(self, rows: Sequence[PlaylistRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PlaylistRow]:
        return list(self._rows)

    def row_of(self, playlist_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == playlist_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Display) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Display:
            return row.name
        if role == self.SubtitleRole:
            count = plural(self.tr("%Ln track(s)", "", row.entries), row.entries)
            return f"{playlist_source(row.service)} · {count}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{row.name}, {self.data(index, self.SubtitleRole)}"
        if role == RowRole:
            return row
        if role == ServiceRole:
            return row.service
        return None


ENTRY_COLUMNS = (
    QT_TRANSLATE_NOOP("EntriesModel", "#"),
    QT_TRANSLATE_NOOP("EntriesModel", "Title"),
    QT_TRANSLATE_NOOP("EntriesModel", "Artists"),
    QT_TRANSLATE_NOOP("EntriesModel", "Duration"),
    QT_TRANSLATE_NOOP("EntriesModel", "Added"),
    QT_TRANSLATE_NOOP("EntriesModel", "Added by"),
    QT_TRANSLATE_NOOP("EntriesModel", "Service"),
)
POSITION, TITLE, ARTISTS, DURATION, ADDED, ADDED_BY, SERVICE = range(len(ENTRY_COLUMNS))


class EntriesModel(QAbstractTableModel):
    """The entries of one playlist, in order."""

    moveRequested = Signal(list, int)  # positions, destination position

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EntryRow] = []
        self.editable = False
        self._locale = QLocale()

    def set_rows(self, rows: Sequence[EntryRow], editable: bool) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.editable = editable
        self.endResetModel()

    def entry(self, row: int) -> EntryRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ENTRY_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(ENTRY_COLUMNS):
            if role == Display:
                return self.tr(ENTRY_COLUMNS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole and section in (POSITION, DURATION):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Display) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role in (Display, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(entry, index.row(), column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (POSITION, DURATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, ARTISTS):
            return self._text(entry, index.row(), column)
        if role == RowRole:
            return entry.track
        if role == ServiceRole:
            return entry.track.service
        return None

    def _text(self, entry: EntryRow, row: int, column: int) -> str:
        track = entry.track
        if column == POSITION:
            return self._locale.toString(row + 1)
        if column == TITLE:
            return track.title
        if column == ARTISTS:
            return ", ".join(track.artists)
        if column == DURATION:
            return format_duration(track.duration_ms)
        if column == ADDED:
            if entry.added_at is None:
                return ""
            day = entry.added_at.date()
            date = QDate(day.year, day.month, day.day)
            return self._locale.toString(date, QLocale.FormatType.ShortFormat)
        if column == ADDED_BY:
            return entry.added_by or ""
        if column == SERVICE:
            return service_label(track.service)
        return ""

    # -- drag and drop (local playlists only) ------------------------------------------------
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not self.editable:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ENTRY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(ENTRY_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return self.editable and data.hasFormat(ENTRY_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        text = bytes(data.data(ENTRY_MIME).data()).decode()
        positions = [int(p) for p in text.split(",") if p]
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        if positions:
            self.moveRequested.emit(positions, row)
        # The edit reloads the rows; telling the view "not dropped" stops it removing any.
        return False
