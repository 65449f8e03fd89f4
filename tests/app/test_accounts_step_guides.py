"""The illustrated setup guides for YouTube Music and Apple Music: each step shows its picture,
Next and Back walk the steps, and the connect dialog opens the guide for its service."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from app.gui.accounts.apple_music_guide import AppleMusicSetupGuide
from app.gui.accounts.client_id_guide import SpotifySetupGuide
from app.gui.accounts.connect_dialog import ConnectDialog
from app.gui.accounts.rows import SERVICES, CardRow
from app.gui.accounts.step_guide import StepGuide
from app.gui.accounts.youtube_guide import YouTubeSetupGuide


def _visible_texts(guide: StepGuide) -> str:
    page = guide.pages.currentWidget()
    return " ".join(label.text() for label in page.findChildren(QLabel))


@pytest.mark.parametrize(
    ("make", "count", "first", "last"),
    [
        (YouTubeSetupGuide, 3, "YouTube Data API v3", "TVs and Limited Input devices"),
        (AppleMusicSetupGuide, 2, "Media Services (MusicKit)", "AuthKey_KEYID.p8"),
        (SpotifySetupGuide, 3, "Create app", "Client ID"),
    ],
)
def test_each_step_has_a_picture_and_next_back_walk_them(
    qtbot: Any, make: type[StepGuide], count: int, first: str, last: str
) -> None:
    guide = make()
    qtbot.addWidget(guide)
    guide.show()
    assert guide.pages.count() == len(guide.pictures) == count
    for picture in guide.pictures:
        pixmap = picture.pixmap()
        assert not pixmap.isNull()
        assert pixmap.deviceIndependentSize().width() == 480
    assert guide.step == 0
    assert not guide.back.isEnabled()
    assert f"Step 1 of {count}" in _visible_texts(guide)
    assert first in _visible_texts(guide)
    for n in range(1, count):
        guide.next.click()
        assert guide.step == n
        assert f"Step {n + 1} of {count}" in _visible_texts(guide)
    assert last in _visible_texts(guide)
    assert guide.back.isEnabled()
    guide.back.click()
    assert guide.step == count - 2
    assert guide.next.text() == "Next"


@pytest.mark.parametrize("make", [YouTubeSetupGuide, AppleMusicSetupGuide])
def test_the_last_step_closes_the_guide(qtbot: Any, make: type[StepGuide]) -> None:
    guide = make()
    qtbot.addWidget(guide)
    guide.show()
    while guide.step < guide.pages.count() - 1:
        guide.next.click()
    assert guide.next.text() == "Done"
    guide.next.click()
    assert guide.result() == guide.DialogCode.Accepted


@pytest.mark.parametrize(
    ("service", "guide_type"),
    [("youtube_music", YouTubeSetupGuide), ("apple_music", AppleMusicSetupGuide)],
)
def test_connect_dialog_shows_the_illustrated_steps(
    qtbot: Any, service: str, guide_type: type[StepGuide]
) -> None:
    dialog = ConnectDialog(CardRow(next(s for s in SERVICES if s.key == service)))
    qtbot.addWidget(dialog)
    dialog.show()
    show = dialog.findChild(QPushButton, "openSetupGuide")
    assert show is not None
    assert show.isVisible()
    show.click()
    assert isinstance(dialog.guide, guide_type)
    assert dialog.guide.isVisible()
    dialog.guide.reject()
    assert dialog.steps is not None  # the text steps stay beside the fields


@pytest.mark.parametrize(
    ("service", "asked"),
    [
        ("youtube_music", {"connectClientId", "connectSecret"}),
        ("spotify", {"connectClientId"}),
        ("listenbrainz", {"connectSecret"}),
        ("deezer", {"connectUser"}),
    ],
)
def test_the_connect_dialog_shows_only_the_fields_the_service_asks_for(
    qtbot: Any, service: str, asked: set[str]
) -> None:
    dialog = ConnectDialog(CardRow(next(s for s in SERVICES if s.key == service)))
    qtbot.addWidget(dialog)
    dialog.show()
    fields = {"connectClientId", "connectSecret", "connectUser"}
    shown = {name for name in fields if dialog.findChild(QLineEdit, name).isVisible()}  # type: ignore[union-attr]
    assert shown == asked
