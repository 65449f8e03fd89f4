"""The pieces of the Discover section: the question bar, the busy row, the suggestion list and
the keep bar. Each is a plain widget with its controls as attributes; what they do when used is
wired by :class:`app.gui.discover.view.DiscoverView`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QWidget,
)

from app.gui.discover import work
from app.gui.discover.modes import MODES
from app.gui.discover.rows import SuggestionWidget


def _row(parent: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class QuestionBar(QWidget):
    """What to suggest, from what (a playlist or a song), how varied, and "learn again"."""

    def __init__(self, muted: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox(self)
        for key, label in MODES:
            self.mode.addItem(self.tr(label), key)
        self.mode.setAccessibleName(self.tr("What to suggest"))
        self.seed_playlist = QComboBox(self)
        self.seed_playlist.setMinimumWidth(200)
        self.seed_playlist.setAccessibleName(self.tr("Playlist to continue"))
        self.seed_track = QLineEdit(self)
        self.seed_track.setPlaceholderText(self.tr("A song you like…"))
        self.seed_track.setAccessibleName(self.tr("Song to start from"))
        self.diversity = QSlider(Qt.Orientation.Horizontal, self)
        self.diversity.setRange(0, 100)
        self.diversity.setValue(30)
        self.diversity.setFixedWidth(140)
        self.diversity.setAccessibleName(self.tr("Variety"))
        self.refresh = QPushButton(self.tr("Refresh"), self)
        self.refresh.setToolTip(self.tr("Learn again from your whole library"))

        controls = _row(self)
        controls.setSpacing(8)
        controls.addWidget(QLabel(self.tr("Suggest"), self))
        controls.addWidget(self.mode)
        controls.addWidget(self.seed_playlist)
        controls.addWidget(self.seed_track)
        controls.addStretch(1)
        closer, varied = QLabel(self.tr("Closer"), self), QLabel(self.tr("More varied"), self)
        for quiet in (closer, varied):
            quiet.setStyleSheet(f"color: {muted};")
        controls.addWidget(closer)
        controls.addWidget(self.diversity)
        controls.addWidget(varied)
        controls.addSpacing(12)
        controls.addWidget(self.refresh)
        self._tuning = (closer, self.diversity, varied, self.refresh)

    def show_seeds_for(self, mode: str, own_list: bool) -> None:
        """Show the seed field the mode needs; a panel of its own needs none of the tuning."""
        self.seed_playlist.setVisible(mode == "playlist")
        self.seed_track.setVisible(mode == "track")
        for widget in self._tuning:
            widget.setVisible(own_list)


class BusyRow(QWidget):
    """Progress of the current question (training included), with a way to cancel it."""

    def __init__(self, muted: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress_label = QLabel(self)
        self.progress_label.setStyleSheet(f"color: {muted};")
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.setFlat(True)
        busy = _row(self)
        busy.addWidget(self.progress_label)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel)

    def show_progress(self, fraction: float, message: str) -> None:
        """``fraction`` below 0: busy without a known end."""
        if fraction < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(fraction * 100))
        if message:
            self.progress_label.setText(self.tr(message))


class SuggestionList(QListWidget):
    """Suggestions as rows with reasons and badges; each row keeps its ``SuggestionRow``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAccessibleName(self.tr("Suggestions"))
        self.setSpacing(1)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        # A soft tint for the selection keeps the reasons readable; hairlines part the rows.
        tint = self.palette().color(QPalette.ColorRole.Highlight)
        line = self.palette().color(QPalette.ColorRole.Midlight).name()
        self.setStyleSheet(
            f"QListWidget::item {{ border-bottom: 1px solid {line}; }}"
            f"QListWidget::item:selected {{ background: rgba({tint.red()}, {tint.green()},"
            f" {tint.blue()}, 40); }}"
        )

    def show_rows(
        self, rows: Sequence[work.SuggestionRow], on_dismiss: Callable[[int], None]
    ) -> None:
        self.clear()
        for row in rows:
            item = QListWidgetItem(self)
            widget = SuggestionWidget(row, self)
            widget.dismissed.connect(on_dismiss)
            item.setSizeHint(QSize(0, widget.sizeHint().height()))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.setItemWidget(item, widget)

    def rows(self) -> list[work.SuggestionRow]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def selected_rows(self) -> list[work.SuggestionRow]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.selectedItems()]

    def remove_recording(self, recording_id: int) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole).recording_id == recording_id:
                self.takeItem(i)
                return


class KeepBar(QWidget):
    """Add the selected suggestions to a local playlist, or save them all as a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = QComboBox(self)
        self.target.setAccessibleName(self.tr("Playlist to add to"))
        # Room for a playlist name, not just its first letters.
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target.setMinimumContentsLength(22)
        self.add = QPushButton(self.tr("Add selected"), self)
        self.save_all = QPushButton(self.tr("Save as new playlist…"), self)
        actions = _row(self)
        actions.addWidget(QLabel(self.tr("Add to"), self))
        actions.addWidget(self.target)
        actions.addWidget(self.add)
        actions.addStretch(1)
        actions.addWidget(self.save_all)
