"""The Library table: every service track, paged from the store in the background.

The model holds pages of plain :class:`~store.TrackRow` objects. ``data()`` only ever reads
those pages; a row whose page is not here yet shows blank and asks for its page, which a quiet
background job fetches (a few pages at a time, the most recently asked-for first, so flinging
the scrollbar across 100,000 rows does not queue 500 reads). Old pages are dropped once more
than :data:`MAX_PAGES` are held, so memory stays flat however large the library is.

Searching, sorting and filtering all go to the store (FTS5 and ``ORDER BY``) and end in a
*reload*: count + first page fetched together, then swapped in with one model reset, so the
view never flickers through an empty state. Every reload bumps a generation number; results
of any older generation are dropped, so only the latest query's rows are ever shown.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.services import service_label
from app.gui.tasks import Cancelled, Job, Progress, TaskCancelled, TaskRunner
from store import TrackRow

logger = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_PAGES = 64  # 12,800 rows held at most
DEBOUNCE_MS = 150  # search-as-you-type waits this long after the last key
_FETCH_DELAY_MS = 10  # gather the pages a repaint asks for, then fetch the newest few
_FETCH_BATCH = 4

ServiceRole = Qt.ItemDataRole.UserRole + 1  # the service key, for the badge delegate
RowRole = Qt.ItemDataRole.UserRole  # the TrackRow itself (or None while loading)

_Index = QModelIndex | QPersistentModelIndex


class TrackSource(Protocol):
    """What the model needs from the store: ``Library.tracks`` satisfies it.

    The filters ``min_services`` and ``saved`` are passed as keywords, and only when set.
    """

    def count(
        self,
        query: str = "",
        service: str | None = None,
        *,
        min_services: int | None = None,
        saved: bool | None = None,
    ) -> int: ...

    def page(
        self,
        offset: int,
        limit: int,
        query: str = "",
        sort: str = "title",
        descending: bool = False,
        service: str | None = None,
        *,
        min_services: int | None = None,
        saved: bool | None = None,
    ) -> Sequence[TrackRow]: ...


@dataclass(frozen=True)
class Column:
    sort_key: str
    title: str  # untranslated
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("title", QT_TRANSLATE_NOOP("LibraryModel", "Title")),
    Column("artists", QT_TRANSLATE_NOOP("LibraryModel", "Artists")),
    Column("album", QT_TRANSLATE_NOOP("LibraryModel", "Album")),
    Column("duration_ms", QT_TRANSLATE_NOOP("LibraryModel", "Duration"), numeric=True),
    Column("service", QT_TRANSLATE_NOOP("LibraryModel", "Service")),
    Column("plays", QT_TRANSLATE_NOOP("LibraryModel", "Plays"), numeric=True),
)
TITLE, ARTISTS, ALBUM, DURATION, SERVICE, PLAYS = range(len(COLUMNS))


@dataclass(frozen=True)
class _Params:
    """One snapshot of what to show; a worker never reads the model's live state."""

    generation: int
    query: str
    service: str | None
    sort: str
    descending: bool
    min_services: int | None = None
    saved: bool | None = None

    def filters(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.min_services is not None and self.min_services > 1:
            found["min_services"] = self.min_services
        if self.saved is not None:
            found["saved"] = self.saved
        return found


def format_duration(ms: int | None) -> str:
    if ms is None or ms < 0:
        return ""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _read_page(source: TrackSource, params: _Params, page: int) -> list[TrackRow]:
    """Runs in a worker. A module function, so the worker holds no reference to the model."""
    return list(
        source.page(
            page * PAGE_SIZE,
            PAGE_SIZE,
            query=params.query,
            sort=params.sort,
            descending=params.descending,
            service=params.service,
            **params.filters(),
        )
    )


def _try_page(source: TrackSource, params: _Params) -> list[TrackRow] | Exception:
    try:
        return _read_page(source, params, 0)
    except Exception as e:  # handed to the worker, which raises it
        return e


class LibraryModel(QAbstractTableModel):
    loadingChanged = Signal(bool)
    totalChanged = Signal(int)
    loadFailed = Signal(object)  # the exception; the view turns it into words

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._source: TrackSource | None = None
        self._query = ""
        self._service: str | None = None
        self._min_services: int | None = None
        self._saved: bool | None = None
        self._sort = "title"
        self._descending = False
        self._generation = 0
        self._total = 0
        self._pages: OrderedDict[int, Sequence[TrackRow]] = OrderedDict()
        self._pending: dict[int, Job[Any]] = {}
        self._wanted: dict[int, None] = {}  # pages asked for, oldest first (ordered set)
        self._failed_pages: set[int] = set()
        self._reload_job: Job[Any] | None = None
        self._loading = False
        self._locale = QLocale()

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self._fetch_timer = QTimer(self, singleShot=True, interval=_FETCH_DELAY_MS)
        self._fetch_timer.timeout.connect(self._fetch_wanted)

    # -- what to show -----------------------------------------------------------------------
    def set_source(self, source: TrackSource | None) -> None:
        self._source = source
        self.reload()

    @property
    def has_source(self) -> bool:
        return self._source is not None

    @property
    def query(self) -> str:
        return self._query

    @property
    def service(self) -> str | None:
        return self._service

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def set_query(self, text: str) -> None:
        """Search as you type: the reload waits for a short pause in typing."""
        text = text.strip()
        if text == self._query:
            return
        self._query = text
        self._debounce.start()

    def flush(self) -> None:
        """Run a pending debounced search now (Enter in the search field)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.reload()

    def set_service(self, service: str | None) -> None:
        if service != self._service:
            self._service = service
            self.reload()

    def set_filters(self, min_services: int | None, saved: bool | None) -> None:
        """Only tracks whose recording is on ``min_services`` services or more; only saved
        (True) or unsaved (False) tracks. None: no filter."""
        if (min_services, saved) != (self._min_services, self._saved):
            self._min_services, self._saved = min_services, saved
            self.reload()

    @property
    def filtered(self) -> bool:
        return bool(self._service or self._params().filters())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort_key if 0 <= column < len(COLUMNS) else "title"
        descending = order == Qt.SortOrder.DescendingOrder and 0 <= column < len(COLUMNS)
        if (key, descending) != (self._sort, self._descending):
            self._sort, self._descending = key, descending
            self.reload()

    def row_at(self, row: int) -> TrackRow | None:
        """The track on ``row`` if its page is here (never reads the store)."""
        page = self._pages.get(row // PAGE_SIZE)
        if page is None:
            return None
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        row = self._row_or_request(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[column].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, ARTISTS, ALBUM):
            return self._display(row, column) or None
        if role == RowRole:
            return row
        if role == ServiceRole:
            return row.service
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column)
        return None

    def _display(self, row: TrackRow, column: int) -> str:
        if column == TITLE:
            return row.title
        if column == ARTISTS:
            return ", ".join(row.artists)
        if column == ALBUM:
            return row.album or ""
        if column == DURATION:
            return format_duration(row.duration_ms)
        if column == SERVICE:
            return service_label(row.service)
        if column == PLAYS:
            return self._locale.toString(row.plays) if row.plays else ""
        return ""

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch count + first page for the current query/sort/filter, then swap them in."""
        self._debounce.stop()
        self._generation += 1
        for job in (self._reload_job, *self._pending.values()):
            if job is not None:
                job.cancel()
        self._pending.clear()
        self._wanted.clear()
        self._failed_pages.clear()
        source = self._source
        if source is None:
            self._apply_reload((self._generation, 0, []))
            return
        params = self._params()

        def count_and_first_page(progress: Progress, cancelled: Cancelled) -> Any:
            # The count and the first page are two independent reads; SQLite runs them side by
            # side (it lets go of the GIL), so a search costs the slower of the two, not both.
            first: list[Any] = []
            reader = threading.Thread(target=lambda: first.append(_try_page(source, params)))
            reader.start()
            try:
                total = source.count(params.query, params.service, **params.filters())
            finally:
                reader.join()
            if cancelled():
                raise TaskCancelled
            rows = first[0] if first else []
            if isinstance(rows, Exception):
                raise rows
            return params.generation, total, rows if total else []

        self._set_loading(True)
        self._reload_job = self._tasks.run(
            count_and_first_page, on_result=self._apply_reload, on_error=self._reload_failed
        )

    def _params(self) -> _Params:
        return _Params(
            self._generation,
            self._query,
            self._service,
            self._sort,
            self._descending,
            self._min_services,
            self._saved,
        )

    def _apply_reload(self, result: tuple[int, int, list[TrackRow]]) -> None:
        generation, total, rows = result
        if generation != self._generation:
            logger.debug("Dropping stale library results (generation %d)", generation)
            return
        self._reload_job = None
        self.beginResetModel()
        self._total = total
        self._pages.clear()
        if rows:
            self._pages[0] = rows
        self.endResetModel()
        self._set_loading(False)
        self.totalChanged.emit(total)

    def _reload_failed(self, error: BaseException) -> None:
        self._reload_job = None
        self._set_loading(False)
        logger.warning("Library reload failed: %s", type(error).__name__)
        self.loadFailed.emit(error)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loadingChanged.emit(loading)

    def _row_or_request(self, row: int) -> TrackRow | None:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            if page_no not in self._pending and page_no not in self._failed_pages:
                self._wanted.pop(page_no, None)
                self._wanted[page_no] = None
                if not self._fetch_timer.isActive():
                    self._fetch_timer.start()
            return None
        self._pages.move_to_end(page_no)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def _fetch_wanted(self) -> None:
        source = self._source
        if source is None:
            return
        # Newest requests first: they are what the user is looking at now.
        batch: list[int] = []
        for page_no in reversed(self._wanted):
            if page_no in batch or page_no in self._pending or page_no in self._pages:
                continue
            batch.append(page_no)
            if len(batch) == _FETCH_BATCH:
                break
        self._wanted.clear()
        params = self._params()
        for page_no in batch:

            def read(progress: Progress, cancelled: Cancelled, page_no: int = page_no) -> Any:
                # A failure comes back as the result, so we know which page it was.
                try:
                    rows: Any = _read_page(source, params, page_no)
                except Exception as e:
                    rows = e
                return params.generation, page_no, rows

            self._pending[page_no] = self._tasks.run(read, on_result=self._apply_page)

    def _apply_page(self, result: tuple[int, int, list[TrackRow] | Exception]) -> None:
        generation, page_no, rows = result
        if generation != self._generation:
            return
        self._pending.pop(page_no, None)
        if isinstance(rows, Exception):
            # The page stays blank and is not asked for again until the next reload, so a
            # broken read cannot turn into a loop of failures on every repaint.
            self._failed_pages.add(page_no)
            logger.warning("Reading a library page failed: %s", type(rows).__name__)
            self.loadFailed.emit(rows)
            return
        self._pages[page_no] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page_no * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
