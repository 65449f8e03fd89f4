"""A short illustrated step-by-step guide: one page per step (“Step n of N”, a heading, a line
of text, an illustration drawn for Mixtape in ``resources/help``, and an optional widget),
with Back and Next. The Spotify, YouTube Music and Apple Music setup guides are built on it.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.duplicates.widgets import heading, muted


def illustration(name: str, width: int = 480) -> QPixmap:
    svg = (resources.files("resources.help") / name).read_text(encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize().scaled(QSize(width, 10_000), Qt.AspectRatioMode.KeepAspectRatio)
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


def link(url: str, parent: QWidget) -> QLabel:
    label = QLabel(f'<a href="{url}">{url}</a>', parent)
    label.setOpenExternalLinks(True)
    return label


class StepGuide(QDialog):
    """Subclasses call :meth:`add_step` for each step, then :meth:`start`. Next on the last
    step calls :meth:`finish` (by default: accept) when :meth:`can_finish` allows it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.finish_text = self.tr("Done")
        self.last_focus: QWidget | None = None
        self.pages = QStackedWidget(self)
        self.pictures: list[QLabel] = []
        self._counters: list[QLabel] = []
        self.back = QPushButton(self.tr("Back"), self)
        self.next = QPushButton(self.tr("Next"), self)
        self.next.setObjectName("guideNext")
        self.next.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        self.back.clicked.connect(lambda: self._go(-1))
        self.next.clicked.connect(self._next)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(self.pages)
        layout.addLayout(buttons)

    def add_step(self, title: str, text: str, svg: str, extra: QWidget | None = None) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        counter = muted("", page)
        self._counters.append(counter)
        layout.addWidget(counter)
        layout.addWidget(heading(title, page, 1.3))
        layout.addWidget(muted(text, page))
        picture = QLabel(page)
        picture.setPixmap(illustration(svg))
        picture.setAccessibleName(title)
        self.pictures.append(picture)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        if extra is not None:
            layout.addWidget(extra)
        layout.addStretch(1)
        self.pages.addWidget(page)

    def start(self) -> None:
        total = str(len(self._counters))
        for n, counter in enumerate(self._counters, 1):
            counter.setText(self.tr("Step %1 of %2").replace("%1", str(n)).replace("%2", total))
        self._go(0)

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    @property
    def on_last_step(self) -> bool:
        return self.step == self.pages.count() - 1

    def can_finish(self) -> bool:
        return True

    def finish(self) -> None:
        self.accept()

    def refresh(self) -> None:
        self.next.setEnabled(not self.on_last_step or self.can_finish())

    def _go(self, delta: int) -> None:
        index = max(0, min(self.pages.count() - 1, self.pages.currentIndex() + delta))
        self.pages.setCurrentIndex(index)
        self.back.setEnabled(index > 0)
        self.next.setText(self.finish_text if self.on_last_step else self.tr("Next"))
        self.refresh()
        if self.on_last_step and self.last_focus is not None:
            self.last_focus.setFocus()

    def _next(self) -> None:
        if not self.on_last_step:
            self._go(1)
        elif self.can_finish():
            self.finish()
