"""The Accounts section: connect services (with consent), their health, sync, and transfers.

- ``rows`` — plain rows read from ``store.accounts`` in a worker
- ``words`` — health, pauses, reasons and times in the user's words
- ``work`` — connect / disconnect / sync as background jobs (``ServiceEnvironment`` says where
  secrets, time, endpoints and the browser come from)
- ``card`` / ``connect_dialog`` / ``client_id_guide`` / ``view`` — the widgets; :func:`install`
  adds the page; ``step_guide`` is the illustrated step dialog the setup guides share
- ``transfer_work`` / ``transfer_model`` / ``transfer_dialog`` — dry run, match report, review,
  write
"""

from app.gui.accounts.view import AccountsView, install

__all__ = ["AccountsView", "install"]
