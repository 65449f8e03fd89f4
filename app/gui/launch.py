"""Start the desktop app: create the application, unlock the library, show the window.

The window appears at once and the library opens in the background: first silently (the OS
keyring, or a passphrase the caller already has), and only if that is not enough through the
passphrase dialog ("create" on first run, "unlock" otherwise).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from app.gui import single_instance
from app.gui.errors import show_error
from app.gui.icons import app_icon
from app.gui.main_window import MainWindow
from app.gui.passphrase import PassphraseDialog, PassphraseMode
from app.gui.preferences import Preferences
from app.gui.tasks import Cancelled, Progress, TaskRunner
from app.gui.theme import apply_theme
from store import Library, LibraryLocked, Profile, WrongPassphrase, open_library

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Launch", text)


class LibraryOpener(QObject):
    """Opens the profile's library for ``window``, asking for a passphrase only when needed."""

    def __init__(
        self,
        window: MainWindow,
        profile: Profile,
        passphrase: str | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.profile = profile
        self.library: Library | None = None
        self.dialog: PassphraseDialog | None = None
        self._passphrase = passphrase

    def start(self) -> None:
        profile, passphrase = self.profile, self._passphrase

        def open_silently(progress: Progress, cancelled: Cancelled) -> Library | PassphraseMode:
            exists = Library.exists(profile)
            try:
                return open_library(profile, passphrase)
            except WrongPassphrase:
                return PassphraseMode.UNLOCK
            except LibraryLocked:
                if passphrase is not None:
                    raise  # a passphrase was there; what is missing is something else
                return PassphraseMode.UNLOCK if exists else PassphraseMode.CREATE

        self.window.tasks.run(open_silently, on_result=self._opened, on_error=self._failed)

    def _opened(self, outcome: Library | PassphraseMode) -> None:
        if isinstance(outcome, PassphraseMode):
            self._ask(outcome)
        else:
            self._use(outcome)

    def _ask(self, mode: PassphraseMode) -> None:
        profile = self.profile
        dialog = PassphraseDialog(
            mode,
            lambda passphrase: open_library(profile, passphrase),
            self.window.tasks,
            self.window,
        )
        dialog.accepted.connect(lambda: self._use(dialog.value))
        dialog.rejected.connect(self.window.close)
        self.dialog = dialog
        dialog.open()

    def _use(self, library: Library) -> None:
        self.library = library
        self.window.set_library(library)

    def _failed(self, error: BaseException) -> None:
        box = show_error(self.window, error)
        box.finished.connect(self.window.close)


def _install_translations(app: QApplication) -> None:
    """Qt's own strings (standard buttons) in the system language, when Qt ships them."""
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", path):
        app.installTranslator(translator)


def _install_app_translation(app: QApplication, language: str) -> None:
    """Mixtape's own strings, when a translation for ``language`` ships in resources/i18n."""
    if language == "en":
        return
    folder = Path(__file__).resolve().parents[2] / "resources" / "i18n"
    translator = QTranslator(app)
    if translator.load(f"mixtape_{language}", str(folder)):
        app.installTranslator(translator)


def _show_unexpected(window: QWidget) -> Any:
    """An excepthook: an exception escaping a slot becomes a friendly message, not a crash."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(error, Exception):
            sys.__excepthook__(kind, error, tb)
            return
        logger.error("Unexpected error in the app", exc_info=(kind, error, tb))
        show_error(window, error)

    return hook


def run_gui(profile_dir: Path | None, demo: bool = False, *, passphrase: str | None = None) -> int:
    """Open the desktop app on the library in ``profile_dir`` (None: the default profile).

    ``passphrase`` (or ``$MIXTAPE_PASSPHRASE``) is tried silently after the keyring; the dialog
    asks only when neither opens the library. ``demo`` marks the window as showing the demo
    library. Returns the application's exit code.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Mixtape")
    app.setOrganizationName("Mixtape")
    app.setDesktopFileName("mixtape")
    app.setWindowIcon(app_icon())
    _install_translations(app)

    tasks = TaskRunner(app)
    profile = Profile.resolve(profile_dir)
    profile.ensure()
    instance = single_instance.start(app, profile.dir)
    if instance is None:
        return 0  # another Mixtape window is open for this profile; it took our link
    preferences = Preferences(profile.dir)
    apply_theme(preferences.theme)
    _install_app_translation(app, preferences.language)
    window = MainWindow(tasks, preferences=preferences)
    if demo:
        window.setWindowTitle(_tr("Mixtape — demo library"))
    opener = LibraryOpener(window, profile, passphrase or os.environ.get("MIXTAPE_PASSPHRASE"))
    instance.attach(window)
    window.show()
    opener.start()
    # Everything built so far lives as long as the app: keep it out of full collections, which
    # would otherwise walk it all with the GIL held (see app.gui.imports.controller).
    gc.freeze()

    previous_hook = sys.excepthook
    sys.excepthook = _show_unexpected(window)
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        tasks.shutdown()
        preferences.sync()
        libraries: list[Any] = [opener.library, window.library]
        for library in {id(x): x for x in libraries if x is not None}.values():
            library.close()  # the event loop has ended; nothing waits on this
    return int(code)
