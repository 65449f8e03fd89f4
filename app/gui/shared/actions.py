"""Everything the Shared section asks of the library and the relay, as background jobs.

Reads (the list, one playlist, a track search) are quiet jobs; anything that talks to the relay
or changes the library is a titled job that shows in the status bar and ends in a fresh read.
A read that a newer one has overtaken is dropped, so the section only shows the latest state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.gui.i18n import plural
from app.gui.shared.rows import ShareDetail, read_detail, read_overview, track_key
from app.gui.tasks import Cancelled, Progress, TaskRunner
from store import Library
from store.rows import TrackRow
from sync import sharing
from sync.errors import RelayFailure
from sync.invites import qr_png

logger = logging.getLogger(__name__)

SEARCH_LIMIT = 30


@dataclass(frozen=True, slots=True)
class CreatedShare:
    """What the share dialog shows after creating: the link, its QR code, when it expires."""

    doc_id: str
    link: str
    qr_png: bytes
    expires_at: int


class SharingActions(QObject):
    overviewLoaded = Signal(list)  # list[ShareSummary]
    detailLoaded = Signal(object)  # ShareDetail
    playlistsLoaded = Signal(list)  # list[str]: the library's playlist names
    searchLoaded = Signal(list)  # list[TrackRow]
    created = Signal(object)  # CreatedShare
    joined = Signal(str)  # doc id
    changed = Signal(str)  # what was done, in words
    failed = Signal(str, object)  # (what was being done, the exception)
    busyChanged = Signal(bool)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._library: Library | None = None
        self._generation = 0
        self._busy = 0
        self.current: str | None = None  # the doc id the detail shows

    @property
    def library(self) -> Library | None:
        return self._library

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def set_library(self, library: Library | None, read: bool = True) -> None:
        self._library = library
        self.current = None
        self._generation += 1
        if read:
            self.reload()

    # -- reads -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the list (and the open playlist) again."""
        library = self._library
        if library is None or not hasattr(library, "read"):
            self.overviewLoaded.emit([])
            return
        self._generation += 1
        generation = self._generation

        def deliver(result: list[Any]) -> None:
            if generation == self._generation:
                self.overviewLoaded.emit(result)

        self._tasks.run(
            lambda p, c: read_overview(library),
            on_result=deliver,
            on_error=lambda e: self.failed.emit("read", e),
        )
        if self.current is not None:
            self.open(self.current)

    def open(self, doc_id: str) -> None:
        library = self._library
        if library is None:
            return
        self.current = doc_id

        def deliver(detail: ShareDetail) -> None:
            if self.current == doc_id:
                self.detailLoaded.emit(detail)

        self._tasks.run(
            lambda p, c: read_detail(library, doc_id),
            on_result=deliver,
            on_error=lambda e: self.failed.emit("read", e),
        )

    def load_playlists(self) -> None:
        library = self._library
        if library is None:
            return
        self._tasks.run(
            lambda p, c: [row.name for row in library.playlists.list()],
            on_result=self.playlistsLoaded.emit,
            on_error=lambda e: self.failed.emit("read", e),
        )

    def search(self, query: str) -> None:
        library = self._library
        if library is None or not query.strip():
            self.searchLoaded.emit([])
            return
        self._tasks.run(
            lambda p, c: library.tracks.page(0, SEARCH_LIMIT, query=query),
            on_result=self.searchLoaded.emit,
            on_error=lambda e: self.failed.emit("search", e),
        )

    # -- changes ---------------------------------------------------------------------------
    def sync_now(self) -> None:
        def run(library: Library, progress: Progress, cancelled: Cancelled) -> str:
            shares = read_overview(library)
            failures = 0
            for i, share in enumerate(shares):
                if cancelled():
                    break
                progress(i / max(1, len(shares)), share.name)
                try:  # one unreachable relay must not stop the others
                    sharing.sync_one(library, share.doc_id)
                except RelayFailure as e:
                    logger.info("sync of one shared playlist failed: %s", e.code)
                    failures += 1
            if failures:
                return plural(
                    self.tr(
                        "%n shared playlist(s) couldn’t sync; see the status of each.", "", failures
                    ),
                    failures,
                )
            return self.tr("Everything is synced.")

        self._change("sync", self.tr("Syncing shared playlists"), run, None, cancellable=True)

    def create(self, playlist: str, relay_url: str, me: str) -> None:
        def run(library: Library, progress: Progress, cancelled: Cancelled) -> CreatedShare:
            progress(-1, self.tr("Encrypting and sending to the relay"))
            link = sharing.create_share(library, playlist, relay_url, me)
            url = link.to_url()
            return CreatedShare(link.doc_id, url, qr_png(url), link.expires_at)

        self._change("create", self.tr("Sharing “%1”").replace("%1", playlist), run, self.created)

    def invite(self, doc_id: str) -> None:
        def run(library: Library, progress: Progress, cancelled: Cancelled) -> CreatedShare:
            link = sharing.invite(library, doc_id)
            url = link.to_url()
            return CreatedShare(link.doc_id, url, qr_png(url), link.expires_at)

        self._change("invite", self.tr("Making an invite link"), run, self.created)

    def join(self, link: str, me: str) -> None:
        def run(library: Library, progress: Progress, cancelled: Cancelled) -> str:
            progress(-1, self.tr("Joining"))
            _name, doc_id = sharing.join_share(library, link, me)
            return doc_id

        self._change("join", self.tr("Joining a shared playlist"), run, self.joined)

    def add_track(self, doc_id: str, row: TrackRow) -> None:
        def run(library: Library, progress: Progress, cancelled: Cancelled) -> str:
            sharing.add_track(library, doc_id, track_key(row))
            try:  # send it now if we can; otherwise it waits in the outbox
                sharing.sync_one(library, doc_id)
            except RelayFailure:
                return self.tr("Added “%1”; it goes out on the next sync.").replace("%1", row.title)
            return self.tr("Added “%1”.").replace("%1", row.title)

        self._change("add", self.tr("Adding a track"), run, None)

    def remove_member(self, doc_id: str, device: str, name: str) -> None:
        def run(library: Library, progress: Progress, cancelled: Cancelled) -> str:
            sharing.remove_member(library, doc_id, device)
            return self.tr("Removed %1; everyone else has a new key.").replace("%1", name)

        self._change("remove", self.tr("Removing %1").replace("%1", name), run, None)

    def leave(self, doc_id: str, name: str) -> None:
        def run(library: Library, progress: Progress, cancelled: Cancelled) -> str:
            deleted = sharing.leave(library, doc_id)
            if deleted:
                return self.tr("Deleted “%1” for everyone.").replace("%1", name)
            return self.tr("You left “%1”.").replace("%1", name)

        if self.current == doc_id:
            self.current = None
        self._change("leave", self.tr("Leaving “%1”").replace("%1", name), run, None)

    def _change(
        self,
        what: str,
        title: str,
        work: Callable[[Library, Progress, Cancelled], Any],
        result_signal: Any,
        cancellable: bool = False,
    ) -> None:
        library = self._library
        if library is None:
            return

        def succeeded(result: object) -> None:
            self._set_busy(-1)
            if result_signal is not None:
                result_signal.emit(result)
            else:
                self.changed.emit(str(result))
            self.reload()

        def failed(error: BaseException) -> None:
            self._set_busy(-1)
            self.failed.emit(what, error)
            self.reload()  # the status a failed sync wrote (offline since…) shows right away

        def cancelled() -> None:
            self._set_busy(-1)
            self.reload()

        self._set_busy(1)
        job = self._tasks.run(
            lambda progress, cancelled_: work(library, progress, cancelled_),
            title=title,
            cancellable=cancellable,
            on_result=succeeded,
            on_error=failed,
        )
        job.cancelled.connect(cancelled)

    def _set_busy(self, delta: int) -> None:
        before = self.busy
        self._busy = max(0, self._busy + delta)
        if self.busy != before:
            self.busyChanged.emit(self.busy)
