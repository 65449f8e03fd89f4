"""Models of the Duplicates section: plain lists of rows, no store calls, testable without a view.

- :class:`GroupListModel` — one row per song found more than once (title, copies, services)
- :class:`MembersModel` — the copies of one group side by side (or the two tracks of a
  suggestion): service, title, artists, album, duration, where, added, and in a clean-up
  preview whether the copy stays or goes
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.gui.duplicates.rows import Group, Member
from app.gui.i18n import QT_TRANSLATE_NOOP, plural
from app.gui.library_model import ServiceRole
from app.gui.services import service_label

_Index = QModelIndex | QPersistentModelIndex
Display = Qt.ItemDataRole.DisplayRole
RowRole = Qt.ItemDataRole.UserRole  # the Group / Member itself
SubtitleRole = Qt.ItemDataRole.UserRole + 2  # the group's second line

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def duration_text(ms: int | None) -> str:
    if not ms:
        return "–"
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def date_text(iso: str | None) -> str:
    return iso[:10] if iso else "–"


class GroupListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Group] = []

    def set_groups(self, groups: Sequence[Group]) -> None:
        self.beginResetModel()
        self._rows = list(groups)
        self.endResetModel()

    def groups(self) -> list[Group]:
        return list(self._rows)

    def group_at(self, row: int) -> Group | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, recording_id: int) -> int:
        for n, g in enumerate(self._rows):
            if g.recording_id == recording_id:
                return n
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def subtitle(self, group: Group) -> str:
        copies = len(group.members)
        parts = [plural(self.tr("%n copies", "", copies), copies)]
        if group.scope == "across_playlists":
            parts = [plural(self.tr("in %n playlist(s)", "", copies), copies)]
        if group.removes:
            parts.append(plural(self.tr("%n to remove", "", group.removes), group.removes))
        parts.append(", ".join(service_label(s) for s in group.services))
        return "  ·  ".join(parts)

    def data(self, index: _Index, role: int = Display) -> Any:
        group = self.group_at(index.row()) if index.isValid() else None
        if group is None:
            return None
        if role == Display:
            return f"{group.title} — {', '.join(group.artists)}"
        if role == SubtitleRole:
            return self.subtitle(group)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return f"{group.title} — {', '.join(group.artists)}. {self.subtitle(group)}"
        if role == RowRole:
            return group
        return None


COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("MembersModel", "Service"),
    QT_TRANSLATE_NOOP("MembersModel", "Title"),
    QT_TRANSLATE_NOOP("MembersModel", "Artists"),
    QT_TRANSLATE_NOOP("MembersModel", "Album"),
    QT_TRANSLATE_NOOP("MembersModel", "Length"),
    QT_TRANSLATE_NOOP("MembersModel", "Where"),
    QT_TRANSLATE_NOOP("MembersModel", "Added"),
    QT_TRANSLATE_NOOP("MembersModel", "Clean-up"),
)
SERVICE, TITLE, ARTISTS, ALBUM, DURATION, WHERE, ADDED, OUTCOME = range(len(COLUMNS))


class MembersModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Member] = []

    def set_members(self, members: Sequence[Member]) -> None:
        self.beginResetModel()
        self._rows = list(members)
        self.endResetModel()

    def members(self) -> list[Member]:
        return list(self._rows)

    def member_at(self, row: int) -> Member | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def has_outcomes(self) -> bool:
        return any(m.outcome for m in self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Display:
            return self.tr(COLUMNS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section == DURATION:
            return _RIGHT
        return None

    def where_text(self, m: Member) -> str:
        if m.where == "liked":
            return self.tr("Liked songs")
        if m.where == "library":
            return self.tr("In your library")
        if m.position is None:
            return m.where
        return self.tr("%1, #%2").replace("%1", m.where).replace("%2", str(m.position + 1))

    def text(self, m: Member, column: int) -> str:
        if column == SERVICE:
            return service_label(m.service)
        if column == TITLE:
            return m.title
        if column == ARTISTS:
            return ", ".join(m.artists)
        if column == ALBUM:
            return m.album or "–"
        if column == DURATION:
            return duration_text(m.duration_ms)
        if column == WHERE:
            return self.where_text(m)
        if column == ADDED:
            return date_text(m.added_at)
        if m.outcome == "keep":
            return self.tr("Keeps")
        return self.tr("Removes") if m.outcome == "remove" else ""

    def data(self, index: _Index, role: int = Display) -> Any:
        m = self.member_at(index.row()) if index.isValid() else None
        if m is None or not 0 <= index.column() < len(COLUMNS):
            return None
        column = index.column()
        if role in (Display, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(m, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.text(m, column) + (f"\nISRC {m.isrc}" if m.isrc else "")
        if role == ServiceRole and column == SERVICE:
            return m.service
        if role == RowRole:
            return m
        if role == Qt.ItemDataRole.TextAlignmentRole and column == DURATION:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and column == OUTCOME and m.outcome == "keep":
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None
