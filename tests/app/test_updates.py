"""The "a new version is available" notice, against a releases JSON served on loopback."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core import updates
from app.gui import updates as gui_updates
from app.gui.main_window import MainWindow
from app.gui.preferences import Preferences
from app.gui.settings.page import SettingsView
from app.gui.tasks import TaskRunner

from .support import settle

RELEASE_PAGE = "https://example.org/mixtape/releases/9.1"
RELEASES = {"releases": [{"version": "9.1", "url": RELEASE_PAGE, "notes": "Faster search"}]}


class Server:
    def __init__(self) -> None:
        self.requests: list[str] = []
        body = json.dumps(RELEASES).encode()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/releases.json"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


class Browser(QObject):
    """Stands in for the web browser: QDesktopServices hands it every https URL it opens."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    running = Server()
    monkeypatch.delenv(updates.DISABLE_ENV, raising=False)  # the app tests' conftest sets it
    monkeypatch.setenv(updates.URL_ENV, running.url)
    monkeypatch.setattr(gui_updates, "current_version", lambda: "0.1.0")
    yield running
    running.close()


@pytest.fixture
def browser(qapp: Any) -> Iterator[Browser]:
    handler = Browser()
    QDesktopServices.setUrlHandler("https", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("https")


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    return Preferences(tmp_path)


def _window(qtbot: Any, tasks: TaskRunner, preferences: Preferences, library: Any) -> MainWindow:
    window = MainWindow(tasks, preferences=preferences)
    qtbot.addWidget(window)
    window.show()
    window.set_library(library)
    settle(qtbot, tasks)
    assert window.updates.started
    return window


def _no_error_dialog() -> bool:
    return not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_a_newer_version_shows_a_notice_that_opens_the_release_page_when_clicked(
    qtbot: Any,
    tasks: TaskRunner,
    server: Server,
    browser: Browser,
    preferences: Preferences,
    fake_library: Any,
) -> None:
    window = _window(qtbot, tasks, preferences, fake_library)
    notice = window.updates.notice
    assert server.requests == ["/releases.json"]
    assert notice.isVisible()
    assert notice.url == RELEASE_PAGE
    assert "Mixtape 9.1 is available" in notice.label.text()
    assert "What's new" in notice.label.text()
    assert "Download" in notice.label.text()
    assert browser.opened == []  # nothing is opened, let alone downloaded, until a click

    notice.label.linkActivated.emit(RELEASE_PAGE)
    assert browser.opened == [RELEASE_PAGE]
    notice.close_button.click()
    assert not notice.isVisible()

    # At most once a day: a second start the same day does not ask again.
    again = _window(qtbot, tasks, preferences, fake_library)
    assert server.requests == ["/releases.json"]
    assert not again.updates.notice.isVisible()


def test_turned_off_by_the_user_nothing_is_asked(
    qtbot: Any, tasks: TaskRunner, server: Server, preferences: Preferences, fake_library: Any
) -> None:
    view = SettingsView(tasks, preferences)
    qtbot.addWidget(view)
    assert not view.check_updates.isHidden()
    assert view.check_updates.isChecked()
    assert server.url in view.updates_note.text()
    view.check_updates.setChecked(False)
    preferences.sync()
    assert Preferences(preferences.directory).check_for_updates is False

    window = _window(qtbot, tasks, preferences, fake_library)
    assert server.requests == []
    assert not window.updates.notice.isVisible()


@pytest.mark.parametrize("how", ["environment", "build constant"])
def test_a_build_that_disabled_checks_asks_nothing_and_offers_no_checkbox(
    qtbot: Any,
    tasks: TaskRunner,
    server: Server,
    preferences: Preferences,
    fake_library: Any,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    if how == "environment":
        monkeypatch.setenv(updates.DISABLE_ENV, "1")
    else:
        monkeypatch.setattr(updates, "UPDATES_ENABLED", False)
    view = SettingsView(tasks, preferences)
    qtbot.addWidget(view)
    assert view.check_updates.isHidden()
    assert "never checks" in view.updates_note.text()

    window = _window(qtbot, tasks, preferences, fake_library)
    assert server.requests == []
    assert not window.updates.notice.isVisible()


def test_a_server_that_is_down_shows_nothing_and_no_error(
    qtbot: Any,
    tasks: TaskRunner,
    server: Server,
    preferences: Preferences,
    fake_library: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv(updates.URL_ENV, f"http://127.0.0.1:{port}/releases.json")
    window = _window(qtbot, tasks, preferences, fake_library)
    assert not window.updates.notice.isVisible()
    assert _no_error_dialog()
    assert (preferences.directory / gui_updates.STATE_FILE).exists()  # not retried all day


def test_windows_in_the_other_app_tests_never_check(
    qtbot: Any, tasks: TaskRunner, fake_library: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not updates.build_allows_checks()  # tests/app/conftest.py turned checks off
    monkeypatch.delenv(updates.DISABLE_ENV)
    monkeypatch.setattr(updates, "fetch_releases", _refuse)
    window = _window(qtbot, tasks, Preferences(None), fake_library)  # no profile: no check
    assert not window.updates.notice.isVisible()


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the releases URL was asked")
