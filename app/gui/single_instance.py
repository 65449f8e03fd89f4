"""One Mixtape window per user and profile; invite links reach it from anywhere.

A second launch (a ``mixtape://join?…#…`` link clicked in a browser or a chat app, or the app
started again) connects to the running app over a ``QLocalServer``, hands over its links and
exits. On macOS the system delivers links as a ``QFileOpenEvent`` instead of an argument.

Links are untrusted input: a message is length-capped, every link is capped and *parsed* by
sync's invite parser (``sync.invites.InviteLink.parse``) and dropped if it is not an invite.
Nothing is opened, followed or executed; an accepted link is only put into the join dialog,
where the user reads what it is and decides.

Wire format (one message per connection): ``u32 big-endian length`` + UTF-8 JSON
``{"links": [str, ...]}``; the server answers ``b"ok"`` and closes.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import logging
import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

from sync.errors import SyncError
from sync.invites import SCHEME, InviteLink

logger = logging.getLogger(__name__)

#: A link longer than this is refused before it is parsed (same cap as the join dialog).
MAX_LINK_CHARS = 4096
MAX_LINKS = 8
MAX_MESSAGE_BYTES = 4 + MAX_LINKS * (MAX_LINK_CHARS + 16) + 64
HAND_OFF_TIMEOUT_MS = 3000
_HEADER = struct.Struct(">I")
_ACK = b"ok"
#: Tests and ``make package-test``: quit this many milliseconds after the window is shown.
QUIT_AFTER_SHOW_ENV = "MIXTAPE_QUIT_AFTER_SHOW"


def server_name(profile_dir: Path, user: str | None = None) -> str:
    """Per user and per profile, short (Unix socket paths are limited) and free of separators."""
    if user is None:
        try:
            user = getpass.getuser()
        except Exception:  # no user name in the environment (a sandbox): still per-uid
            user = str(getattr(os, "getuid", lambda: 0)())
    digest = hashlib.sha256(f"{user}\0{Path(profile_dir).resolve()}".encode()).hexdigest()
    return f"mixtape-{digest[:24]}"


def is_link_argument(text: str) -> bool:
    """True for an argument that looks like one of our links (it is validated later)."""
    return text[: len(SCHEME) + 1].lower() == f"{SCHEME}:"


def accept_link(text: str) -> str | None:
    """The link, trimmed, if it is a well-formed invite link; ``None`` otherwise (logged)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > MAX_LINK_CHARS:
        logger.info("a link was refused: empty or too long (%d characters)", len(text))
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        logger.info("a link was refused: control characters")
        return None
    try:
        InviteLink.parse(text)
    except SyncError:
        logger.info("a link that is not a Mixtape invite was refused")
        return None
    return text


def links_in(argv: Iterable[str]) -> list[str]:
    """The link arguments in ``argv`` (unvalidated; :func:`accept_link` decides)."""
    return [a for a in argv if is_link_argument(a)][:MAX_LINKS]


def encode_message(links: list[str]) -> bytes:
    body = json.dumps({"links": links[:MAX_LINKS]}, ensure_ascii=False).encode("utf-8")
    return _HEADER.pack(len(body)) + body


def decode_message(data: bytes) -> list[str] | None:
    """The links of a complete message, ``None`` while incomplete; raises ValueError if bad."""
    if len(data) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack_from(data)
    if size > MAX_MESSAGE_BYTES:
        raise ValueError("message too large")
    if len(data) < _HEADER.size + size:
        return None
    document = json.loads(data[_HEADER.size : _HEADER.size + size].decode("utf-8"))
    links = document.get("links") if isinstance(document, dict) else None
    if not isinstance(links, list):
        raise ValueError("no links list")
    return [x for x in links[:MAX_LINKS] if isinstance(x, str)]


def hand_off(name: str, links: list[str], timeout_ms: int = HAND_OFF_TIMEOUT_MS) -> bool:
    """Give ``links`` to the app listening on ``name``; True once it acknowledged them.

    Runs a local event loop (a Qt application must exist), so the server may even live in the
    same thread (the self-test) — blocking ``waitFor…`` calls would starve it.
    """
    socket = QLocalSocket()
    loop = QEventLoop()
    reply = bytearray()

    def connected() -> None:
        socket.write(encode_message(links))
        socket.flush()

    def ready() -> None:
        reply.extend(bytes(socket.readAll().data()))
        if len(reply) >= len(_ACK):
            loop.quit()

    socket.connected.connect(connected)
    socket.readyRead.connect(ready)
    socket.disconnected.connect(loop.quit)
    socket.errorOccurred.connect(lambda _error: loop.quit())
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    socket.connectToServer(name)
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        loop.exec()
    timer.stop()
    if socket.isOpen():  # reading a socket that never connected only makes Qt complain
        reply.extend(bytes(socket.readAll().data()))
    socket.abort()
    return bytes(reply).startswith(_ACK)


class LinkServer(QObject):
    """The running app's end: accepts hand-offs and emits each valid link once."""

    linkReceived = Signal(str)  # a validated mixtape://join link
    activated = Signal()  # another launch wanted the window (with or without a link)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[int, bytearray] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed app is removed first."""
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.name)
            return self.server.listen(self.name)
        logger.warning("single-instance server: %s", self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                break
            self._buffers[id(socket)] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))
            QTimer.singleShot(HAND_OFF_TIMEOUT_MS, socket, socket.abort)  # slow or silent peer
            if socket.bytesAvailable():
                self._read(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(id(socket), None)
        with contextlib.suppress(RuntimeError):  # Qt may have deleted it already
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(id(socket))
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        try:
            links = decode_message(bytes(buffer))
            if links is None and len(buffer) > MAX_MESSAGE_BYTES:
                raise ValueError("message too large")
        except (ValueError, UnicodeDecodeError):
            logger.info("single-instance server: a malformed message was dropped")
            self._buffers.pop(id(socket), None)
            socket.abort()
            return
        if links is None:
            return  # more to come
        self._buffers.pop(id(socket), None)
        socket.write(_ACK)
        socket.flush()
        socket.disconnectFromServer()
        self.activated.emit()
        accepted = [x for x in (accept_link(link) for link in links) if x is not None]
        logger.info("another launch handed over %d link(s), %d accepted", len(links), len(accepted))
        for link in accepted:
            self.linkReceived.emit(link)


class FileOpenFilter(QObject):
    """macOS delivers a clicked ``mixtape://`` link to the running app as a QFileOpenEvent."""

    def __init__(self, server: LinkServer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = server

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            url = event.url().toString()  # type: ignore[attr-defined]
            if is_link_argument(url):
                accepted = accept_link(url)
                if accepted is not None:
                    self.server.linkReceived.emit(accepted)
                return True
        return False


class LinkRouter(QObject):
    """Puts a received invite link into the Shared section's join dialog (never joins by itself).

    Links that arrive before the library is open wait for it (the join dialog needs it).
    """

    def __init__(self, window: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.pending: list[str] = []
        window.libraryChanged.connect(self._library_changed)

    def route(self, link: str) -> None:
        raise_window(self.window)
        if getattr(self.window, "library", None) is None:
            self.pending.append(link)
            return
        self._open_join(link)

    def _library_changed(self, library: object) -> None:
        if library is not None and self.pending:
            link, self.pending = self.pending[-1], []
            self._open_join(link)

    def _open_join(self, link: str) -> None:
        shared = getattr(self.window, "shared", None)
        if shared is None:
            logger.warning("no Shared section to take an invite link")
            return
        self.window.show_section("shared")
        dialog = shared.join()
        dialog.link.setText(link)  # checked as it is shown; joining needs the user's click


def raise_window(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


class SingleInstance(QObject):
    """What ``run_gui`` holds: the server, the macOS filter and (after ``attach``) the router."""

    def __init__(self, app: QApplication, server: LinkServer, first_links: list[str]) -> None:
        super().__init__(app)
        self.app = app
        self.server = server
        self.filter = FileOpenFilter(server, self)
        app.installEventFilter(self.filter)
        self.first_links = first_links
        self.router: LinkRouter | None = None
        app.aboutToQuit.connect(self.close)

    def attach(self, window: Any) -> None:
        """Route links (and "show yourself" requests) to ``window``; then honour argv's link."""
        router = LinkRouter(window, self)
        self.router = router
        self.server.linkReceived.connect(router.route)
        self.server.activated.connect(lambda: raise_window(window))
        for link in self.first_links:
            router.route(link)
        self.first_links = []
        _quit_after_show(self.app, window)

    def close(self) -> None:
        self.app.removeEventFilter(self.filter)
        self.server.close()


def start(
    app: QApplication, profile_dir: Path, argv: list[str] | None = None
) -> SingleInstance | None:
    """Become the profile's running app, or hand ``argv``'s links to it and return ``None``.

    If neither works (the socket cannot be created), the app runs on without the channel.
    """
    name = server_name(profile_dir)
    arguments = sys.argv[1:] if argv is None else argv
    valid = [x for x in (accept_link(a) for a in links_in(arguments)) if x is not None]
    if hand_off(name, valid, timeout_ms=1000):
        logger.info("another Mixtape window is open; the link went there")
        return None
    server = LinkServer(name)
    if server.listen():
        logger.info("listening for links from other launches")
    else:
        logger.warning("links from other launches will not reach this window")
    return SingleInstance(app, server, valid)


def _quit_after_show(app: QApplication, window: QWidget) -> None:
    """``MIXTAPE_QUIT_AFTER_SHOW=MS``: quit MS ms after the window is exposed (package tests)."""
    value = os.environ.get(QUIT_AFTER_SHOW_ENV)
    if not value:
        return
    delay = int(value) if value.isdigit() else 0

    def quit_when_exposed() -> None:
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            sys.stderr.write(f"mixtape: window shown ({window.width()}x{window.height()})\n")
            sys.stderr.flush()
            QTimer.singleShot(delay, app.quit)
        else:
            QTimer.singleShot(20, quit_when_exposed)

    QTimer.singleShot(0, quit_when_exposed)
