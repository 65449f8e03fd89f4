"""The Library section: a table of every track, with a header line and calm empty states."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.empty_state import EmptyState, muted_color
from app.gui.errors import describe_error
from app.gui.i18n import plural
from app.gui.library_model import (
    ALBUM,
    ARTISTS,
    DURATION,
    PLAYS,
    SERVICE,
    TITLE,
    LibraryModel,
    ServiceRole,
)
from app.gui.services import service_color, service_label

_Index = QModelIndex | QPersistentModelIndex
HORIZONTAL = Qt.Orientation.Horizontal
_BADGE_PAD = 8  # space left and right of the service name inside its badge
_CELL_PAD = 10  # space before the text of every cell (matches the style sheet below)


def table_style(name: str) -> str:
    """The calm table look (padding, flat header) for the table with object name ``name``."""
    return f"""
QTableView#{name}::item {{ padding-left: {_CELL_PAD}px; padding-right: {_CELL_PAD}px;
                           border: none; }}
QTableView#{name} QHeaderView::section {{
    background: palette(base); border: none; border-bottom: 1px solid palette(midlight);
    padding: 6px 20px 6px {_CELL_PAD + 3}px; font-weight: 600; }}
"""


_TABLE_STYLE = table_style("libraryTable")


class ServiceBadgeDelegate(QStyledItemDelegate):
    """Paints the service as a small coloured pill."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        service = index.data(ServiceRole)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not service or not text:
            super().paint(painter, option, index)
            return
        # Background (selection, alternating rows) as the style draws it, without the text.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        metrics = QFontMetrics(opt.font)
        rect = opt.rect
        pad_x, height = _BADGE_PAD, metrics.height() + 4
        width = min(metrics.horizontalAdvance(text) + 2 * pad_x + 2, rect.width() - 2 * _CELL_PAD)
        pill = QRectF(rect.x() + _CELL_PAD, rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(service_color(service)))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor("#ffffff"))
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 2 * pad_x))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 20, hint.height())


class LibraryView(QWidget):
    """Header (title + count) over the track table, or an empty state when there is nothing."""

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

        self.heading = QLabel(self.tr("Library"), self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(font.Weight.DemiBold)
        self.heading.setFont(font)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of tracks"))
        palette = self.count_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted_color(palette))
        self.count_label.setPalette(palette)

        header = QHBoxLayout()
        header.setContentsMargins(24, 18, 24, 10)
        header.setSpacing(12)
        header.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignBaseline)
        header.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBaseline)
        header.addStretch(1)
        self.service_filter = QComboBox(self)
        self.service_filter.setAccessibleName(self.tr("Show tracks from"))
        self.service_filter.setToolTip(self.tr("Show tracks from one service only"))
        self.service_filter.currentIndexChanged.connect(self._filter_changed)
        self.service_filter.setVisible(False)
        header.addWidget(self.service_filter)
        self.spread_filter = QComboBox(self)
        self.spread_filter.setAccessibleName(self.tr("Show tracks on how many services"))
        self.spread_filter.addItem(self.tr("On any service"), None)
        self.spread_filter.addItem(self.tr("On 2 or more services"), 2)
        self.spread_filter.addItem(self.tr("On 3 or more services"), 3)
        self.saved_filter = QComboBox(self)
        self.saved_filter.setAccessibleName(self.tr("Show saved or unsaved tracks"))
        self.saved_filter.addItem(self.tr("Saved or not"), None)
        self.saved_filter.addItem(self.tr("Saved / liked"), True)
        self.saved_filter.addItem(self.tr("Not saved"), False)
        for combo in (self.spread_filter, self.saved_filter):
            combo.currentIndexChanged.connect(self._other_filters_changed)
            header.addWidget(combo)

        self.table = self._make_table()
        self.empty = EmptyState(
            "library",
            self.tr("Your library is empty"),
            self.tr(
                "Everything you have saved, added to playlists or listened to on any service "
                "will be listed here. Import a data export or connect a service to fill it."
            ),
            self,
        )
        self.opening = EmptyState(
            "lock",
            self.tr("Opening your library…"),
            self.tr("Your library is encrypted on this computer; it will be here in a moment."),
            self,
        )
        self.no_match = EmptyState("search", "", "", self)
        self.failed = EmptyState("library", self.tr("Mixtape couldn’t read your library"), "", self)
        self.failed.add_button(self.tr("Try again")).clicked.connect(self.model.reload)

        self.stack = QStackedWidget(self)
        for widget in (self.table, self.opening, self.empty, self.no_match, self.failed):
            self.stack.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        model.totalChanged.connect(self._update_state)
        # New results (another query, sort or filter) start at the top, not at the old offset.
        model.modelReset.connect(self._scroll_to_top)
        model.loadFailed.connect(self._show_failure)
        self._update_state()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("libraryTable")
        table.setAccessibleName(self.tr("Tracks in your library"))
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setFrameShape(QTableView.Shape.NoFrame)
        table.setStyleSheet(_TABLE_STYLE)
        table.setItemDelegateForColumn(SERVICE, ServiceBadgeDelegate(table))

        rows = table.verticalHeader()
        rows.setVisible(False)
        # Fixed row heights: the view never measures 100,000 rows to lay them out.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(QFontMetrics(table.font()).height() * 2.0))

        columns = table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setStretchLastSection(False)
        columns.setMinimumSectionSize(48)
        metrics = QFontMetrics(table.font())
        widths = {
            TITLE: metrics.averageCharWidth() * 30,
            ARTISTS: metrics.averageCharWidth() * 22,
            DURATION: metrics.horizontalAdvance(self.model.headerData(DURATION, HORIZONTAL)) + 44,
            SERVICE: metrics.horizontalAdvance("YouTube Music") + 2 * _BADGE_PAD + 28,
            PLAYS: metrics.horizontalAdvance(self.model.headerData(PLAYS, HORIZONTAL)) + 44,
        }
        for column, width in widths.items():
            columns.resizeSection(column, width)
        columns.setSectionResizeMode(ALBUM, QHeaderView.ResizeMode.Stretch)
        table.setSortingEnabled(True)
        columns.setSortIndicator(TITLE, Qt.SortOrder.AscendingOrder)
        return table

    def set_services(self, services: list[str]) -> None:
        """Offer a filter when the library holds tracks from more than one service."""
        current = self.model.service
        self.service_filter.blockSignals(True)
        self.service_filter.clear()
        self.service_filter.addItem(self.tr("All services"), None)
        for service in services:
            self.service_filter.addItem(service_label(service), service)
        index = self.service_filter.findData(current) if current else 0
        self.service_filter.setCurrentIndex(max(index, 0))
        self.service_filter.blockSignals(False)
        self.service_filter.setVisible(len(services) > 1)

    def _filter_changed(self, index: int) -> None:
        self.model.set_service(self.service_filter.itemData(index))

    def _other_filters_changed(self) -> None:
        self.model.set_filters(self.spread_filter.currentData(), self.saved_filter.currentData())

    def _scroll_to_top(self) -> None:
        self.table.scrollToTop()

    def _update_state(self) -> None:
        total = self.model.total
        query = self.model.query
        if total:
            text = plural(self.tr("%Ln track(s)", "", total), total)
            if query:
                text = self.tr("%Ln track(s) matching “%1”", "", total).replace("%1", query)
                text = plural(text, total)
            self.count_label.setText(text)
            self.stack.setCurrentWidget(self.table)
        elif query or self.model.filtered:
            self.count_label.setText("")
            if query:
                self.no_match.set_text(
                    self.tr("Nothing matches “%1”").replace("%1", query),
                    self.tr("Try fewer words, or search for an artist or an album instead."),
                )
            else:
                self.no_match.set_text(
                    self.tr("No tracks match these filters"),
                    self.tr("Choose “All services”, “On any service” or “Saved or not”."),
                )
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.count_label.setText("")
            self.stack.setCurrentWidget(self.empty if self.model.has_source else self.opening)

    def _show_failure(self, error: BaseException) -> None:
        if self.model.total:
            return  # rows are on screen; a missing page stays blank and is retried on reload
        friendly = describe_error(error)
        self.failed.set_text(friendly.title, friendly.message)
        self.stack.setCurrentWidget(self.failed)
