"""The background-task helper: outcomes arrive on the main thread; cancel is cooperative."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from app.gui import tasks as tasks_module
from app.gui.status_bar import JobsIndicator
from app.gui.tasks import JobState, TaskCancelled, TaskRunner


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_result_is_delivered_on_the_main_thread(qtbot: Any, tasks: TaskRunner) -> None:
    seen: dict[str, Any] = {}

    def work(progress: Any, cancelled: Any) -> int:
        seen["worker_on_main"] = _on_main_thread()
        return 42

    def got(value: int) -> None:
        seen["value"] = value
        seen["callback_on_main"] = _on_main_thread()

    job = tasks.run(work, on_result=got)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert seen == {"worker_on_main": False, "value": 42, "callback_on_main": True}
    assert job.state is JobState.FINISHED
    assert job.result == 42


def test_error_is_delivered_on_the_main_thread(qtbot: Any, tasks: TaskRunner) -> None:
    errors: list[tuple[BaseException, bool]] = []

    def work(progress: Any, cancelled: Any) -> None:
        raise ValueError("broken file")

    job = tasks.run(work, on_error=lambda e: errors.append((e, _on_main_thread())))
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert len(errors) == 1
    error, on_main = errors[0]
    assert isinstance(error, ValueError)
    assert str(error) == "broken file"
    assert on_main
    assert job.state is JobState.FAILED


def test_progress_reaches_the_main_thread(
    qtbot: Any, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks_module, "PROGRESS_INTERVAL", 0.0)
    reports: list[tuple[float, str, bool]] = []

    def work(progress: Any, cancelled: Any) -> str:
        progress(0.25, "reading")
        progress(0.5, "halfway")
        progress(1.0, "done")
        return "ok"

    job = tasks.run(work, on_progress=lambda f, m: reports.append((f, m, _on_main_thread())))
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert reports == [(0.25, "reading", True), (0.5, "halfway", True), (1.0, "done", True)]


def test_progress_is_throttled(qtbot: Any, tasks: TaskRunner) -> None:
    reports: list[float] = []

    def work(progress: Any, cancelled: Any) -> None:
        for i in range(10_000):
            progress(i / 10_000, "")

    job = tasks.run(work, on_progress=lambda f, m: reports.append(f))
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert 1 <= len(reports) < 100


@pytest.mark.parametrize("how", ["returns", "raises"])
def test_cancel_is_cooperative_and_drops_the_result(
    qtbot: Any, tasks: TaskRunner, how: str
) -> None:
    started = threading.Event()
    results: list[Any] = []

    def work(progress: Any, cancelled: Any) -> str:
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)
        if how == "raises":
            raise TaskCancelled
        return "partial"

    job = tasks.run(work, title="Long job", on_result=results.append, on_error=results.append)
    assert started.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.cancel()
    assert results == []
    assert job.state is JobState.CANCELLED


def test_registry_lists_running_jobs(qtbot: Any, tasks: TaskRunner) -> None:
    release = threading.Event()
    job = tasks.run(lambda p, c: release.wait(5), title="Importing")
    quiet = tasks.run(lambda p, c: release.wait(5))
    assert tasks.jobs() == [job, quiet]
    assert tasks.jobs(visible_only=True) == [job]
    with qtbot.waitSignals([job.done, quiet.done], timeout=5000):
        release.set()
    assert tasks.jobs() == []


def test_status_bar_shows_a_job_and_cancels_it(qtbot: Any, tasks: TaskRunner) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    indicator = JobsIndicator(tasks, window)
    window.show()
    assert not indicator.isVisible()

    def work(progress: Any, cancelled: Any) -> None:
        progress(0.5, "track 5 of 10")
        while not cancelled():
            threading.Event().wait(0.005)

    job = tasks.run(work, title="Importing export")
    assert indicator.isVisible()
    qtbot.waitUntil(lambda: indicator.bar.value() == 500, timeout=5000)
    assert indicator.label.text() == "Importing export — track 5 of 10"
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        indicator.cancel_button.click()
    assert not indicator.isVisible()
