"""Everything the Accounts section asks of the store and the services, as background jobs.

A :class:`ServiceEnvironment` says where secrets, time, endpoints and the browser come from
(the OS keyring, the system clock, ``os.environ`` and ``webbrowser`` in the app; fakes in
tests). Each job builds its own ``Services`` in the worker, so no store or network call ever
runs on the UI thread. Reads are quiet jobs; connect, sync and disconnect are titled jobs that
show in the status bar and end in a fresh read.
"""

from __future__ import annotations

import os
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.service_kinds import Credentials
from app.core.syncing import Services
from app.gui.accounts.rows import CardRow, Counts, read_cards, service_counts
from app.gui.services import service_label
from app.gui.tasks import Cancelled, Progress, TaskCancelled, TaskRunner
from connectors._jobs import Clock, SystemClock
from connectors._oauth import SecretStore
from store import Library
from store.secrets import KeyringSecrets


class NoKeyring(Exception):
    """No safe OS keyring: Mixtape keeps service sign-ins nowhere else."""


def _keyring() -> SecretStore:
    secrets = KeyringSecrets.available()
    if secrets is None:
        raise NoKeyring(
            "No safe keyring is available on this computer, and Mixtape keeps service "
            "sign-ins only there."
        )
    return secrets


@dataclass
class ServiceEnvironment:
    secrets: Callable[[], SecretStore] = _keyring
    clock: Clock = field(default_factory=SystemClock)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    open_browser: Callable[[str], bool] = webbrowser.open
    sign_in_timeout: float = 180.0

    def services(self, library: Library) -> Services:
        return Services(library, self.secrets(), self.clock, self.environ)


@dataclass(frozen=True, slots=True)
class ConnectRequest:
    service: str
    allow_import: bool
    allow_write_back: bool
    credentials: Credentials = field(default_factory=Credentials)
    #: Credentials that need file or crypto work first (Apple Music's developer token made from
    #: the user's MusicKit key): run in the worker, never on the UI thread.
    prepare: Callable[[Clock], Credentials] | None = None


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    service: str
    done: int
    parked: int
    failed: int
    before: Counts
    after: Counts


class AccountActions(QObject):
    loaded = Signal(list)  # list[CardRow]
    signInUrl = Signal(str, str)  # service, the URL to open by hand if the browser did not
    deviceCode = Signal(str, str, str)  # service, where to go, the code to type there
    connected = Signal(str)  # service
    disconnected = Signal(str, object)  # service, revoked (True; False: it failed; None: no API)
    _signedOut = Signal(object)  # (service, revoked) from the worker
    synced = Signal(list)  # list[SyncOutcome]
    syncStarted = Signal(list)  # list[str]: services being synced
    failed = Signal(str, object)  # service ("" for a read), the exception
    idle = Signal()  # a titled job ended (success, failure or cancel)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.env = ServiceEnvironment()
        self.library: Library | None = None
        self._generation = 0
        self.busy: set[str] = set()
        self._signedOut.connect(lambda done: self.disconnected.emit(*done))

    def set_library(self, library: Library | None) -> None:
        self.library = library
        self.refresh()

    # -- reads --------------------------------------------------------------------------------
    def refresh(self) -> None:
        library = self.library
        if library is None:
            self.loaded.emit([])
            return
        self._generation += 1
        generation = self._generation

        def read(progress: Progress, cancelled: Cancelled) -> list[CardRow]:
            return read_cards(library)

        def deliver(rows: list[CardRow]) -> None:
            if generation == self._generation:  # a newer read overtook this one
                self.loaded.emit(rows)

        self.tasks.run(read, on_result=deliver, on_error=lambda e: self.failed.emit("", e))

    # -- changes ------------------------------------------------------------------------------
    def connect_service(self, request: ConnectRequest) -> None:
        library, env, service = self.library, self.env, request.service
        if library is None:
            return

        def work(progress: Progress, cancelled: Cancelled) -> str:
            progress(-1, self.tr("waiting for you to sign in"))
            services = env.services(library)
            services.grant(service, "import", request.allow_import)
            services.grant(service, "write_back", request.allow_write_back)
            creds = request.credentials
            if request.prepare is not None:
                creds = request.prepare(env.clock)
            services.connect(
                service,
                client_id=creds.client_id,
                open_browser=env.open_browser,
                show_url=lambda url: self.signInUrl.emit(service, url),
                timeout=env.sign_in_timeout,
                credentials=creds,
                show_code=lambda url, code: self.deviceCode.emit(service, url, code),
            )
            return service

        title = self.tr("Connecting %1").replace("%1", service_label(service))
        self._run(service, work, title, self.connected)

    def disconnect_service(self, service: str) -> None:
        library, env = self.library, self.env
        if library is None:
            return

        def work(progress: Progress, cancelled: Cancelled) -> tuple[str, bool | None]:
            return service, env.services(library).sign_out(service).revoked

        title = self.tr("Disconnecting %1").replace("%1", service_label(service))
        self._run(service, work, title, self._signedOut)

    def sync(self, services: list[str]) -> None:
        """Sync ``services`` one after the other; a cancel stops before the next one."""
        library, env = self.library, self.env
        if library is None or not services:
            return

        def work(progress: Progress, cancelled: Cancelled) -> list[SyncOutcome]:
            outcomes = []
            for i, service in enumerate(services):
                if cancelled():
                    raise TaskCancelled
                progress(i / len(services), service_label(service))
                before = _counts_for(library, service)
                report = env.services(library).sync([service])
                jobs = [j for j in report.jobs if j.service == service]
                outcomes.append(
                    SyncOutcome(
                        service,
                        sum(j.status == "done" for j in jobs),
                        sum(j.status == "parked" for j in jobs),
                        sum(j.status == "failed" for j in jobs),
                        before,
                        _counts_for(library, service),
                    )
                )
            return outcomes

        names = ", ".join(service_label(s) for s in services)
        self.syncStarted.emit(list(services))
        self._run(",".join(services), work, self.tr("Syncing %1").replace("%1", names), self.synced)

    def _run(
        self, key: str, work: Callable[[Progress, Cancelled], Any], title: str, done: Any
    ) -> None:
        self.busy.add(key)

        def finished() -> None:
            self.busy.discard(key)
            self.idle.emit()
            self.refresh()

        job = self.tasks.run(
            work,
            title=title,
            on_result=done.emit,
            on_error=lambda e: self.failed.emit(key.split(",")[0], e),
        )
        job.done.connect(finished)


def _counts_for(library: Library, service: str) -> Counts:
    return service_counts(library).get(service, Counts())
