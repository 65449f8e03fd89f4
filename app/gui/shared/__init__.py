"""The Shared section: playlists kept together with friends on other services, end-to-end
encrypted through a relay (shared/docs/sharing.md). Every sync/store call runs through the task
helper.

- ``rows`` — plain rows read through ``sync.sharing`` in a worker
- ``actions`` — the reads and changes (share, join, sync, add, remove, leave) as background jobs
- ``models`` / ``delegate`` — list models over those rows and the two-line list delegate
- ``links`` — checking relay addresses and (untrusted) invite links before anything is sent
- ``words`` — status texts and friendly sharing errors
- ``dialogs`` / ``detail`` / ``view`` — the widgets; :func:`install` adds the page
"""

from app.gui.shared.view import SharedView, install

__all__ = ["SharedView", "install"]
