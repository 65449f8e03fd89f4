"""The Playlists section: the list on the left, the open playlist in the middle, the track
detail on the right. Local playlists can be created, renamed, deleted, reordered by drag and
drop and edited; every edit goes through :class:`PlaylistEditor` and can be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.empty_state import EmptyState, muted_color
from app.gui.errors import show_error
from app.gui.i18n import plural
from app.gui.library_model import RowRole
from app.gui.library_view import ServiceBadgeDelegate, table_style
from app.gui.playlists.delegate import PlaylistDelegate
from app.gui.playlists.editor import PlaylistEditor
from app.gui.playlists.models import (
    ADDED,
    ADDED_BY,
    ARTISTS,
    DURATION,
    POSITION,
    SERVICE,
    TITLE,
    EntriesModel,
    PlaylistListModel,
    is_local,
    playlist_source,
)
from app.gui.tasks import Cancelled, Progress, TaskRunner
from app.gui.track_detail import TrackDetailPanel
from store import PlaylistRow


def _heading(text: str, parent: QWidget, scale: float = 1.6) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    return label


class PlaylistsView(QWidget):
    entriesLoaded = Signal(int)  # playlist id, once its entries are on screen
    listLoaded = Signal()
    exportRequested = Signal(int)  # playlist id

    def __init__(
        self, tasks: TaskRunner, editor: PlaylistEditor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.editor = editor
        self._library: Any = None
        self._current: PlaylistRow | None = None
        self._generation = 0
        self.list_model = PlaylistListModel(self)
        self.entries_model = EntriesModel(self)
        self.detail = TrackDetailPanel(tasks, self)

        splitter = QSplitter(self)
        splitter.setObjectName("playlistsSplitter")
        splitter.addWidget(self._make_list_panel())
        splitter.addWidget(self._make_entries_panel())
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([220, 800, 230])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        editor.changed.connect(self._edited)
        editor.listChanged.connect(self.refresh)
        editor.failed.connect(lambda e: show_error(self, e))
        self.entries_model.moveRequested.connect(self._move)
        self._show_playlist(None)

    # -- construction --------------------------------------------------------------------------
    def _make_list_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setMinimumWidth(220)
        panel.setMaximumWidth(320)
        self.heading = _heading(self.tr("Playlists"), panel)
        self.new_button = QPushButton(self.tr("New playlist"), panel)
        self.new_button.setAccessibleName(self.tr("Create a new playlist"))
        self.new_button.clicked.connect(self.ask_new_playlist)
        self.list_view = QListView(panel)
        self.list_view.setObjectName("playlistList")
        self.list_view.setAccessibleName(self.tr("Your playlists"))
        self.list_view.setModel(self.list_model)
        self.list_view.setItemDelegate(PlaylistDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setFrameShape(QListView.Shape.NoFrame)
        self.list_view.selectionModel().selectionChanged.connect(self._selected)
        self.no_playlists = EmptyState(
            "playlists",
            self.tr("No playlists yet"),
            self.tr("Import a data export (File → Import…) or make one with “New playlist”."),
            panel,
        )
        self.list_stack = QStackedWidget(panel)
        self.list_stack.addWidget(self.list_view)
        self.list_stack.addWidget(self.no_playlists)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(18, 18, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.list_stack, 1)
        return panel

    def _make_entries_panel(self) -> QWidget:
        panel = QWidget(self)
        self.name_label = _heading("", panel, 1.4)
        self.name_label.setAccessibleName(self.tr("Playlist name"))
        self.info_label = QLabel(panel)
        palette = self.info_label.palette()
        palette.setColor(palette.ColorRole.WindowText, muted_color(palette))
        self.info_label.setPalette(palette)
        self.rename_button = QPushButton(self.tr("Rename…"), panel)
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button = QPushButton(self.tr("Delete…"), panel)
        self.delete_button.clicked.connect(self.ask_delete)
        self.export_button = QPushButton(self.tr("Export…"), panel)
        self.export_button.clicked.connect(self._export_current)
        for button in (self.rename_button, self.delete_button, self.export_button):
            button.setAccessibleName(button.text().rstrip("…") + " " + self.tr("playlist"))

        self.table = QTableView(panel)
        self.table.setObjectName("entriesTable")
        self.table.setStyleSheet(table_style("entriesTable"))
        self.table.setFrameShape(QTableView.Shape.NoFrame)
        self.table.setAccessibleName(self.tr("Tracks in this playlist"))
        self.table.setModel(self.entries_model)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setItemDelegateForColumn(SERVICE, ServiceBadgeDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._entries_menu)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _: self._show_detail(current.row())
        )
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(QFontMetrics(self.table.font()).height() * 2.0))
        columns = self.table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setStretchLastSection(False)
        metrics = QFontMetrics(self.table.font())
        widths = {
            POSITION: metrics.horizontalAdvance("00000") + 28,
            ARTISTS: metrics.averageCharWidth() * 18,
            DURATION: metrics.horizontalAdvance(self.tr("Duration")) + 44,
            ADDED: metrics.horizontalAdvance("00/00/0000") + 30,
            ADDED_BY: metrics.averageCharWidth() * 10,
            SERVICE: metrics.horizontalAdvance("YouTube Music") + 44,
        }
        for column, width in widths.items():
            columns.resizeSection(column, width)
        columns.setMinimumSectionSize(40)
        columns.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)

        self.remove_action = QAction(self.tr("Remove from playlist"), self)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)

        self.nothing = EmptyState(
            "playlists",
            self.tr("Choose a playlist"),
            self.tr("Pick one on the left to see its tracks, when each was added and by whom."),
            panel,
        )
        self.empty_playlist = EmptyState(
            "playlists",
            self.tr("This playlist is empty"),
            self.tr("In the Library, select tracks, right-click and choose “Add to playlist”."),
            panel,
        )
        self.stack = QStackedWidget(panel)
        for widget in (self.table, self.nothing, self.empty_playlist):
            self.stack.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(self.name_label)
        top.addWidget(self.info_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        for button in (self.rename_button, self.delete_button, self.export_button):
            top.addWidget(button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(12, 18, 12, 6)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        return panel

    # -- loading -------------------------------------------------------------------------------
    def set_library(self, library: Any) -> None:
        self._library = library
        self.detail.set_library(library)
        self._current = None
        self.refresh()

    def refresh(self) -> None:
        library = self._library
        if library is None:
            return

        def read(progress: Progress, cancelled: Cancelled) -> list[PlaylistRow]:
            return list(library.playlists.list())

        self._tasks.run(read, on_result=self._show_list, on_error=self._list_failed)

    def _show_list(self, rows: list[PlaylistRow]) -> None:
        keep = self._current.id if self._current else None
        self.list_model.set_rows(rows)
        self.list_stack.setCurrentWidget(self.list_view if rows else self.no_playlists)
        row = self.list_model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.list_view.selectionModel().blockSignals(True)
            self.list_view.setCurrentIndex(self.list_model.index(row))
            self.list_view.selectionModel().blockSignals(False)
            self._current = self.list_model.rows()[row]
            self._update_header()
        elif keep is not None:
            self._show_playlist(None)
        self.listLoaded.emit()

    def _list_failed(self, error: BaseException) -> None:
        self.list_stack.setCurrentWidget(self.no_playlists)

    def local_playlists(self) -> list[PlaylistRow]:
        return [r for r in self.list_model.rows() if is_local(r)]

    def open_playlist(self, playlist_id: int) -> None:
        row = self.list_model.row_of(playlist_id)
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row))

    def _selected(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        self._show_playlist(indexes[0].data(RowRole) if indexes else None)

    def _show_playlist(self, row: PlaylistRow | None) -> None:
        self._current = row
        self._update_header()
        if row is None:
            self.entries_model.set_rows([], False)
            self.stack.setCurrentWidget(self.nothing)
            return
        self._load_entries(row.id)

    def _load_entries(self, playlist_id: int, keep_scroll: bool = False) -> None:
        library = self._library
        self._generation += 1
        generation = self._generation

        def read(progress: Progress, cancelled: Cancelled) -> Any:
            return generation, playlist_id, library.playlists.entries(playlist_id, plays=False)

        scroll = self.table.verticalScrollBar().value() if keep_scroll else 0
        self._tasks.run(
            read, on_result=lambda r: self._show_entries(r, scroll), on_error=self._list_failed
        )

    def _show_entries(self, result: tuple[int, int, list[Any]], scroll: int) -> None:
        generation, playlist_id, rows = result
        if generation != self._generation:
            return
        self.entries_model.set_rows(rows, is_local(self._current))
        # Columns nobody filled in (Apple's Library.xml has no dates, say) give way to titles.
        self.table.setColumnHidden(ADDED, not any(e.added_at for e in rows))
        self.table.setColumnHidden(ADDED_BY, not any(e.added_by for e in rows))
        self.stack.setCurrentWidget(self.table if rows else self.empty_playlist)
        self.table.verticalScrollBar().setValue(scroll)
        self.entriesLoaded.emit(playlist_id)

    def _update_header(self) -> None:
        row = self._current
        local = is_local(row)
        self.name_label.setText(row.name if row else "")
        if row is not None:
            count = plural(self.tr("%Ln track(s)", "", row.entries), row.entries)
            kind = playlist_source(row.service)
            self.info_label.setText(f"{kind} · {count}")
        else:
            self.info_label.setText("")
        self.rename_button.setVisible(local)
        self.delete_button.setVisible(local)
        self.export_button.setVisible(row is not None)
        self.remove_action.setEnabled(local)

    def _export_current(self) -> None:
        if self._current is not None:
            self.exportRequested.emit(self._current.id)

    def _edited(self, playlist_id: int) -> None:
        if self._current is not None and self._current.id == playlist_id:
            self._load_entries(playlist_id, keep_scroll=True)

    def _show_detail(self, row: int) -> None:
        entry = self.entries_model.entry(row)
        self.detail.show_track(entry.track.id if entry else None)

    # -- edits ---------------------------------------------------------------------------------
    def ask_new_playlist(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New playlist"), self.tr("Name:"))
        if ok and name.strip():
            self.editor.create(name.strip())

    def ask_rename(self) -> None:
        row = self._current
        if not is_local(row) or row is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Rename playlist"), self.tr("Name:"), text=row.name
        )
        if ok and name.strip() and name.strip() != row.name:
            self.editor.rename(row.id, name.strip())

    def ask_delete(self) -> None:
        row = self._current
        if not is_local(row) or row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete playlist"),
            self.tr("Delete “%1”? You can undo this with Ctrl+Z.").replace("%1", row.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.delete(row.id, row.name)

    def selected_positions(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def remove_selected(self) -> None:
        if is_local(self._current) and self._current is not None:
            self.editor.remove(self._current.id, self.selected_positions())

    def _move(self, positions: list[int], to: int) -> None:
        if is_local(self._current) and self._current is not None:
            self.editor.move(self._current.id, positions, to)

    def _entries_menu(self, point: QPoint) -> None:
        if not is_local(self._current):
            return
        menu = QMenu(self)
        menu.addAction(self.remove_action)
        menu.popup(self.table.viewport().mapToGlobal(point))
