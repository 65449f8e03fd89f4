"""The Library section: a table of every track, with a header line and calm empty states."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from app.gui.services import service_color

_Index = QModelIndex | QPersistentModelIndex


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
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        metrics = QFontMetrics(opt.font)  # type: ignore[attr-defined]
        rect = opt.rect  # type: ignore[attr-defined]
        pad_x, height = 8, metrics.height() + 4
        width = min(metrics.horizontalAdvance(text) + 2 * pad_x, rect.width() - 8)
        pill = QRectF(rect.x() + 4, rect.center().y() - height / 2 + 1, width, height)
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
        self.no_match = EmptyState("search", "", "", self)
        self.failed = EmptyState("library", self.tr("Mixtape couldn’t read your library"), "", self)
        self.failed.add_button(self.tr("Try again")).clicked.connect(self.model.reload)

        self.stack = QStackedWidget(self)
        for widget in (self.table, self.empty, self.no_match, self.failed):
            self.stack.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        model.totalChanged.connect(self._update_state)
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
        em = QFontMetrics(table.font()).averageCharWidth()
        for column, chars in ((TITLE, 34), (ARTISTS, 24), (DURATION, 8), (SERVICE, 16), (PLAYS, 7)):
            columns.resizeSection(column, em * chars)
        columns.setSectionResizeMode(ALBUM, QHeaderView.ResizeMode.Stretch)
        table.setSortingEnabled(True)
        columns.setSortIndicator(TITLE, Qt.SortOrder.AscendingOrder)
        return table

    def _update_state(self) -> None:
        total = self.model.total
        query = self.model.query
        if total:
            text = self.tr("%n track(s)", "", total)
            if query:
                text = self.tr("%n track(s) match “%1”", "", total).replace("%1", query)
            self.count_label.setText(text)
            self.stack.setCurrentWidget(self.table)
        elif query:
            self.count_label.setText("")
            self.no_match.set_text(
                self.tr("Nothing matches “%1”").replace("%1", query),
                self.tr("Try fewer words, or search for an artist or an album instead."),
            )
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.count_label.setText("")
            self.stack.setCurrentWidget(self.empty)

    def _show_failure(self, error: BaseException) -> None:
        if self.model.total:
            return  # rows are on screen; a missing page stays blank and is retried on reload
        friendly = describe_error(error)
        self.failed.set_text(friendly.title, friendly.message)
        self.stack.setCurrentWidget(self.failed)

