"""The track detail panel (right of Library and Playlists): one recording across services.

Shows every service appearance, plays and the last play across all sources, the playlists
holding it, and the evidence identity resolution recorded. Read in the background; a newer
selection always wins over an older read still running.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.gui.empty_state import muted_color
from app.gui.errors import describe_error
from app.gui.i18n import plural
from app.gui.library_model import format_duration
from app.gui.playlists.models import playlist_source
from app.gui.services import service_color, service_label
from app.gui.tasks import Cancelled, Progress, TaskRunner
from store.track_detail import TrackDetail, track_detail

PANEL_WIDTH = 300


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TrackDetailPanel(QScrollArea):
    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trackDetail")
        self.setAccessibleName(self.tr("Track details"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(240)
        self._tasks = tasks
        self._library: Any = None
        self._wanted: int | None = None
        self.detail: TrackDetail | None = None

        body = QWidget(self)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(16, 18, 16, 18)
        self._layout.setSpacing(6)
        self.title = self._label(scale=1.3, bold=True)
        self.artists = self._label()
        self.stats = self._label(muted=True)
        self.appearances_heading = self._heading(self.tr("On your services"))
        self.appearances = self._label(rich=True)
        self.playlists_heading = self._heading(self.tr("In playlists"))
        self.playlists = self._label()
        self.evidence_heading = self._heading(self.tr("Why these belong together"))
        self.evidence = self._label(muted=True)
        self._layout.addStretch(1)
        self.setWidget(body)
        self.clear()

    def _label(self, scale: float = 1.0, bold: bool = False, muted: bool = False,
               rich: bool = False) -> QLabel:  # fmt: skip
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        if bold:
            font.setWeight(font.Weight.DemiBold)
        label.setFont(font)
        if muted:
            palette = label.palette()
            palette.setColor(palette.ColorRole.WindowText, muted_color(palette))
            label.setPalette(palette)
        self._layout.addWidget(label)
        return label

    def _heading(self, text: str) -> QLabel:
        label = self._label(bold=True)
        label.setText(text)
        label.setContentsMargins(0, 10, 0, 0)
        return label

    def set_library(self, library: Any) -> None:
        self._library = library
        self.clear()

    def clear(self) -> None:
        self._wanted = None
        self.detail = None
        self.title.setText(self.tr("No track selected"))
        self.artists.setText(self.tr("Select a track to see it on every service, its plays and "
                                     "the playlists it is in."))  # fmt: skip
        for widget in (self.stats, self.appearances_heading, self.appearances,
                       self.playlists_heading, self.playlists, self.evidence_heading,
                       self.evidence):  # fmt: skip
            widget.setVisible(False)

    def show_track(self, track_id: int | None) -> None:
        library = self._library
        if track_id is None or library is None:
            self.clear()
            return
        self._wanted = track_id

        def read(progress: Progress, cancelled: Cancelled) -> Any:
            return track_id, track_detail(library, track_id)

        self._tasks.run(read, on_result=self._show, on_error=self._failed)

    def _show(self, result: tuple[int, TrackDetail | None]) -> None:
        track_id, detail = result
        if track_id != self._wanted:
            return  # the selection moved on meanwhile
        if detail is None:
            self.clear()
            return
        self.detail = detail
        track = detail.track
        locale = QLocale()
        self.title.setText(track.title)
        self.artists.setText(
            ", ".join(track.artists) + (f" — {track.album}" if track.album else "")
        )
        plays = plural(self.tr("%Ln play(s)", "", detail.plays), detail.plays)
        if detail.last_played is not None:
            moment = QDateTime.fromSecsSinceEpoch(int(detail.last_played.timestamp()))
            plays += " · " + self.tr("last played %1").replace(
                "%1", locale.toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)
            )
        if detail.plays_by_source and len(detail.plays_by_source) > 1:
            plays += "\n" + ", ".join(
                f"{service_label(s)}: {locale.toString(n)}"
                for s, n in detail.plays_by_source.items()
            )
        self.stats.setText(plays)
        self.appearances.setText("<br>".join(self._appearance(t) for t in detail.appearances))
        self.playlists.setText(
            "\n".join(f"{p.name} ({playlist_source(p.service)})" for p in detail.playlists)
            or self.tr("Not in any playlist yet.")
        )
        self.evidence.setText(self._evidence(detail))
        for widget in (self.stats, self.appearances_heading, self.appearances,
                       self.playlists_heading, self.playlists, self.evidence_heading,
                       self.evidence):  # fmt: skip
            widget.setVisible(True)
        self.setAccessibleDescription(f"{track.title}, {plays}")

    def _appearance(self, track: Any) -> str:
        color = service_color(track.service)
        name = _html_escape(service_label(track.service))
        title = _html_escape(track.title)
        duration = format_duration(track.duration_ms)
        return f'<span style="color:{color}; font-weight:600;">●</span> {name}: {title}' + (
            f" <span>({duration})</span>" if duration else ""
        )

    def _evidence(self, detail: TrackDetail) -> str:
        if not detail.evidence:
            if len(detail.appearances) > 1:
                return self.tr("Matched by identity resolution.")
            return self.tr(
                "Only on one service so far. When Mixtape finds this song elsewhere, the "
                "evidence that ties them together (ISRC, title, duration) will show here."
            )
        lines = []
        for item in detail.evidence:
            if item.verdict == "same":
                verdict = self.tr("Same song")
            elif item.verdict in ("different", "distinct"):
                verdict = self.tr("Kept apart")
            else:
                verdict = item.verdict
            rule = {"isrc": self.tr("same ISRC code"), "metadata": self.tr("title, artists and "
                    "duration agree")}.get(item.rule, item.rule)  # fmt: skip
            who = self.tr("you decided") if item.decided_by == "user" else self.tr("automatic")
            line = f"{verdict}: {rule} ({who}"
            if item.score is not None:
                line += self.tr(", confidence %1").replace("%1", f"{item.score:.0%}")
            line += ")"
            if item.undone:
                line += " · " + self.tr("undone")
            lines.append("• " + line)
        return "\n".join(dict.fromkeys(lines))

    def _failed(self, error: BaseException) -> None:
        self.title.setText(describe_error(error).title)
        self.artists.setText(describe_error(error).message)
