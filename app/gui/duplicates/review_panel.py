"""The review tab: pairs Mixtape was not sure about, the two tracks side by side, and the user's
word on one, several or all of them (each answer is one undoable action)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.actions import DuplicatesActions
from app.gui.duplicates.models import ALBUM, ARTISTS, OUTCOME, SERVICE, TITLE, MembersModel
from app.gui.duplicates.queue_models import SuggestionsModel
from app.gui.duplicates.rows import Snapshot, Suggestion
from app.gui.duplicates.widgets import calm_table, muted
from app.gui.empty_state import EmptyState
from app.gui.i18n import plural
from app.gui.library_view import ServiceBadgeDelegate


class ReviewPanel(QWidget):
    def __init__(self, commands: DuplicatesActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commands = commands
        self.model = SuggestionsModel(self)
        self.compare_model = MembersModel(self)

        intro = muted(
            self.tr(
                "Mixtape wasn’t sure about these pairs. Say whether each is the same song; "
                "select several to answer them together."
            ),
            self,
        )
        self.table = calm_table("reviewQueue", self.model, self, self.tr("Suggestions to review"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.compare = calm_table(
            "reviewCompare", self.compare_model, self, self.tr("The two tracks side by side")
        )
        self.compare.setItemDelegateForColumn(SERVICE, ServiceBadgeDelegate(self.compare))
        self.compare.setColumnHidden(OUTCOME, True)
        self.compare.setSelectionMode(self.compare.SelectionMode.NoSelection)
        compare_header = self.compare.horizontalHeader()
        compare_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (TITLE, ARTISTS, ALBUM):
            compare_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.why = muted("", self)

        self.accept_button = QPushButton(self.tr("Same song"), self)
        self.accept_button.clicked.connect(lambda: self._answer(True))
        self.reject_button = QPushButton(self.tr("Different songs"), self)
        self.reject_button.clicked.connect(lambda: self._answer(False))
        self.accept_all = QPushButton(self)
        self.accept_all.setToolTip(self.tr("Accept every suggestion in the list (undoable)"))
        self.accept_all.clicked.connect(self._accept_everything)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.why)
        lower_layout.addWidget(self.compare, 1)
        lower_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([320, 220])

        self.content = QWidget(self)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 8, 8, 0)
        content_layout.addWidget(intro)
        content_layout.addWidget(splitter, 1)
        self.empty = EmptyState(
            "duplicates",
            self.tr("Nothing to review"),
            self.tr(
                "When Mixtape can’t tell whether two tracks are the same song, it asks you "
                "here instead of guessing."
            ),
            self,
        )
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._selected()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.model.set_rows(snapshot.suggestions)
        count = len(snapshot.suggestions)
        self.stack.setCurrentWidget(self.content if count else self.empty)
        self.accept_all.setText(plural(self.tr("Accept all %n", "", count), count))
        self.accept_all.setEnabled(count > 0)
        if count:
            self.table.selectRow(0)
        self._selected()

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return self.model.ids(rows)

    def _selected(self, *_: object) -> None:
        ids = self.selected_ids()
        rows = self.table.selectionModel().selectedRows()
        first: Suggestion | None = self.model.row_at(rows[0].row()) if rows else None
        self.compare_model.set_members((first.a, first.b) if first is not None else ())
        self.why.setText(
            self.tr("Why they might be one song: %1").replace("%1", first.evidence)
            if first is not None
            else ""
        )
        n = len(ids)
        self.accept_button.setEnabled(n > 0)
        self.reject_button.setEnabled(n > 0)
        self.accept_button.setText(
            self.tr("Same song") if n < 2 else plural(self.tr("Same song (%n)", "", n), n)
        )
        self.reject_button.setText(
            self.tr("Different songs") if n < 2 else plural(self.tr("Different (%n)", "", n), n)
        )

    def _answer(self, accept: bool) -> None:
        ids = self.selected_ids()
        if ids:
            self.commands.review(ids, accept)

    def _accept_everything(self) -> None:
        ids = [s.id for s in self.model.rows()]
        if ids:
            self.commands.review(ids, True)
