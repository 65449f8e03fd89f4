"""List models over plain rows (no library calls): shared playlists, entries, members."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication

from app.gui.empty_state import muted_color
from app.gui.i18n import plural
from app.gui.library_model import ServiceRole, format_duration
from app.gui.services import service_label
from app.gui.shared.rows import EntryLine, MemberLine, ShareSummary
from app.gui.shared.words import moment, status_text, status_tone

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
R = TypeVar("R")

SubtitleRole = Qt.ItemDataRole.UserRole + 10  # the muted second line of a shared playlist
ToneRole = Qt.ItemDataRole.UserRole + 11  # ok / busy / away / bad: the status dot's colour
RowRole = Qt.ItemDataRole.UserRole + 12  # the plain row object


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Shared", text, "", n)


def _muted() -> QColor:
    return muted_color(QGuiApplication.palette())


class _RowsModel(QAbstractTableModel, Generic[R]):
    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.headers[section])
        return None


class SharesModel(QAbstractListModel):
    """The shared playlists: name on top, status and members below."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ShareSummary] = []

    def set_rows(self, rows: Sequence[ShareSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, doc_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.doc_id == doc_id), -1)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        share = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return share.name or _tr("Shared playlist")
        if role == SubtitleRole:
            return self.subtitle(share)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{share.name}, {self.subtitle(share)}"
        if role == ToneRole:
            return status_tone(share)
        if role == RowRole:
            return share
        return None

    @staticmethod
    def subtitle(share: ShareSummary) -> str:
        people = plural(_tr("%n member(s)", share.members), share.members)
        return f"{status_text(share)}  ·  {people}"


ENTRY_NUMBER, ENTRY_TITLE, ENTRY_ARTISTS, ENTRY_DURATION, ENTRY_YOURS, ENTRY_ADDED_BY = range(6)


class EntriesModel(_RowsModel[EntryLine]):
    """The shared entries in order, each with where it is in *my* library."""

    headers = ("#", "Title", "Artist", "Time", "In your library", "Added by")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entry, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), entry, column)
        if role == ServiceRole and column == ENTRY_YOURS:
            return entry.service
        if role == Qt.ItemDataRole.ForegroundRole and (
            column in (ENTRY_NUMBER, ENTRY_DURATION, ENTRY_ADDED_BY)
            or (column == ENTRY_YOURS and entry.service is None)
        ):
            return _muted()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ENTRY_NUMBER, ENTRY_DURATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RowRole:
            return entry
        return None

    def _display(self, row: int, entry: EntryLine, column: int) -> str:
        if column == ENTRY_NUMBER:
            return str(row + 1)
        if column == ENTRY_TITLE:
            return entry.title
        if column == ENTRY_ARTISTS:
            return ", ".join(entry.artists)
        if column == ENTRY_DURATION:
            return format_duration(entry.duration_ms)
        if column == ENTRY_YOURS:
            return service_label(entry.service) if entry.service else _tr("not in your library")
        return entry.added_by


MEMBER_NAME, MEMBER_ROLE, MEMBER_SEEN, MEMBER_ACTION = range(4)


class MembersModel(_RowsModel[MemberLine]):
    headers = ("Member", "Role", "Last seen", "")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        member, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == MEMBER_NAME:
                return member.name + (_tr(" (you)") if member.is_me else "")
            if column == MEMBER_ROLE:
                if not member.active:
                    return _tr("removed")
                return _tr("owner") if member.role == "owner" else _tr("member")
            if column == MEMBER_SEEN:
                return _tr("this device") if member.is_me else moment(member.last_seen)
            return ""
        if role == Qt.ItemDataRole.ForegroundRole and (column != MEMBER_NAME or not member.active):
            return _muted()
        if role == RowRole:
            return member
        return None
