"""The Duplicates tab: songs found more than once on the left, their copies side by side on the
right with the evidence, and the buttons to keep one copy, split one off or merge songs.
Below, the clean-up: pick which copy to keep, preview what would go, then apply."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.actions import DuplicatesActions
from app.gui.duplicates.models import (
    ALBUM,
    ARTISTS,
    OUTCOME,
    SERVICE,
    TITLE,
    GroupListModel,
    MembersModel,
)
from app.gui.duplicates.rows import REMOVABLE, Group, Member, Snapshot
from app.gui.duplicates.widgets import GroupDelegate, calm_table, heading, muted
from app.gui.empty_state import EmptyState
from app.gui.i18n import QT_TRANSLATE_NOOP, plural
from app.gui.library_view import ServiceBadgeDelegate
from app.gui.services import service_label

SCOPE_NAMES = (
    ("playlist", QT_TRANSLATE_NOOP("GroupsPanel", "Twice in a playlist")),
    ("liked", QT_TRANSLATE_NOOP("GroupsPanel", "Liked more than once")),
    ("across_playlists", QT_TRANSLATE_NOOP("GroupsPanel", "In several playlists")),
    ("services", QT_TRANSLATE_NOOP("GroupsPanel", "On several services")),
)
KEEP_RULES = (
    ("earliest", QT_TRANSLATE_NOOP("GroupsPanel", "the copy added first")),
    ("best", QT_TRANSLATE_NOOP("GroupsPanel", "the copy with the best details")),
    ("service:spotify", ""),
    ("service:apple_music", ""),
    ("service:youtube_music", ""),
)


class GroupsPanel(QWidget):
    def __init__(self, commands: DuplicatesActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commands = commands
        self.groups_model = GroupListModel(self)
        self.members_model = MembersModel(self)
        self._snapshot: Snapshot | None = None

        self.scope = QComboBox(self)
        self.scope.setAccessibleName(self.tr("Which duplicates to show"))
        for key, name in SCOPE_NAMES:
            self.scope.addItem(self.tr(name), key)
        self.scope.currentIndexChanged.connect(self._scope_changed)

        self.list_view = QListView(self)
        self.list_view.setObjectName("duplicateGroups")
        self.list_view.setAccessibleName(self.tr("Songs found more than once"))
        self.list_view.setModel(self.groups_model)
        self.list_view.setItemDelegate(GroupDelegate(self.list_view))
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setFrameShape(QListView.Shape.NoFrame)
        self.list_view.setMinimumWidth(220)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.selectionModel().selectionChanged.connect(self._selected)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.scope)
        left_layout.addWidget(self.list_view, 1)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self._detail_panel())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 810])
        self.splitter = splitter

        self.empty = EmptyState("duplicates", self.tr("No duplicates here"), "", self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._clean_up_bar())
        self._show_group(None)

    # -- construction --------------------------------------------------------------------------
    def _detail_panel(self) -> QWidget:
        panel = QWidget(self)
        self.group_title = heading("", panel, 1.25)
        self.group_title.setWordWrap(True)
        self.evidence = muted("", panel)
        self.evidence.setAccessibleName(self.tr("Why these are one song"))
        self.members = calm_table(
            "duplicateMembers", self.members_model, panel, self.tr("Copies of this song")
        )
        self.members.setItemDelegateForColumn(SERVICE, ServiceBadgeDelegate(self.members))
        header = self.members.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (TITLE, ARTISTS, ALBUM):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.members.selectionModel().selectionChanged.connect(self._update_buttons)

        self.keep_button = QPushButton(self.tr("Keep only this copy"), panel)
        self.keep_button.setToolTip(
            self.tr("The other copies leave the playlist or your liked songs (undoable)")
        )
        self.keep_button.clicked.connect(self._keep)
        self.split_button = QPushButton(self.tr("Not the same song"), panel)
        self.split_button.setToolTip(self.tr("Split the selected copy off into a song of its own"))
        self.split_button.clicked.connect(self._split)
        self.merge_button = QPushButton(self.tr("Merge selected songs"), panel)
        self.merge_button.setToolTip(
            self.tr("Select two or more songs on the left that are really one song")
        )
        self.merge_button.clicked.connect(self._merge)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.split_button)
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(16, 4, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.group_title)
        layout.addWidget(self.evidence)
        layout.addWidget(self.members, 1)
        self.hint = muted(self.tr("Select a copy to keep only it, or to split it off."), panel)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        return panel

    def _clean_up_bar(self) -> QWidget:
        bar = QWidget(self)
        bar.setObjectName("cleanUpBar")
        self.keep_rule = QComboBox(bar)
        self.keep_rule.setAccessibleName(self.tr("Which copy to keep"))
        for key, name in KEEP_RULES:
            label = self.tr(name) if name else ""
            if key.startswith("service:"):
                service = service_label(key.split(":", 1)[1])
                label = self.tr("the %1 copy").replace("%1", service)
            self.keep_rule.addItem(label, key)
        self.preview_button = QPushButton(self.tr("Preview clean-up"), bar)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button = QPushButton(bar)
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self._apply)
        self.cancel_button = QPushButton(self.tr("Cancel"), bar)
        self.cancel_button.clicked.connect(lambda: self.commands.reload(keep=None))
        self.plan_label = muted("", bar, wrap=False)
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 6, 8, 0)
        row.addWidget(QLabel(self.tr("Clean up, keeping"), bar))
        row.addWidget(self.keep_rule)
        row.addWidget(self.preview_button)
        row.addWidget(self.plan_label, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.apply_button)
        self.clean_up_bar = bar
        return bar

    # -- state ---------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        current = self.current_group()
        self._snapshot = snapshot
        index = self.scope.findData(snapshot.scope)
        if index >= 0 and index != self.scope.currentIndex():
            self.scope.blockSignals(True)
            self.scope.setCurrentIndex(index)
            self.scope.blockSignals(False)
        self.groups_model.set_groups(snapshot.groups)
        self.stack.setCurrentWidget(self.splitter if snapshot.groups else self.empty)
        self.empty.body.setText(self._empty_text(snapshot.scope))
        row = self.groups_model.row_of(current.recording_id) if current is not None else -1
        self.select_row(max(row, 0) if snapshot.groups else -1)
        removable = snapshot.scope in REMOVABLE
        previewing = snapshot.keep is not None
        removes = sum(g.removes for g in snapshot.groups)
        self.clean_up_bar.setVisible(removable)
        self.keep_rule.setEnabled(not previewing)
        self.preview_button.setVisible(not previewing)
        self.preview_button.setEnabled(bool(snapshot.groups))
        self.cancel_button.setVisible(previewing)
        self.apply_button.setVisible(previewing)
        self.apply_button.setEnabled(removes > 0)
        self.apply_button.setText(plural(self.tr("Remove %n duplicate(s)", "", removes), removes))
        songs = len(snapshot.groups)
        self.plan_label.setText(
            plural(self.tr("Preview: %n song(s) keep one copy each.", "", songs), songs)
            if previewing
            else ""
        )

    def _empty_text(self, scope: str) -> str:
        if scope == "services":
            return self.tr("No song in your library is on more than one service yet.")
        if scope == "across_playlists":
            return self.tr("Every song is in one playlist at most.")
        return self.tr("Nothing is here twice. Duplicates show up here after an import.")

    def current_group(self) -> Group | None:
        return self.groups_model.group_at(self.list_view.currentIndex().row())

    def selected_groups(self) -> list[Group]:
        rows = sorted(i.row() for i in self.list_view.selectionModel().selectedIndexes())
        return [g for r in rows if (g := self.groups_model.group_at(r)) is not None]

    def select_row(self, row: int) -> None:
        if row < 0:
            self.list_view.clearSelection()
            self._show_group(None)
            return
        self.list_view.setCurrentIndex(self.groups_model.index(row, 0))

    def _selected(self, *_: QItemSelection) -> None:
        self._show_group(self.current_group())

    def _show_group(self, group: Group | None) -> None:
        self.members_model.set_members(group.members if group is not None else ())
        self.members.setColumnHidden(OUTCOME, not self.members_model.has_outcomes())
        if group is None:
            self.group_title.setText("")
            self.evidence.setText("")
        else:
            self.group_title.setText(f"{group.title} — {', '.join(group.artists)}")
            self.evidence.setText(
                self.tr("Why these are one song: %1").replace("%1", self._why(group))
            )
        self._update_buttons()

    def _why(self, group: Group) -> str:
        if group.rule == "same track":
            return self.tr("the very same track, added more than once")
        return group.evidence or self.tr("the same recording")

    def _update_buttons(self, *_: object) -> None:
        group = self.current_group()
        member = self._selected_member()
        previewing = self._snapshot is not None and self._snapshot.keep is not None
        removable = group is not None and group.scope in REMOVABLE and not previewing
        in_removable = group is None or group.scope in REMOVABLE
        self.keep_button.setVisible(in_removable)
        self.hint.setText(
            self.tr("Select a copy to keep only it, or to split it off.")
            if in_removable
            else self.tr("Select a copy to split it off, or several songs on the left to merge.")
        )
        self.keep_button.setEnabled(removable and member is not None)
        keys = {m.key for m in group.members} if group is not None else set()
        self.split_button.setEnabled(member is not None and len(keys) > 1 and not previewing)
        self.merge_button.setEnabled(len(self.selected_groups()) > 1 and not previewing)

    def _selected_member(self) -> Member | None:
        rows = self.members.selectionModel().selectedRows()
        return self.members_model.member_at(rows[0].row()) if rows else None

    # -- doing ---------------------------------------------------------------------------------
    def _scope_changed(self, index: int) -> None:
        self.commands.reload(scope=str(self.scope.itemData(index)), keep=None)

    def preview(self) -> None:
        self.commands.reload(keep=str(self.keep_rule.currentData()))

    def _apply(self) -> None:
        if self._snapshot is not None and self._snapshot.keep is not None:
            self.commands.clean_up(self._snapshot.scope, self._snapshot.keep)

    def _keep(self) -> None:
        group, member = self.current_group(), self._selected_member()
        if group is not None and member is not None:
            self.commands.keep_copy(group.scope, group.recording_id, member.key)

    def _split(self) -> None:
        member = self._selected_member()
        if member is not None:
            self.commands.split(member.key)

    def _merge(self) -> None:
        ids = [g.recording_id for g in self.selected_groups()]
        if len(ids) > 1:
            self.commands.merge_recordings(ids)
