"""The Duplicates section: duplicate songs with evidence, keep/merge/split, the review queue,
clean-up with a preview, and an undo history. Every store call runs through the task helper.

- ``rows`` — plain rows read from ``store.identity`` in a worker
- ``models`` / ``queue_models`` — list models over those rows (no store calls)
- ``actions`` — the reads and changes, as background jobs
- ``groups_panel`` / ``review_panel`` / ``view`` — the widgets; :func:`install` adds the page
"""

from app.gui.duplicates.view import DuplicatesView, install

__all__ = ["DuplicatesView", "install"]
