"""App preferences that must be known before the library is unlocked: window geometry, column
state, theme, language and whether to check for new versions. Kept in an INI file inside the
profile folder (never the global registry), so a profile carries its own look and a test never
touches the user's settings.

QSettings reads the small file once when created (at start-up, before the window shows) and
writes it back when it is destroyed, after the event loop; no slot waits on the disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

FILE_NAME = "mixtape-app.ini"
LANGUAGES = {"en": "English"}


class Preferences:
    def __init__(self, profile_dir: Path | None) -> None:
        #: The profile folder the file lives in (None: kept in memory only, e.g. in tests).
        self.directory = profile_dir
        if profile_dir is None:
            self._settings: QSettings | None = None
            self._memory: dict[str, Any] = {}
        else:
            path = str(profile_dir / FILE_NAME)
            self._settings = QSettings(path, QSettings.Format.IniFormat)
            self._memory = {}

    def value(self, key: str, default: Any = None) -> Any:
        if self._settings is None:
            return self._memory.get(key, default)
        return self._settings.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if self._settings is None:
            self._memory[key] = value
        else:
            self._settings.setValue(key, value)

    def bytes(self, key: str) -> QByteArray | None:
        value = self.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def theme(self) -> str:
        return str(self.value("appearance/theme", "system"))

    @theme.setter
    def theme(self, value: str) -> None:
        self.set_value("appearance/theme", value)

    @property
    def language(self) -> str:
        return str(self.value("appearance/language", "en"))

    @language.setter
    def language(self, value: str) -> None:
        self.set_value("appearance/language", value)

    @property
    def check_for_updates(self) -> bool:
        """Ask the releases URL once a day whether a newer Mixtape exists (on unless turned off)."""
        value = self.value("updates/check", True)
        if isinstance(value, str):  # the INI file stores booleans as text
            return value.strip().lower() not in ("false", "0", "no", "off")
        return bool(value)

    @check_for_updates.setter
    def check_for_updates(self, value: bool) -> None:
        self.set_value("updates/check", bool(value))

    def sync(self) -> None:
        """Write now (shutdown and tests only)."""
        if self._settings is not None:
            self._settings.sync()
