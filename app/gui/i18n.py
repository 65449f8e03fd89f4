"""Translation helpers.

``QT_TRANSLATE_NOOP`` marks a string for ``pyside6-lupdate`` without translating it (the text is
translated where it is shown). This wrapper keeps the name lupdate looks for and gives the
result the type ``str``.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP as _qt_translate_noop


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return cast(str, _qt_translate_noop(context, text))


def plural(translated: str, n: int) -> str:
    """Finish a numerus string: ``plural(self.tr("%n track(s)", "", n), n)``.

    With a translation loaded, Qt has already chosen the right form and there is no "(s)" left;
    without one (English), the marker becomes the English plural.
    """
    return translated.replace("(s)", "" if n == 1 else "s")
