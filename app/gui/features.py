"""Builds the window's sections, menus and flows and wires them to the open library.

The window stays a shell (sidebar, search, status bar); this module connects the pieces:
Library + track detail, Playlists (with the undo stack), History & Insights, Settings, import
(menu and drag-and-drop), export, the first-run welcome and remembered window state.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QSplitter

from app.gui.errors import show_error
from app.gui.export_dialog import ExportDialog, ExportRunner
from app.gui.first_run import WelcomeDialog
from app.gui.first_run.welcome import ONBOARDING_KEY
from app.gui.history.view import HistoryView
from app.gui.imports import ImportController
from app.gui.menus import build_menus
from app.gui.playlists.editor import PlaylistEditor
from app.gui.playlists.view import PlaylistsView
from app.gui.settings.page import SettingsView
from app.gui.tasks import Cancelled, Progress
from app.gui.track_detail import TrackDetailPanel

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow

logger = logging.getLogger(__name__)

#: Formats for "Export selection…": format name → (what people call it, file ending).
SELECTION_FORMATS = {
    "xspf": ("XSPF playlist", "xspf"),
    "m3u8": ("M3U8 playlist", "m3u8"),
    "jspf": ("JSPF playlist", "jspf"),
    "csv": ("CSV (Exportify columns)", "csv"),
    "json": ("Mixtape JSON", "json"),
}


class Features(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        tasks = window.tasks
        self.editor = PlaylistEditor(self)
        self.detail = TrackDetailPanel(tasks, window)
        self.library_page = QSplitter(window)
        window.set_section_page("library", self.library_page)
        self.library_page.addWidget(window.library_view)
        self.library_page.addWidget(self.detail)
        window.library_view.show()  # the stack hid it when it stopped being a page
        self.library_page.setStretchFactor(0, 1)
        self.library_page.setSizes([900, 290])
        self.playlists = PlaylistsView(tasks, self.editor, window)
        window.set_section_page("playlists", self.playlists)
        self.history = HistoryView(tasks, window)
        window.set_section_page("history", self.history)
        self.settings = SettingsView(tasks, window.preferences, window)
        window.set_section_page("settings", self.settings)
        self.imports = ImportController(tasks, window, lambda: window.library)
        self.exports = ExportRunner(tasks, self)
        self.welcome: WelcomeDialog | None = None
        self._history_stale = True
        self.actions = build_menus(window, self)

        window.libraryChanged.connect(self._library_changed)
        window.filesDropped.connect(self.imports.start)
        window.pages.currentChanged.connect(self._section_shown)
        self.imports.finished.connect(self._after_import)
        self.editor.listChanged.connect(self._after_edit)
        self.settings.libraryReplaced.connect(window.set_library)
        self.settings.libraryDeleted.connect(self._deleted)
        self.settings.exportEverythingRequested.connect(lambda: self.export(everything=True))
        self.playlists.exportRequested.connect(lambda playlist_id: self.export(playlist_id))
        self.exports.finished.connect(
            lambda path: window.statusBar().showMessage(
                window.tr("Exported to %1").replace("%1", str(path)), 8000
            )
        )
        self.exports.failed.connect(lambda error: show_error(window, error))

        table = window.library_view.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._library_menu)
        table.selectionModel().currentRowChanged.connect(
            lambda current, _: self._show_library_detail(current.row())
        )
        self.restore_state()

    # -- the library -------------------------------------------------------------------------
    def _library_changed(self, library: Any) -> None:
        self.editor.set_library(library)
        self.detail.set_library(library)
        self.playlists.set_library(library)
        self.settings.set_library(library)
        self._history_stale = True
        if self.window.current_section() == "history":
            self._section_shown()
        if library is not None:
            self._check_first_run(library)

    def _section_shown(self, *_: object) -> None:
        if self.window.current_section() == "history" and self._history_stale:
            self._history_stale = False
            self.history.set_library(self.window.library)

    def refresh_all(self) -> None:
        """After an import: the table, the summary, playlists and insights read again."""
        window = self.window
        window.library_model.reload()
        window.refresh_summary()
        self.playlists.refresh()
        self._history_stale = True
        self._section_shown()
        if self.welcome is not None:
            self._offer_artists(self.welcome)

    def _after_import(self, results: list[Any]) -> None:
        self.refresh_all()

    def _after_edit(self) -> None:
        self.window.refresh_summary()

    def _show_library_detail(self, row: int) -> None:
        track = self.window.library_model.row_at(row) if row >= 0 else None
        self.detail.show_track(track.id if track is not None else None)

    def selected_track_ids(self) -> list[int]:
        model = self.window.library_model
        rows = self.window.library_view.table.selectionModel().selectedRows()
        found = [model.row_at(i.row()) for i in sorted(rows, key=lambda i: i.row())]
        return [t.id for t in found if t is not None]

    def _library_menu(self, point: QPoint) -> None:
        table = self.window.library_view.table
        menu = self.library_menu()
        menu.popup(table.viewport().mapToGlobal(point))

    def library_menu(self) -> QMenu:
        tr = self.window.tr
        ids = self.selected_track_ids()
        menu = QMenu(self.window)
        add = menu.addMenu(tr("Add to playlist"))
        add.setEnabled(bool(ids))
        for playlist in self.playlists.local_playlists():
            action = add.addAction(playlist.name)
            action.triggered.connect(lambda _=False, p=playlist: self.editor.add(p.id, ids, p.name))
        add.addSeparator()
        add.addAction(tr("New playlist…")).triggered.connect(lambda: self._new_with(ids))
        export = menu.addAction(tr("Export selection…"))
        export.setObjectName("exportSelection")
        export.setEnabled(bool(ids))
        export.triggered.connect(lambda: self.export_selection(ids))
        details = menu.addAction(tr("Show details"))
        details.triggered.connect(lambda: self.detail.show_track(ids[0] if ids else None))
        menu.addSeparator()
        track = self._first_selected()
        recording = track.recording_id if track is not None else None
        duplicates = menu.addAction(tr("Show duplicates"))
        duplicates.setObjectName("showDuplicates")
        duplicates.setEnabled(recording is not None)
        duplicates.triggered.connect(lambda: self.show_duplicates(recording))
        similar = menu.addAction(tr("Find similar"))
        similar.setObjectName("findSimilar")
        similar.setEnabled(recording is not None)
        similar.triggered.connect(lambda: self.find_similar(track))
        if recording is None and track is not None:
            hint = tr("Mixtape has not worked out which song this is yet")
            duplicates.setToolTip(hint)
            similar.setToolTip(hint)
        return menu

    def _first_selected(self) -> Any:
        """The first selected row's track (``store.TrackRow``), if its page is here."""
        model = self.window.library_model
        rows = self.window.library_view.table.selectionModel().selectedRows()
        first = min((i.row() for i in rows), default=-1)
        return model.row_at(first) if first >= 0 else None

    def show_duplicates(self, recording_id: int | None) -> None:
        """The Duplicates section, focused on the song ``recording_id``."""
        if recording_id is None:
            return
        self.window.show_section("duplicates")
        self.window.duplicates.show_recording(recording_id)

    def find_similar(self, track: Any) -> None:
        """Discover, with "more like this track" for ``track`` (a ``store.TrackRow``)."""
        if track is None or track.recording_id is None:
            return
        self.window.show_section("discover")
        self.window.discover.more_like(track.recording_id, track.title, track.artists)

    def _new_with(self, track_ids: list[int]) -> None:
        name, ok = QInputDialog.getText(
            self.window, self.window.tr("New playlist"), self.window.tr("Name:")
        )
        if ok and name.strip():
            self.editor.create(name.strip(), track_ids)

    # -- export ------------------------------------------------------------------------------
    def export(self, playlist_id: int | None = None, everything: bool = False) -> ExportDialog:
        dialog = ExportDialog(self.playlists.list_model.rows(), playlist_id, self.window)
        if everything:
            dialog.everything.setChecked(True)
        dialog.accepted.connect(lambda: self._export_chosen(dialog))
        dialog.open()
        return dialog

    def export_selection(self, track_ids: list[int], target: str | None = None) -> None:
        """Save the selected tracks as a playlist file; the format follows the file's ending."""
        if target is None:
            filters = ";;".join(f"{label} (*.{ext})" for label, ext in SELECTION_FORMATS.values())
            target, _ = QFileDialog.getSaveFileName(
                self.window, self.window.tr("Export selection"), "selection.xspf", filters
            )
        library = self.window.library
        if not target or library is None:
            return
        path = Path(target)
        fmt = next(
            (f for f, (_, ext) in SELECTION_FORMATS.items() if path.suffix == f".{ext}"), "xspf"
        )
        self.exports.start_selection(library, track_ids, fmt, path)

    def _export_chosen(self, dialog: ExportDialog) -> None:
        library = self.window.library
        if library is not None:
            self.exports.start(library, *dialog.choice())

    # -- first run ---------------------------------------------------------------------------
    def _check_first_run(self, library: Any) -> None:
        def needed(progress: Progress, cancelled: Cancelled) -> bool:
            from store.consents import Settings

            if Settings(library).get(ONBOARDING_KEY) is not None:
                return False
            return not library.tracks.page(0, 1)  # cheap, unlike counting everything

        def quietly(error: BaseException) -> None:
            logger.debug("First-run check skipped: %s", type(error).__name__)

        self.window.tasks.run(needed, on_result=self._maybe_welcome, on_error=quietly)

    def _maybe_welcome(self, needed: bool) -> None:
        if needed and self.welcome is None:
            self.show_welcome()

    def show_welcome(self) -> WelcomeDialog:
        dialog = WelcomeDialog(self.window)
        dialog.demoRequested.connect(self.load_demo)
        dialog.importRequested.connect(self.imports.choose_files)
        dialog.finishedWith.connect(self.save_onboarding)
        dialog.finished.connect(lambda _: setattr(self, "welcome", None))
        self.welcome = dialog
        dialog.open()
        return dialog

    def load_demo(self) -> None:
        library = self.window.library

        def run(progress: Progress, cancelled: Cancelled) -> Any:
            from app.core.demo import load_demo

            return load_demo(library, progress)  # type: ignore[arg-type]

        self.window.tasks.run(
            run,
            title=self.window.tr("Loading the demo library"),
            on_result=lambda _: self.refresh_all(),
            on_error=self._show_error,
        )

    def _offer_artists(self, dialog: WelcomeDialog) -> None:
        library = self.window.library

        def read(progress: Progress, cancelled: Cancelled) -> list[str]:
            from store.queries import artist_names

            with library.read() as db:  # type: ignore[union-attr]
                return artist_names(db, 300)

        self.window.tasks.run(read, on_result=dialog.set_artists)

    def save_onboarding(self, answers: dict[str, Any]) -> None:
        library = self.window.library

        def save(progress: Progress, cancelled: Cancelled) -> None:
            from store.consents import Settings

            Settings(library).set(ONBOARDING_KEY, answers)  # type: ignore[arg-type]

        self.window.tasks.run(save, on_error=self._show_error)

    def _show_error(self, error: BaseException) -> None:
        show_error(self.window, error)

    # -- erasure -----------------------------------------------------------------------------
    def _deleted(self) -> None:
        window = self.window
        window.library = None
        box = QMessageBox(
            QMessageBox.Icon.Information,
            window.tr("Everything was deleted"),
            window.tr(
                "Your library and everything Mixtape kept are gone from this computer. "
                "Mixtape will close now."
            ),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.setObjectName("deletedBox")
        box.finished.connect(window.close)
        box.open()

    # -- remembered state --------------------------------------------------------------------
    def restore_state(self) -> None:
        prefs = self.window.preferences
        for key, apply in (
            ("window/geometry", self.window.restoreGeometry),
            ("window/state", self.window.restoreState),
            ("library/columns", self.window.library_view.table.horizontalHeader().restoreState),
            ("library/splitter", self.library_page.restoreState),
            ("playlists/splitter", self.playlists.splitter.restoreState),
        ):
            value = prefs.bytes(key)
            if value is not None:
                apply(value)

    def save_state(self) -> None:
        prefs = self.window.preferences
        prefs.set_value("window/geometry", self.window.saveGeometry())
        prefs.set_value("window/state", self.window.saveState())
        header = self.window.library_view.table.horizontalHeader()
        prefs.set_value("library/columns", header.saveState())
        prefs.set_value("library/splitter", self.library_page.saveState())
        prefs.set_value("playlists/splitter", self.playlists.splitter.saveState())
