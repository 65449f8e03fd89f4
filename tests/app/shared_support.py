"""Helpers for the Shared section tests: a real relay process and two friends' libraries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.gui.shared import SharedView
from app.gui.shared.rows import ShareSummary
from store import Library, Profile, open_library
from tests.sync.library_data import deezer_track, load_playlist, spotify_track

PASSPHRASE = "correct horse battery staple"


def ana_library(root: Path) -> Library:
    """Ana listens on Spotify and has a playlist to share."""
    library = open_library(Profile.resolve(root / "ana"), PASSPHRASE)
    songs = [
        spotify_track(1, "Harbour Lights"),
        spotify_track(2, "Paper Satellites"),
        spotify_track(4, "Birch Road"),
    ]
    load_playlist(library, "Road trip", songs, "ana.json")
    return library


def ben_library(root: Path) -> Library:
    """Ben listens on Deezer: the same first song (same ISRC), and one Ana doesn't have."""
    library = open_library(Profile.resolve(root / "ben"), PASSPHRASE)
    songs = [deezer_track(1, "Harbour Lights"), deezer_track(3, "Late Bus Home")]
    load_playlist(library, "Mine", songs, "ben.json")
    return library


def titles(view: SharedView) -> list[str]:
    return [entry.title for entry in view.detail.entries.rows]


def summary(view: SharedView) -> ShareSummary:
    assert view.shares.rows, "no shared playlist listed"
    return view.shares.rows[0]


def wait_changed(qtbot: Any, view: SharedView, click: Any, timeout: int = 20_000) -> str:
    """Click, wait for the change to finish and for the list to be read back; the message."""
    with qtbot.waitSignal(view.sharing.changed, timeout=timeout) as blocker:
        click()
    with qtbot.waitSignal(view.loaded, timeout=timeout):
        pass
    return str(blocker.args[0])
