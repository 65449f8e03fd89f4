"""Single instance and invite links: a second launch hands its link to the running app."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalSocket

from app.cli import _without_link_arguments
from app.gui import single_instance as si
from sync.invites import InviteLink

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def invite(name: str = "Road trip") -> str:
    return InviteLink(
        relay_url="wss://relay.example.org",
        doc_id="doc-0123456789",
        epoch=1,
        key=b"k" * 32,
        owner=b"o" * 32,
        invite_id="0123456789abcdef",
        secret=b"s" * 24,
        expires_at=int(time.time() * 1000) + 3_600_000,
        name=name,
    ).to_url()


@pytest.fixture
def server(qapp: Any) -> Any:
    link_server = si.LinkServer(f"mixtape-test-{os.getpid()}-{time.monotonic_ns()}")
    assert link_server.listen()
    yield link_server
    link_server.close()


def test_server_name_is_per_user_and_per_profile(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert si.server_name(a, "ann") == si.server_name(a, "ann")
    assert si.server_name(a, "ann") != si.server_name(b, "ann")
    assert si.server_name(a, "ann") != si.server_name(a, "bob")
    assert len(si.server_name(a)) < 40
    assert "/" not in si.server_name(a)


def test_only_well_formed_invites_are_accepted() -> None:
    good = invite()
    assert si.accept_link(f"  {good}\n") == good
    for bad in (
        "mixtape://join?v=1",  # no fragment
        "mixtape://evil?cmd=rm%20-rf",
        "https://example.org/#relay=x",
        good.replace("wss%3A", "file%3A"),
        good + "x" * si.MAX_LINK_CHARS,  # too long: refused before parsing
        good.replace("join?", "join?\x00"),
        "",
    ):
        assert si.accept_link(bad) is None, bad


def test_messages_are_capped_and_checked() -> None:
    assert si.decode_message(si.encode_message(["a", "b"])) == ["a", "b"]
    assert si.decode_message(si.encode_message(["a"])[:-1]) is None  # incomplete
    with pytest.raises(ValueError, match="too large"):
        si.decode_message((si.MAX_MESSAGE_BYTES + 1).to_bytes(4, "big") + b"{}")
    with pytest.raises(ValueError, match="links"):
        si.decode_message(b"\x00\x00\x00\x02{}")


def test_hand_off_delivers_only_valid_links(qtbot: Any, server: Any) -> None:
    received: list[str] = []
    activated: list[bool] = []
    server.linkReceived.connect(received.append)
    server.activated.connect(lambda: activated.append(True))
    link = invite()
    assert si.hand_off(server.name, ["mixtape://evil", link, "not a link"])
    qtbot.waitUntil(lambda: received == [link])
    assert activated == [True]
    assert si.hand_off(server.name, [])  # a plain second launch just raises the window
    qtbot.waitUntil(lambda: activated == [True, True])
    assert received == [link]


def test_garbage_on_the_socket_is_dropped(qtbot: Any, server: Any) -> None:
    received: list[str] = []
    server.linkReceived.connect(received.append)
    socket = QLocalSocket()
    socket.connectToServer(server.name)
    assert socket.waitForConnected(2000)
    socket.write(b"\xff\xff\xff\xffgarbage")
    socket.flush()
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert si.hand_off(server.name, [invite()])  # the server still works
    qtbot.waitUntil(lambda: len(received) == 1)


def test_hand_off_to_nobody_fails_fast(qapp: Any) -> None:
    started = time.monotonic()
    assert not si.hand_off(f"mixtape-nobody-{os.getpid()}", [invite()], timeout_ms=2000)
    assert time.monotonic() - started < 2


def test_a_second_process_hands_its_link_over_and_exits(qtbot: Any, tmp_path: Path) -> None:
    """Two real processes: this one is the running app, the child is the second launch."""
    profile = tmp_path / "profile"
    first = si.LinkServer(si.server_name(profile))
    assert first.listen()
    received: list[str] = []
    first.linkReceived.connect(received.append)
    link = invite("From the second process")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.gui import single_instance as si\n"
        "app = QApplication(sys.argv[:1])\n"
        "instance = si.start(app, Path(sys.argv[1]), sys.argv[2:])\n"
        "sys.exit(0 if instance is None else 3)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", code, str(profile), link], env=env, cwd=ROOT)
    try:
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60_000)
    finally:
        if child.poll() is None:
            child.kill()
        first.close()
    assert child.returncode == 0
    assert received == [link]


def test_the_first_launch_becomes_the_server(qapp: Any, tmp_path: Path) -> None:
    instance = si.start(qapp, tmp_path / "p", [invite()])
    assert instance is not None
    try:
        assert instance.server.server.isListening()
        assert instance.first_links == [invite()] or len(instance.first_links) == 1
        assert si.start(qapp, tmp_path / "p", []) is None  # now a second launch hands off
    finally:
        instance.close()


class FakeShared:
    def __init__(self) -> None:
        self.dialogs: list[Any] = []

    def join(self) -> Any:
        class Line:
            text = ""

            def setText(self, value: str) -> None:
                self.text = value

        dialog = type("Dialog", (), {"link": Line()})()
        self.dialogs.append(dialog)
        return dialog


class FakeWindow(QObject):
    libraryChanged = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.library: object | None = None
        self.shared = FakeShared()
        self.sections: list[str] = []

    def show_section(self, key: str) -> None:
        self.sections.append(key)

    def isMinimized(self) -> bool:
        return False

    def raise_(self) -> None:
        pass

    def activateWindow(self) -> None:
        pass


def test_links_wait_for_the_library_then_open_the_join_dialog(qapp: Any) -> None:
    window = FakeWindow()
    router = si.LinkRouter(window)
    link = invite()
    router.route(link)
    assert window.shared.dialogs == []  # locked library: the link waits
    window.library = object()
    window.libraryChanged.emit(window.library)
    assert window.sections == ["shared"]
    assert [d.link.text for d in window.shared.dialogs] == [link]
    router.route(link)  # library open: straight to the dialog (never joined without a click)
    assert len(window.shared.dialogs) == 2


def test_the_cli_takes_a_bare_link_as_open_the_app() -> None:
    link = invite()
    assert _without_link_arguments([link]) == []
    assert _without_link_arguments(["--profile", "/p", link]) == ["--profile", "/p"]
    assert _without_link_arguments(["share", "join", link]) == ["share", "join", link]
