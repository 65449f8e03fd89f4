"""Background work for the app: run a callable in a thread pool, hear back on the main thread.

Every piece of database, file, index or network work the app does goes through here, so the
UI thread only ever paints and reacts. The shape follows Picard's ``run_task``: hand over a
callable, get its result (or its error) delivered on the main thread, always.

A task is a plain callable ``fn(progress, cancelled) -> T``:

* ``progress(fraction, message)`` reports how far it got (``fraction`` in 0..1, or a negative
  number when the amount of work is unknown); calls are throttled before they reach the UI.
* ``cancelled()`` says whether the user asked it to stop. Cancelling is cooperative: the task
  checks it between units of work and returns (or raises :class:`TaskCancelled`). Whatever it
  returns after a cancel is dropped.

:class:`TaskRunner` owns its own ``QThreadPool`` and keeps every :class:`Job` alive until it has
finished; jobs that have a title are *visible* and show in the status bar, untitled jobs (page
reads of a table, for instance) run quietly.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Shortest gap between two progress reports that reach the UI thread (seconds).
PROGRESS_INTERVAL = 0.05


class Progress(Protocol):
    def __call__(self, fraction: float, message: str = "") -> None: ...


class Cancelled(Protocol):
    def __call__(self) -> bool: ...


Task = Callable[[Progress, Cancelled], T]


class TaskCancelled(Exception):
    """Raised by a task that noticed ``cancelled()`` and wants to stop right away."""


class JobState(enum.Enum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"


class _WorkerSignals(QObject):
    """Lives on the main thread as a child of its Job; the worker emits, Qt queues the calls."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    stopped = Signal()


class _Worker(QRunnable):
    """Runs in a pool thread. The pool owns and deletes it after ``run`` (auto-delete).

    It holds no reference that could be the last one to a main-thread object: the signals
    object is a Qt child of its Job, so dropping it here never destroys it on this thread.
    """

    def __init__(self, job: Job[Any], fn: Task[Any]) -> None:
        super().__init__()
        self._fn: Task[Any] | None = fn
        self._signals = job._signals
        self._cancel = job._cancel_event
        self._last_progress = 0.0

    def _progress(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        # Throttle: a tight loop reporting per row would flood the event queue.
        if fraction < 1.0 and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._signals.progressed.emit(float(fraction), str(message))

    def run(self) -> None:
        fn, self._fn = self._fn, None
        assert fn is not None, "a worker runs once"
        try:
            result = fn(self._progress, self._cancel.is_set)
        except TaskCancelled:
            self._signals.stopped.emit()
        except Exception as e:  # delivered to the caller, which decides what people see
            self._signals.failed.emit(e)
        else:
            if self._cancel.is_set():
                self._signals.stopped.emit()
            else:
                self._signals.succeeded.emit(result)


class Job(QObject, Generic[T]):
    """One run of a task. Its signals are always emitted on the main thread."""

    progressed = Signal(float, str)  # fraction (negative = unknown), message
    succeeded = Signal(object)  # the task's return value
    failed = Signal(object)  # the exception the task raised
    cancelled = Signal()
    done = Signal()  # after any of the three outcomes above

    def __init__(self, title: str | None, cancellable: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.cancellable = cancellable
        self.state = JobState.RUNNING
        self.fraction = -1.0
        self.message = ""
        self.result: T | None = None
        self.error: BaseException | None = None
        self._cancel_event = threading.Event()
        self._signals = _WorkerSignals(self)
        self._signals.progressed.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_success)
        self._signals.failed.connect(self._on_failure)
        self._signals.stopped.connect(self._on_stopped)

    @property
    def visible(self) -> bool:
        """Jobs with a title are shown to the user (status bar); others run quietly."""
        return bool(self.title)

    @property
    def is_running(self) -> bool:
        return self.state is JobState.RUNNING

    def cancel(self) -> None:
        """Ask the task to stop; it finishes with ``cancelled`` once it notices."""
        self._cancel_event.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel_event.is_set()

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        if not self.is_running or self._cancel_event.is_set():
            return
        self.fraction = fraction
        self.message = message
        self.progressed.emit(fraction, message)

    @Slot(object)
    def _on_success(self, result: object) -> None:
        if self._cancel_event.is_set():
            self._finish(JobState.CANCELLED)
            return
        self.result = result  # type: ignore[assignment]
        self.fraction = 1.0
        self._finish(JobState.FINISHED, lambda: self.succeeded.emit(result))

    @Slot(object)
    def _on_failure(self, error: BaseException) -> None:
        if self._cancel_event.is_set():
            # The error was most likely caused by the cancel itself; nobody wants to hear it.
            logger.debug("Job %r failed after cancel: %r", self.title, error)
            self._finish(JobState.CANCELLED)
            return
        self.error = error
        self._finish(JobState.FAILED, lambda: self.failed.emit(error))

    @Slot()
    def _on_stopped(self) -> None:
        self._finish(JobState.CANCELLED)

    def _finish(self, state: JobState, announce: Callable[[], None] | None = None) -> None:
        self.state = state
        if announce is not None:
            announce()
        elif state is JobState.CANCELLED:
            self.cancelled.emit()
        self.done.emit()


class TaskRunner(QObject):
    """Runs tasks in its own thread pool and keeps the registry of jobs the UI shows."""

    jobStarted = Signal(object)  # Job
    jobFinished = Signal(object)  # Job

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        if max_threads is not None:
            self._pool.setMaxThreadCount(max_threads)
        self._jobs: list[Job[Any]] = []

    def run(
        self,
        fn: Task[T],
        *,
        title: str | None = None,
        cancellable: bool = True,
        on_result: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
    ) -> Job[T]:
        """Start ``fn`` in the pool and return its :class:`Job`.

        ``on_result``/``on_error``/``on_progress`` are conveniences, connected before the work
        starts so no outcome can be missed; they run on the main thread.
        """
        job: Job[T] = Job(title, cancellable)
        if on_result is not None:
            job.succeeded.connect(on_result)
        if on_error is not None:
            job.failed.connect(on_error)
        if on_progress is not None:
            job.progressed.connect(on_progress)
        job.done.connect(lambda: self._forget(job))
        self._jobs.append(job)
        self.jobStarted.emit(job)
        self._pool.start(_Worker(job, fn))
        return job

    def jobs(self, *, visible_only: bool = False) -> list[Job[Any]]:
        """Jobs still running, oldest first."""
        return [j for j in self._jobs if j.visible or not visible_only]

    def cancel_all(self) -> None:
        for job in self._jobs:
            job.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the pool is idle (shutdown and tests only; never from a slot)."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel everything and wait for the workers to return."""
        self.cancel_all()
        return self.wait(timeout_ms)

    def _forget(self, job: Job[Any]) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        self.jobFinished.emit(job)
