"""The questions Discover can answer, and the words that go with each (no Qt).

The mode list is the one place a new kind of suggestion joins the section: add its key and
label to :data:`MODES` (and its subtitle to :data:`SUBTITLES`). A mode answered by a panel of
its own rather than by the suggestion list, such as "beyond your library"
(``app/gui/discover/beyond.py``), is added at run time with
:meth:`app.gui.discover.view.DiscoverView.add_panel`, which also puts it in the mode menu.
"""

from __future__ import annotations

from app.gui.discover import work

MODES: tuple[tuple[work.Mode, str], ...] = (
    ("for_you", "For you"),
    ("rediscover", "Rediscover"),
    ("playlist", "To continue a playlist"),
    ("track", "Like a song"),
)

SUBTITLES: dict[str, str] = {
    "for_you": "From what you have played lately.",
    "rediscover": "Songs you loved in an earlier year, then let rest.",
    "playlist": "Songs that sit well next to this playlist's.",
    "track": "Songs that keep its company in your playlists and listening.",
}

#: Said under every subtitle: where the suggestions were worked out.
ON_THIS_COMPUTER = " Worked out on this computer; nothing leaves it."

TYPE_A_SONG = "Type a song you like and press Enter."
NOTHING_YET = "No suggestions yet. Import playlists or listening history to get some."
