"""The consents grid: one row per service, one checkbox per purpose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.services import service_label
from domain.similar import SIMILAR_SOURCES

_Index = QModelIndex | QPersistentModelIndex

PURPOSE_TITLES = {
    "import": QT_TRANSLATE_NOOP("ConsentModel", "Import"),
    "write_back": QT_TRANSLATE_NOOP("ConsentModel", "Write back"),
    "recommend": QT_TRANSLATE_NOOP("ConsentModel", "Use for recommendations"),
    "share": QT_TRANSLATE_NOOP("ConsentModel", "Share with friends"),
    "discover": QT_TRANSLATE_NOOP("ConsentModel", "Look up similar music"),
}
PURPOSE_HELP = {
    "import": QT_TRANSLATE_NOOP("ConsentModel", "Bring this service’s library into Mixtape"),
    "write_back": QT_TRANSLATE_NOOP(
        "ConsentModel", "Let Mixtape change playlists and likes on this service"
    ),
    "recommend": QT_TRANSLATE_NOOP(
        "ConsentModel", "Learn from this service’s data for suggestions (on this computer)"
    ),
    "share": QT_TRANSLATE_NOOP(
        "ConsentModel", "Include this service’s tracks in playlists you share"
    ),
    "discover": QT_TRANSLATE_NOOP(
        "ConsentModel",
        "Send the titles and artists of a few of your songs to find similar ones you don’t "
        "have (Last.fm and ListenBrainz only)",
    ),
}


class ConsentModel(QAbstractTableModel):
    toggled = Signal(str, str, bool)  # service, purpose, granted

    def __init__(
        self, services: Sequence[str], purposes: Sequence[str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = list(services)
        self.purposes = list(purposes)
        self._granted: dict[tuple[str, str], bool] = {}

    def set_granted(self, granted: dict[tuple[str, str], bool]) -> None:
        self.beginResetModel()
        self._granted = dict(granted)
        self.endResetModel()

    def granted(self, service: str, purpose: str) -> bool:
        return self._granted.get((service, purpose), False)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.services)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.purposes)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.purposes):
            purpose = self.purposes[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(PURPOSE_TITLES.get(purpose, purpose))
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr(PURPOSE_HELP.get(purpose, purpose))
        vertical = orientation == Qt.Orientation.Vertical and 0 <= section < len(self.services)
        if vertical and role == Qt.ItemDataRole.DisplayRole:
            return service_label(self.services[section])
        return None

    def _applies(self, index: _Index) -> bool:
        """Looking up similar music exists only for the open sources (Last.fm, ListenBrainz)."""
        purpose = self.purposes[index.column()]
        return purpose != "discover" or self.services[index.row()] in SIMILAR_SOURCES

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or not self._applies(index):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.services):
            return None
        service, purpose = self.services[index.row()], self.purposes[index.column()]
        if not self._applies(index):
            return None
        on = self.granted(service, purpose)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            state = self.tr("allowed") if on else self.tr("not allowed")
            title = self.tr(PURPOSE_TITLES.get(purpose, purpose))
            return f"{service_label(service)}: {title}: {state}"
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if not self._applies(index):
            return False
        service, purpose = self.services[index.row()], self.purposes[index.column()]
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self._granted[(service, purpose)] = checked
        self.dataChanged.emit(index, index, [role])
        self.toggled.emit(service, purpose, checked)
        return True
