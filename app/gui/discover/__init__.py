"""The Discover section: on-device suggestions with reasons, kept or dismissed.

- ``work`` — the library and recommender calls, run as background jobs (no Qt)
- ``modes`` — the questions the section answers and their words; where a new mode joins (no Qt)
- ``rows`` — one suggestion as a row widget with service badges and "Not for me"
- ``parts`` — the question bar, busy row, suggestion list and keep bar
- ``view`` — the section, wiring the parts; :func:`install` adds the page to the main window;
  ``DiscoverView.add_panel`` adds a mode answered by a panel of its own
"""

from app.gui.discover.view import DiscoverView, install

__all__ = ["DiscoverView", "install"]
