"""Light, dark or the system's look, applied live to the whole application.

"System" restores the palette the platform gave at start-up (and follows the colour scheme the
platform reports); "light" and "dark" use the Fusion style with a fixed palette, which looks the
same on every OS. Widgets that tint themselves from the palette listen for
``ApplicationPaletteChange``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

THEMES = ("system", "light", "dark")
_system: tuple[str, QPalette] | None = None


def _dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        role.Window: "#1f2125",
        role.WindowText: "#e8e9eb",
        role.Base: "#17181b",
        role.AlternateBase: "#202226",
        role.Text: "#e8e9eb",
        role.Button: "#2a2d32",
        role.ButtonText: "#e8e9eb",
        role.ToolTipBase: "#2a2d32",
        role.ToolTipText: "#e8e9eb",
        role.PlaceholderText: "#8b8f96",
        role.Highlight: "#3d7be0",
        role.HighlightedText: "#ffffff",
        role.Link: "#6ea2ff",
        role.Mid: "#3a3d43",
        role.Midlight: "#33363b",
        role.Dark: "#101113",
        role.Light: "#3c4046",
        role.Shadow: "#000000",
        role.BrightText: "#ffffff",
    }
    for r, color in colors.items():
        p.setColor(r, QColor(color))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#6b6f76"))
    return p


def _light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    palette = style.standardPalette() if style is not None else QPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fd6"))
    return palette


def apply_theme(theme: str) -> None:
    """Apply ``theme`` ("system", "light" or "dark") to the running application."""
    global _system
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    hints = QGuiApplication.styleHints()
    if theme == "dark":
        app.setStyle("Fusion")
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(_dark_palette())
    elif theme == "light":
        app.setStyle("Fusion")
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(_light_palette())
    else:
        style_name, palette = _system
        app.setStyle(style_name)
        hints.unsetColorScheme()
        app.setPalette(palette)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
