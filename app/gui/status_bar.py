"""Status bar pieces: running jobs (progress + cancel) and the health of each service.

Later features add jobs simply by running them through :class:`~app.gui.tasks.TaskRunner`
with a ``title``; the indicator finds them. Connected accounts report their health with
:meth:`ServiceHealthBar.set_health`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.icons import line_icon
from app.gui.services import service_label
from app.gui.tasks import Job, TaskRunner


class JobsIndicator(QWidget):
    """Shows the newest visible job; "+N more" when several run. Hidden when idle."""

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._job: Job[Any] | None = None

        self.label = QLabel(self)
        self.more = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(140)
        self.bar.setMaximumHeight(10)
        self.bar.setAccessibleName(self.tr("Progress of the current job"))
        self.cancel_button = QToolButton(self)
        self.cancel_button.setIcon(line_icon("cancel"))
        self.cancel_button.setIconSize(QSize(14, 14))
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setToolTip(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the current job"))
        self.cancel_button.clicked.connect(self._cancel)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.more)
        layout.addWidget(self.cancel_button)

        tasks.jobStarted.connect(self._refresh)
        tasks.jobFinished.connect(self._refresh)
        self._refresh()

    @property
    def current_job(self) -> Job[Any] | None:
        return self._job

    def _refresh(self, *_: object) -> None:
        jobs = self._tasks.jobs(visible_only=True)
        job = jobs[-1] if jobs else None
        if job is not self._job:
            if self._job is not None:
                self._job.progressed.disconnect(self._show_progress)
            self._job = job
            if job is not None:
                job.progressed.connect(self._show_progress)
        self.setVisible(job is not None)
        if job is None:
            return
        others = len(jobs) - 1
        self.more.setText(self.tr("+%n more", "", others) if others else "")
        self.more.setVisible(others > 0)
        self.cancel_button.setVisible(job.cancellable)
        self.cancel_button.setEnabled(not job.cancel_requested)
        self._show_progress(job.fraction, job.message)

    def _show_progress(self, fraction: float, message: str) -> None:
        job = self._job
        if job is None:
            return
        title = job.title or ""
        self.label.setText(f"{title} — {message}" if message else title)
        if fraction < 0:
            self.bar.setRange(0, 0)  # busy: the amount of work is not known
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(min(fraction, 1.0) * 1000))

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))


# Account states as cli.md's `status` names them, plus "offline" which only the app sees.
HEALTH_STATES: dict[str, tuple[str, str]] = {
    "ok": (QT_TRANSLATE_NOOP("ServiceHealth", "connected"), "#2e9d5b"),
    "syncing": (QT_TRANSLATE_NOOP("ServiceHealth", "syncing"), "#3a7bd5"),
    "paused": (QT_TRANSLATE_NOOP("ServiceHealth", "paused by a rate limit"), "#d99a1e"),
    "needs_sign_in": (QT_TRANSLATE_NOOP("ServiceHealth", "needs sign-in"), "#d9534f"),
    "error": (QT_TRANSLATE_NOOP("ServiceHealth", "error"), "#d9534f"),
    "offline": (QT_TRANSLATE_NOOP("ServiceHealth", "offline"), "#8a8f98"),
}


class _Dot(QWidget):
    def __init__(self, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = color
        self.setFixedSize(10, 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.color))
        painter.drawEllipse(1, 1, 8, 8)


class ServiceHealthBar(QWidget):
    """One small "● Spotify" chip per connected service; the tooltip says what is going on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(14)
        self._chips: dict[str, QWidget] = {}
        self.setAccessibleName(self.tr("Service health"))
        self.setVisible(False)

    def set_health(self, service: str, state: str, detail: str = "") -> None:
        """Show ``service`` as ``state`` (a key of :data:`HEALTH_STATES`); ``detail`` e.g.
        "until 14:05" for a rate-limit pause."""
        self.clear_health(service)
        words, color = HEALTH_STATES.get(state, HEALTH_STATES["error"])
        name = service_label(service)
        description = QCoreApplication.translate("ServiceHealth", words)
        tip = f"{name}: {description}" + (f" {detail}" if detail else "")

        chip = QWidget(self)
        row = QHBoxLayout(chip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(5)
        row.addWidget(_Dot(color, chip))
        row.addWidget(QLabel(name, chip))
        chip.setToolTip(tip)
        chip.setAccessibleName(tip)
        chip.setProperty("state", state)
        self._chips[service] = chip
        self._layout.addWidget(chip)
        self.setVisible(True)

    def clear_health(self, service: str) -> None:
        chip = self._chips.pop(service, None)
        if chip is not None:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.setVisible(bool(self._chips))

    def health(self, service: str) -> str | None:
        chip = self._chips.get(service)
        return None if chip is None else str(chip.property("state"))
