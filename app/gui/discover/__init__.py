"""The Discover section: on-device suggestions with reasons, kept or dismissed.

- ``work`` — the library and recommender calls, run as background jobs (no Qt)
- ``rows`` — one suggestion as a row widget with service badges and "Not for me"
- ``view`` — the section; :func:`install` adds the page to the main window
"""

from app.gui.discover.view import DiscoverView, install

__all__ = ["DiscoverView", "install"]
