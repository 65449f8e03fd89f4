"""SVG icons from ``resources/icons``, tinted to the palette so they suit light and dark themes.

The line icons are drawn with ``currentColor``; we substitute a colour from the palette and
render crisp pixmaps at several sizes (and at the screen's device pixel ratio), so the icons
stay sharp on high-DPI screens.
"""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

_SIZES = (16, 20, 24, 32, 48)


@functools.cache
def _svg_text(name: str) -> str:
    return (resources.files("resources.icons") / f"{name}.svg").read_text(encoding="utf-8")


def _render(svg: str, size: int, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pixmap = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _ratio() -> float:
    screen = QGuiApplication.primaryScreen()
    return max(1.0, screen.devicePixelRatio()) if screen is not None else 1.0


def line_icon(name: str, color: QColor | None = None, active: QColor | None = None) -> QIcon:
    """A sidebar/toolbar icon; ``active`` (if given) is used for the selected state."""
    if color is None:
        color = QGuiApplication.palette().color(QGuiApplication.palette().ColorRole.WindowText)
    icon = QIcon()
    ratio = _ratio()
    normal_svg = _svg_text(name).replace("currentColor", color.name())
    active_svg = _svg_text(name).replace("currentColor", (active or color).name())
    for size in _SIZES:
        icon.addPixmap(_render(normal_svg, size, ratio), QIcon.Mode.Normal)
        icon.addPixmap(_render(active_svg, size, ratio), QIcon.Mode.Selected)
    return icon


def app_icon() -> QIcon:
    """The Mixtape cassette."""
    icon = QIcon()
    svg = _svg_text("mixtape")
    for size in (*_SIZES, 64, 128, 256):
        icon.addPixmap(_render(svg, size, 1.0))
    return icon


def app_pixmap(size: int) -> QPixmap:
    return _render(_svg_text("mixtape"), size, _ratio())
