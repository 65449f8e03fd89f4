"""History & Insights: a period chooser, the monthly chart, top artists and tracks, overlap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.empty_state import EmptyState, muted_color
from app.gui.errors import describe_error
from app.gui.history.chart import StackedBarChart, bars_from_series
from app.gui.history.models import OverlapModel, TopModel, hours
from app.gui.i18n import QT_TRANSLATE_NOOP, plural
from app.gui.tasks import Cancelled, Progress, TaskRunner
from store.insights import Period, library_overlap, series, top, totals

PERIODS = (
    ("all", QT_TRANSLATE_NOOP("HistoryView", "All time")),
    ("30d", QT_TRANSLATE_NOOP("HistoryView", "Last 30 days")),
    ("12m", QT_TRANSLATE_NOOP("HistoryView", "Last 12 months")),
    ("year", QT_TRANSLATE_NOOP("HistoryView", "This year")),
    ("last_year", QT_TRANSLATE_NOOP("HistoryView", "Last year")),
)


def period_for(key: str, now: datetime | None = None) -> Period:
    now = now or datetime.now(UTC)

    def ms(moment: datetime) -> int:
        return int(moment.timestamp() * 1000)

    if key == "30d":
        return Period(ms(now - timedelta(days=30)), None)
    if key == "12m":
        return Period(ms(now - timedelta(days=365)), None)
    if key == "year":
        return Period(ms(datetime(now.year, 1, 1, tzinfo=UTC)), None)
    if key == "last_year":
        start = datetime(now.year - 1, 1, 1, tzinfo=UTC)
        return Period(ms(start), ms(datetime(now.year, 1, 1, tzinfo=UTC)))
    return Period()


@dataclass(frozen=True)
class Insights:
    listens: int
    ms_played: int
    months: list[Any]
    artists: list[Any]
    tracks: list[Any]
    overlap: list[Any]


def read_insights(library: Any, period: Period, limit: int = 10) -> Insights:
    with library.read() as db:
        total = totals(db, period)
        return Insights(
            total.listens,
            total.ms_played,
            series(db, "month", period),
            top(db, "artists", period, limit),
            top(db, "tracks", period, limit),
            library_overlap(db),
        )


def _table(model: Any, name: str, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setMinimumHeight(200)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class HistoryView(QWidget):
    loaded = Signal()

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._library: Any = None
        self._generation = 0
        self.insights: Insights | None = None

        heading = QLabel(self.tr("History & Insights"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(font.Weight.DemiBold)
        heading.setFont(font)
        self.period = QComboBox(self)
        self.period.setAccessibleName(self.tr("Period"))
        for key, title in PERIODS:
            self.period.addItem(self.tr(title), key)
        self.period.currentIndexChanged.connect(self.refresh)
        self.total_label = QLabel(self)
        palette = self.total_label.palette()
        palette.setColor(palette.ColorRole.WindowText, muted_color(palette))
        self.total_label.setPalette(palette)
        header = QHBoxLayout()
        header.addWidget(heading)
        header.addWidget(self.total_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(QLabel(self.tr("Period:"), self))
        header.addWidget(self.period)

        self.chart = StackedBarChart(self)
        self.top_artists = TopModel(self)
        self.top_tracks = TopModel(self)
        self.overlap = OverlapModel(self)
        content = QWidget(self)
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.addWidget(self._caption(self.tr("Listening time per month"), content), 0, 0, 1, 2)
        grid.addWidget(self.chart, 1, 0, 1, 2)
        grid.addWidget(self._caption(self.tr("Top artists"), content), 2, 0)
        grid.addWidget(self._caption(self.tr("Top tracks"), content), 2, 1)
        grid.addWidget(_table(self.top_artists, self.tr("Top artists"), content), 3, 0)
        grid.addWidget(_table(self.top_tracks, self.tr("Top tracks"), content), 3, 1)
        grid.addWidget(
            self._caption(self.tr("How much of each service’s library is elsewhere"), content),
            4, 0, 1, 2,
        )  # fmt: skip
        self.overlap_table = _table(self.overlap, self.tr("Library overlap"), content)
        self.overlap_table.setMinimumHeight(130)
        grid.addWidget(self.overlap_table, 5, 0, 1, 2)
        grid.setRowStretch(1, 3)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.empty = EmptyState(
            "history",
            self.tr("No listening history yet"),
            self.tr(
                "Import a streaming-history export (Spotify’s extended streaming history, "
                "Last.fm scrobbles, Apple Music play activity…) with File → Import… to see "
                "your months, top artists and tracks here."
            ),
            self,
        )
        self.failed = EmptyState("history", "", "", self)
        self.stack = QStackedWidget(self)
        for widget in (scroll, self.empty, self.failed):
            self.stack.addWidget(widget)
        self.content = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

    def _caption(self, text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        font = label.font()
        font.setWeight(font.Weight.DemiBold)
        label.setFont(font)
        label.setContentsMargins(0, 10, 0, 2)
        return label

    def set_library(self, library: Any) -> None:
        self._library = library
        self.refresh()

    def set_period(self, key: str) -> None:
        self.period.setCurrentIndex(max(0, self.period.findData(key)))

    def refresh(self) -> None:
        library = self._library
        if library is None:
            return
        self._generation += 1
        generation = self._generation
        period = period_for(str(self.period.currentData()))

        def read(progress: Progress, cancelled: Cancelled) -> Any:
            return generation, read_insights(library, period)

        self._tasks.run(read, on_result=self._show, on_error=self._failed)

    def _show(self, result: tuple[int, Insights]) -> None:
        generation, insights = result
        if generation != self._generation:
            return
        self.insights = insights
        self.chart.set_bars(bars_from_series(insights.months))
        self.top_artists.set_rows(insights.artists)
        self.top_tracks.set_rows(insights.tracks)
        self.overlap.set_rows(insights.overlap)
        plays = plural(self.tr("%Ln play(s)", "", insights.listens), insights.listens)
        self.total_label.setText(f"{plays} · {hours(insights.ms_played)}")
        has_any = insights.listens > 0 or bool(insights.overlap)
        if not has_any and self.period.currentData() == "all":
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.content)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        friendly = describe_error(error)
        self.failed.set_text(friendly.title, friendly.message)
        self.stack.setCurrentWidget(self.failed)
        self.loaded.emit()
