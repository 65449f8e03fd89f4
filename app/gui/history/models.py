"""Plain list models for the insights tables: top artists/tracks and the library overlap."""

from __future__ import annotations

from PySide6.QtCore import (
    QLocale,
)

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.rows_model import RowsTableModel
from app.gui.services import service_label
from store.insights import ServiceOverlap, TopEntry


def hours(ms: int) -> str:
    value = ms / 3_600_000
    return QLocale().toString(value, "f", 1 if value < 100 else 0) + " h"


class TopModel(RowsTableModel):
    columns = (
        QT_TRANSLATE_NOOP("TopModel", "#"),
        QT_TRANSLATE_NOOP("TopModel", "Name"),
        QT_TRANSLATE_NOOP("TopModel", "Plays"),
        QT_TRANSLATE_NOOP("TopModel", "Time"),
        QT_TRANSLATE_NOOP("TopModel", "Services"),
    )
    right = frozenset({0, 2, 3})

    def text(self, row: TopEntry, n: int, column: int) -> str:
        if column == 0:
            return str(n + 1)
        if column == 1:
            return row.name
        if column == 2:
            return QLocale().toString(row.listens)
        if column == 3:
            return hours(row.ms_played)
        return ", ".join(service_label(s) for s in row.services)


class OverlapModel(RowsTableModel):
    """One row per service: its library size, then how much of it each other one also has."""

    columns = (
        QT_TRANSLATE_NOOP("OverlapModel", "Service"),
        QT_TRANSLATE_NOOP("OverlapModel", "Songs in its library"),
        QT_TRANSLATE_NOOP("OverlapModel", "Also on another service"),
        QT_TRANSLATE_NOOP("OverlapModel", "Shared with"),
    )
    right = frozenset({1, 2})

    def text(self, row: ServiceOverlap, n: int, column: int) -> str:
        locale = QLocale()
        if column == 0:
            return service_label(row.service)
        if column == 1:
            return locale.toString(row.recordings)
        if column == 2:
            share = row.on_any_other / row.recordings if row.recordings else 0.0
            return f"{locale.toString(row.on_any_other)} ({share:.0%})"
        return ", ".join(
            f"{service_label(s)} {locale.toString(k)}" for s, k in row.shared_with.items() if k
        ) or self.tr("none")
