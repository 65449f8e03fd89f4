"""The Qt bindings themselves must not corrupt the interpreter.

PySide6 6.12.0 drops a reference to ``None`` on every call of a void C++ method when it runs on
Python 3.11 (where ``None`` is not yet immortal). A running app makes thousands of such calls a
second, so sooner or later ``None`` is "deallocated" and the process aborts. 6.11.3 is fine.
This test turns that into a clear failure instead of an abort at exit.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QTimer


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_calls_do_not_drop_references_to_none(qapp: Any) -> None:
    timer, thing = QTimer(), QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        timer.setInterval(5)
        thing.setObjectName("x")
    lost = before - sys.getrefcount(None)
    assert lost < 50, (
        f"PySide6 {pyside_version} lost {lost} references to None in 400 void calls; "
        "this build crashes the app on Python 3.11: pin PySide6-Essentials/shiboken6 6.11.3"
    )
