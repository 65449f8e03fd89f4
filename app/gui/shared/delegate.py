"""Two lines per shared playlist: the name, then a status dot, the status and the members."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.gui.empty_state import muted_color
from app.gui.shared.models import SubtitleRole, ToneRole

_Index = QModelIndex | QPersistentModelIndex
TONES = {"ok": "#2e9d5b", "busy": "#d89b1d", "away": "#8b8f96", "bad": "#c0392b"}
PAD = 12
DOT = 8


def list_style(palette: QPalette) -> str:
    """Rounded rows on the window background; the current one in a soft tint of the accent."""
    accent = palette.color(QPalette.ColorRole.Highlight)
    r, g, b = accent.red(), accent.green(), accent.blue()
    return f"""
QListView#sharedList {{ background: transparent; border: none; outline: 0; }}
QListView#sharedList::item {{ border-radius: 8px; margin: 2px 4px; }}
QListView#sharedList::item:selected {{ background: rgba({r}, {g}, {b}, 40); }}
QListView#sharedList::item:hover:!selected {{ background: rgba({r}, {g}, {b}, 16); }}
"""


class ShareDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, subtitle = opt.text, str(index.data(SubtitleRole) or "")
        tone = TONES.get(str(index.data(ToneRole)), TONES["away"])
        opt.text = ""
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        # The list's style sheet tints the selection softly, so the text keeps its colours.
        palette = opt.palette
        text = palette.color(QPalette.ColorRole.WindowText)
        quiet = muted_color(palette)
        rect = opt.rect.adjusted(PAD, 8, -PAD, -8)
        line = QFontMetrics(opt.font).height()
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text)
        elided = QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.x(), rect.y(), rect.width(), line), align, elided)
        top = rect.y() + line + 4
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(tone))
        painter.drawEllipse(QRectF(rect.x(), top + (line - DOT) / 2, DOT, DOT))
        painter.setFont(opt.font)
        painter.setPen(quiet)
        left = rect.x() + DOT + 7
        small = QFontMetrics(opt.font).elidedText(
            subtitle, Qt.TextElideMode.ElideRight, rect.right() - left
        )
        painter.drawText(QRect(left, top, rect.right() - left, line), align, small)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, line * 2 + 20)
