"""The summary after an import: per file, what was added or skipped and why, in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.i18n import QT_TRANSLATE_NOOP, plural

if TYPE_CHECKING:
    from app.core.importing import FileResult

_Index = QModelIndex | QPersistentModelIndex

_OUTCOMES = {
    "imported": QT_TRANSLATE_NOOP("ImportSummary", "Added"),
    "already imported": QT_TRANSLATE_NOOP("ImportSummary", "Skipped"),
    "not a music export": QT_TRANSLATE_NOOP("ImportSummary", "Skipped"),
    "failed": QT_TRANSLATE_NOOP("ImportSummary", "Not imported"),
    "cancelled": QT_TRANSLATE_NOOP("ImportSummary", "Cancelled"),
}
_COUNTS = (
    ("service_tracks", QT_TRANSLATE_NOOP("ImportSummary", "%Ln track(s)")),
    ("playlists", QT_TRANSLATE_NOOP("ImportSummary", "%Ln playlist(s)")),
    ("playlist_entries", QT_TRANSLATE_NOOP("ImportSummary", "%Ln playlist entr(y/ies)")),
    ("saved_items", QT_TRANSLATE_NOOP("ImportSummary", "%Ln saved item(s)")),
    ("listens", QT_TRANSLATE_NOOP("ImportSummary", "%Ln play(s)")),
)
COLUMNS = (
    QT_TRANSLATE_NOOP("ImportSummary", "File"),
    QT_TRANSLATE_NOOP("ImportSummary", "Result"),
    QT_TRANSLATE_NOOP("ImportSummary", "What happened"),
)


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ImportSummary", text, "", n)


def _count(text: str, n: int) -> str:
    translated = _tr(text, n).replace("%Ln", QLocale().toString(n))
    if "(y/ies)" in translated:
        return translated.replace("(y/ies)", "y" if n == 1 else "ies")
    return plural(translated, n)


def explain(result: FileResult) -> str:
    """One sentence about one file."""
    if result.outcome == "imported":
        parts = [_count(text, result.added[k]) for k, text in _COUNTS if result.added.get(k)]
        text = ", ".join(parts) if parts else _tr("Nothing new: everything was already here")
        if result.duplicate_listens:
            text += "; " + _count(
                QT_TRANSLATE_NOOP(
                    "ImportSummary", "%Ln play(s) already counted from another service"
                ),
                result.duplicate_listens,
            )
        if result.skipped:
            text += "; " + _count(
                QT_TRANSLATE_NOOP("ImportSummary", "%Ln record(s) skipped"), result.skipped
            )
        return text
    if result.outcome == "already imported":
        return _tr("This file was imported before, so nothing changed")
    if result.outcome == "not a music export":
        return _tr("Not a music export (for example billing or account details)")
    if result.outcome == "cancelled":
        return _tr("Stopped before this file; nothing from it was kept")
    reason = result.errors[0] if result.errors else _tr("Mixtape could not read it")
    return _tr("Nothing from this file was kept: %1").replace("%1", reason)


class ImportResultsModel(QAbstractTableModel):
    """A plain list of :class:`FileResult` rows."""

    def __init__(self, results: Sequence[FileResult], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = list(results)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _tr(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        result = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return result.source
            if index.column() == 1:
                return _tr(_OUTCOMES.get(result.outcome, result.outcome))
            return explain(result)
        if role == Qt.ItemDataRole.UserRole:
            return result
        return None


def headline(results: Sequence[FileResult]) -> str:
    imported = sum(1 for r in results if r.outcome == "imported")
    failed = sum(1 for r in results if r.outcome == "failed")
    text = _count(QT_TRANSLATE_NOOP("ImportSummary", "%Ln file(s) imported"), imported)
    if failed:
        text += " · " + _count(
            QT_TRANSLATE_NOOP("ImportSummary", "%Ln file(s) could not be read"), failed
        )
    return text


class ImportSummaryDialog(QDialog):
    def __init__(self, results: Sequence[FileResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle(self.tr("Import finished"))
        self.resize(760, 380)
        self.model = ImportResultsModel(results, self)
        self.heading = QLabel(headline(results), self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(font.Weight.DemiBold)
        self.heading.setFont(font)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("What happened to each file"))
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

        errors = [e for r in results for e in r.errors]
        self.details = QPlainTextEdit("\n".join(errors), self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Technical details"))
        self.details.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.details_button = QPushButton(self.tr("Show details"), self)
        self.details_button.setCheckable(True)
        self.details_button.setEnabled(bool(errors))
        self.details_button.toggled.connect(self._toggle_details)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("Hide details") if shown else self.tr("Show details"))
