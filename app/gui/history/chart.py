"""A small stacked bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

One bar per month, one coloured segment per service, a legend above, hours on the left axis.
For screen readers the widget describes itself in words (accessible description) and each bar
has a tooltip with its exact numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.gui.empty_state import muted_color
from app.gui.services import service_color, service_label

_HOUR_MS = 3_600_000


@dataclass(frozen=True)
class Bar:
    label: str  # "2024-03"
    values: dict[str, float]  # service → hours


def nice_step(top: float) -> float:
    """A round gridline step giving 3 to 6 lines up to ``top``."""
    if top <= 0:
        return 1.0
    for step in (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            return float(step)
    return top / 5


class StackedBarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listeningChart")
        self.setAccessibleName(self.tr("Listening time per month, by service"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.bars: list[Bar] = []
        self.services: list[str] = []
        self._bar_rects: list[QRectF] = []

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 180)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        seen: dict[str, float] = {}
        for bar in self.bars:
            for service, hours in bar.values.items():
                seen[service] = seen.get(service, 0.0) + hours
        self.services = sorted(seen, key=lambda s: -seen[s])
        total = sum(seen.values())
        busiest = max(self.bars, key=lambda b: sum(b.values.values()), default=None)
        words = self.tr("%1 hours over %2 months").replace("%1", f"{total:.0f}")
        words = words.replace("%2", str(len(self.bars)))
        if busiest is not None:
            words += "; " + self.tr("busiest month %1").replace("%1", busiest.label)
        self.setAccessibleDescription(words)
        self.update()

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = muted_color(palette)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        self._bar_rects = []
        if not self.bars:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("No listening in this period"))  # fmt: skip
            return

        # Legend along the top.
        x, y = 8, 4
        for service in self.services:
            name = service_label(service)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(service_color(service)))
            painter.drawRoundedRect(QRectF(x, y + line / 2 - 5, 10, 10), 2, 2)
            painter.setPen(text)
            painter.drawText(QPoint(x + 15, y + metrics.ascent()), name)
            x += 15 + metrics.horizontalAdvance(name) + 18

        top_hours = max(sum(b.values.values()) for b in self.bars)
        step = nice_step(top_hours)
        lines = max(1, int(top_hours / step + 0.999))
        axis_top = step * lines
        # The widest label sets the margin ("0.5 h" is wider than "1 h").
        labels = [f"{step * i:g} h" for i in range(lines + 1)]
        left = max(metrics.horizontalAdvance(text) for text in labels) + 14
        plot = QRectF(left, y + line + 14, self.width() - left - 10,
                      self.height() - (y + line + 14) - line - 10)  # fmt: skip
        if plot.height() < 20 or plot.width() < 20:
            return

        # Gridlines and hour labels.
        grid = QColor(muted)
        grid.setAlpha(70)
        for i in range(lines + 1):
            gy = plot.bottom() - plot.height() * i / lines
            painter.setPen(grid)
            painter.drawLine(QPoint(int(plot.left()), int(gy)), QPoint(int(plot.right()), int(gy)))
            painter.setPen(muted)
            painter.drawText(QRectF(0, gy - line / 2, left - 6, line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             labels[i])  # fmt: skip

        # Bars, stacked in legend order; month labels thinned to fit.
        slot = plot.width() / len(self.bars)
        width = max(2.0, min(38.0, slot * 0.7))
        label_every = max(1, int((metrics.horizontalAdvance("2024-03") + 12) / slot) + 1)
        for n, bar in enumerate(self.bars):
            bx = plot.left() + slot * n + (slot - width) / 2
            base = plot.bottom()
            for service in self.services:
                hours = bar.values.get(service, 0.0)
                if hours <= 0:
                    continue
                h = plot.height() * hours / axis_top
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(service_color(service)))
                painter.drawRect(QRectF(bx, base - h, width, h))
                base -= h
            self._bar_rects.append(QRectF(bx, plot.top(), width, plot.height()))
            if n % label_every == 0:
                painter.setPen(muted)
                painter.drawText(QRectF(bx + width / 2 - 40, plot.bottom() + 4, 80, line),
                                 int(Qt.AlignmentFlag.AlignHCenter), bar.label)  # fmt: skip

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            for rect, bar in zip(self._bar_rects, self.bars, strict=False):
                if rect.adjusted(-2, 0, 2, 0).contains(event.pos().toPointF()):
                    QToolTip.showText(event.globalPos(), self.describe(bar), self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def describe(self, bar: Bar) -> str:
        parts = [f"{service_label(s)}: {h:.1f} h" for s, h in bar.values.items() if h > 0]
        return f"{bar.label}\n" + "\n".join(parts)


def bars_from_series(points: Sequence[object]) -> list[Bar]:
    """``store.insights.series(db, "month")`` → bars in hours."""
    bars = []
    for point in points:
        by_service = getattr(point, "by_service", {})
        values = {s: t.ms_played / _HOUR_MS for s, t in by_service.items()}
        bars.append(Bar(str(getattr(point, "bucket", "")), values))
    return bars
