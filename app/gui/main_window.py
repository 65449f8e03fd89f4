"""The main window: sidebar of sections, a toolbar with global search, and a status bar.

Sections not built yet show an empty state (see :mod:`app.gui.sections`); a feature that builds
one replaces its page with :meth:`MainWindow.set_section_page`. Jobs show in the status bar by
being run through the window's :class:`~app.gui.tasks.TaskRunner` with a title.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.gui.empty_state import EmptyState
from app.gui.i18n import plural
from app.gui.icons import app_icon, line_icon
from app.gui.imports import dropped_paths
from app.gui.library_model import LibraryModel, TrackSource
from app.gui.library_view import LibraryView
from app.gui.preferences import Preferences
from app.gui.sections import SECTIONS
from app.gui.services import service_label
from app.gui.status_bar import JobsIndicator, ServiceHealthBar
from app.gui.tasks import Cancelled, Progress, TaskRunner
from app.gui.updates import UpdateChecker

logger = logging.getLogger(__name__)


class OpenLibrary(Protocol):
    """What the window needs from an open ``store.Library`` (a fake in tests)."""

    @property
    def tracks(self) -> TrackSource: ...

    def status(self) -> dict[str, Any]: ...


def _sidebar_style(palette: QPalette) -> str:
    """A soft tint of the accent colour for the current section, a fainter one on hover."""
    accent = palette.color(QPalette.ColorRole.Highlight)
    r, g, b = accent.red(), accent.green(), accent.blue()
    return f"""
QListWidget#sidebar {{ border: none; background: transparent; outline: 0; }}
QListWidget#sidebar::item {{ padding: 7px 10px; margin: 1px 10px; border-radius: 7px;
                             color: palette(window-text); }}
QListWidget#sidebar::item:selected {{ background: rgba({r}, {g}, {b}, 46); }}
QListWidget#sidebar::item:hover:!selected {{ background: rgba({r}, {g}, {b}, 18); }}
"""


class MainWindow(QMainWindow):
    libraryChanged = Signal(object)  # the open library (or None): every section reloads
    filesDropped = Signal(list)  # list[Path] dropped onto the window (an import)

    def __init__(
        self,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.preferences = preferences or Preferences(None)
        self.library: OpenLibrary | None = None
        self.setAcceptDrops(True)
        self.setWindowTitle(self.tr("Mixtape"))
        self.setWindowIcon(app_icon())
        self.resize(1200, 760)

        self.library_model = LibraryModel(tasks, self)
        self.library_view = LibraryView(self.library_model, self)
        self.search = self._make_search()
        self.addToolBar(self._make_toolbar())

        self.sidebar = QListWidget(self)
        self.pages = QStackedWidget(self)
        self._build_sections()

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._sidebar_panel())
        divider = QFrame(central)
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Plain)
        divider.setStyleSheet(f"color: {self.palette().color(QPalette.ColorRole.Mid).name()};")
        row.addWidget(divider)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Library summary"))
        self.health = ServiceHealthBar(self)
        self.jobs = JobsIndicator(tasks, self)
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        status.setContentsMargins(14, 0, 10, 2)
        status.addWidget(self.summary, 1)
        status.addPermanentWidget(self.health)
        status.addPermanentWidget(self.jobs)

        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
        self.summary.setText(self.tr("Opening your library…"))
        # Sections, menus and shortcuts live in their own modules; this builds and wires them.
        from app.gui.accounts import install as install_accounts
        from app.gui.discover import install as install_discover
        from app.gui.duplicates import install as install_duplicates
        from app.gui.features import Features
        from app.gui.shared import install as install_shared

        self.features = Features(self)
        self.duplicates = install_duplicates(self)
        self.discover = install_discover(self)
        self.shared = install_shared(self)
        self.accounts = install_accounts(self)
        # "A new version is available": asked once the first library opened (app.gui.updates).
        self.updates = UpdateChecker(self)

    # -- construction --------------------------------------------------------------------------
    def _make_search(self) -> QLineEdit:
        search = QLineEdit(self)
        search.setObjectName("globalSearch")
        search.setPlaceholderText(self.tr("Search titles, artists, albums"))
        search.setAccessibleName(self.tr("Search your library"))
        search.setToolTip(
            self.tr("Search your library (%1)").replace(
                "%1",
                QKeySequence(QKeySequence.StandardKey.Find).toString(
                    QKeySequence.SequenceFormat.NativeText
                ),
            )
        )
        search.setClearButtonEnabled(True)
        search.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        search.setMinimumWidth(280)
        search.setMaximumWidth(440)
        search.textChanged.connect(self._search_changed)
        search.returnPressed.connect(self.library_model.flush)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), search, search.clear)
        return search

    def _make_toolbar(self) -> QToolBar:
        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setIconSize(QSize(28, 28))
        toolbar.toggleViewAction().setVisible(False)
        toolbar.setContentsMargins(8, 6, 8, 6)
        brand = QLabel(self)
        brand.setPixmap(app_icon().pixmap(28, 28))
        brand.setContentsMargins(8, 0, 6, 0)
        name = QLabel(self.tr("Mixtape"), self)
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(font.Weight.DemiBold)
        name.setFont(font)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(brand)
        toolbar.addWidget(name)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search)
        edge = QWidget(self)
        edge.setFixedWidth(8)
        toolbar.addWidget(edge)
        return toolbar

    def _sidebar_panel(self) -> QWidget:
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(224)
        self.sidebar.setStyleSheet(_sidebar_style(self.palette()))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel = QWidget(self)
        layout = QHBoxLayout(panel)
        layout.setContentsMargins(0, 12, 0, 12)
        layout.addWidget(self.sidebar)
        return panel

    def _build_sections(self) -> None:
        text = self.palette().color(QPalette.ColorRole.WindowText)
        selected = self.palette().color(QPalette.ColorRole.Highlight)
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.sidebar.setFont(font)
        self._section_keys: list[str] = []
        for section in SECTIONS:
            title = QCoreApplication.translate("Sections", section.title)
            item = QListWidgetItem(line_icon(section.icon, text, selected), title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.sidebar.addItem(item)
            self._section_keys.append(section.key)
            if section.key == "library":
                page: QWidget = self.library_view
            else:
                page = EmptyState(
                    section.icon,
                    QCoreApplication.translate("Sections", section.heading),
                    QCoreApplication.translate("Sections", section.body),
                    self,
                )
            page.setObjectName(f"section-{section.key}")
            self.pages.addWidget(page)

    # -- sections -------------------------------------------------------------------------------
    def section_keys(self) -> list[str]:
        return list(self._section_keys)

    def current_section(self) -> str:
        return self._section_keys[self.sidebar.currentRow()]

    def show_section(self, key: str) -> None:
        self.sidebar.setCurrentRow(self._section_keys.index(key))

    def section_page(self, key: str) -> QWidget:
        page = self.pages.widget(self._section_keys.index(key))
        assert page is not None
        return page

    def set_section_page(self, key: str, page: QWidget) -> None:
        """Replace a section's page (a feature that builds the section calls this)."""
        index = self._section_keys.index(key)
        old = self.section_page(key)
        page.setObjectName(f"section-{key}")
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(old)
        if old is not self.library_view:  # the library table lives on inside the new page
            old.deleteLater()
        if self.sidebar.currentRow() == index:
            self.pages.setCurrentIndex(index)

    # -- search ---------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        if text.strip() and self.current_section() != "library":
            self.show_section("library")
        self.library_model.set_query(text)

    # -- library --------------------------------------------------------------------------------
    def set_library(self, library: OpenLibrary | None) -> None:
        """Show ``library``: every section reloads and the summary is read in the background."""
        self.library = library
        self.library_model.set_source(library.tracks if library is not None else None)
        self.libraryChanged.emit(library)
        self.refresh_summary()

    def refresh_summary(self) -> None:
        library = self.library
        if library is None:
            return

        def read_status(progress: Progress, cancelled: Cancelled) -> dict[str, Any]:
            read = getattr(library, "read", None)
            if read is None:  # a stand-in library (tests) has only the full status
                return library.status()
            from store.queries import library_summary

            with read() as db:
                return library_summary(db)

        self.tasks.run(read_status, on_result=self._show_summary, on_error=self._summary_failed)

    def _show_summary(self, status: dict[str, Any]) -> None:
        tracks = int(status.get("service_tracks", 0))
        playlists = int(status.get("playlists", 0))
        by_service = status.get("by_service", {})
        services = sorted(s for s, counts in by_service.items() if counts.get("service_tracks"))
        self.library_view.set_services(services)
        parts = [
            plural(self.tr("%Ln track(s)", "", tracks), tracks),
            plural(self.tr("%Ln playlist(s)", "", playlists), playlists),
        ]
        if services:
            parts.append(", ".join(service_label(s) for s in services))
        self.summary.setText("  ·  ".join(parts))

    def _summary_failed(self, error: BaseException) -> None:
        logger.warning("Reading the library summary failed: %s", type(error).__name__)
        self.summary.setText("")

    # -- drag and drop: files, folders and zips are imports ----------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()) and self.library is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths and self.library is not None:
            event.acceptProposedAction()
            self.filesDropped.emit(paths)
        else:
            event.ignore()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_section_keys"):
            self.sidebar.setStyleSheet(_sidebar_style(self.palette()))
            text = self.palette().color(QPalette.ColorRole.WindowText)
            selected = self.palette().color(QPalette.ColorRole.Highlight)
            for row, section in enumerate(SECTIONS):
                item = self.sidebar.item(row)
                if item is not None:
                    item.setIcon(line_icon(section.icon, text, selected))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.features.save_state()
        self.tasks.cancel_all()
        super().closeEvent(event)
