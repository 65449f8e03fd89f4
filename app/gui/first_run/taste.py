"""Taste questions: pick favourite artists and genres from a searchable list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

GENRES = (
    "Alternative", "Ambient", "Blues", "Classical", "Country", "Dance", "Drum & Bass",
    "Electronic", "Folk", "Funk", "Gospel", "Hip-Hop", "House", "Indie", "Jazz", "K-Pop",
    "Latin", "Metal", "Pop", "Punk", "R&B", "Reggae", "Rock", "Singer-songwriter", "Soul",
    "Soundtrack", "Techno", "World",
)  # fmt: skip

KindRole = Qt.ItemDataRole.UserRole + 1


class TastePicker(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search artists and genres"))
        self.search.setAccessibleName(self.tr("Search artists and genres"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(self.tr("Artists and genres you love"))
        intro = QLabel(
            self.tr(
                "Tick a few artists and genres you love. Discover uses them until it has "
                "learnt from your library; you can skip this."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.set_artists([])

    def set_artists(self, artists: Sequence[str]) -> None:
        chosen = self.chosen()
        self.model.clear()
        for name in artists:
            self._add(name, "artist", name in chosen["artists"])
        for genre in GENRES:
            self._add(genre, "genre", genre in chosen["genres"])

    def _add(self, name: str, kind: str, checked: bool) -> None:
        label = name if kind == "artist" else self.tr("%1 (genre)").replace("%1", name)
        item = QStandardItem(label)
        item.setData(name, Qt.ItemDataRole.UserRole)
        item.setData(kind, KindRole)
        item.setCheckable(True)
        item.setEditable(False)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.model.appendRow(item)

    def chosen(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {"artists": [], "genres": []}
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                found[str(item.data(KindRole)) + "s"].append(
                    str(item.data(Qt.ItemDataRole.UserRole))
                )
        return found

    def check(self, name: str) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(Qt.CheckState.Checked)
