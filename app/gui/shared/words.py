"""The Shared section's words: sync status, "last seen", and sharing errors for people.

Sync errors get their own sentences here (the relay, the link, who may do what); anything else
goes to the app's one :func:`~app.gui.errors.describe_error`.
"""

from __future__ import annotations

import time
import traceback
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.gui.errors import FriendlyError, describe_error
from app.gui.i18n import plural
from app.gui.shared.rows import ShareSummary
from sync.errors import InviteInvalid, NotAllowed, NotShared, RelayFailure, SyncError


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Shared", text, "", n)


def now_ms() -> int:
    return int(time.time() * 1000)


def moment(ms: int | None, now: int | None = None) -> str:
    """ "just now", "12 min ago", "today 14:05", "3 Mar 14:05" — short, in local time."""
    if ms is None:
        return _tr("never")
    now = now_ms() if now is None else now
    minutes = max(0, (now - ms) // 60_000)
    if minutes < 1:
        return _tr("just now")
    if minutes < 60:
        return plural(_tr("%n min ago", minutes), minutes)
    when = datetime.fromtimestamp(ms / 1000).astimezone()
    today = datetime.fromtimestamp(now / 1000).astimezone().date()
    clock = when.strftime("%H:%M")
    if when.date() == today:
        return _tr("today %1").replace("%1", clock)
    return f"{when.day} {when.strftime('%b')} {clock}"


def status_text(share: ShareSummary, now: int | None = None) -> str:
    """Up to date · N pending · offline since … · error: … (the list and the detail say it)."""
    pending = plural(_tr("%n change(s) waiting to send", share.pending), share.pending)
    if share.status == "error":
        return _tr("Can’t sync: %1").replace("%1", _reason(share.detail))
    if share.status == "offline":
        if share.offline_since is None:
            return _tr("Not synced yet")
        text = _tr("Offline since %1").replace("%1", moment(share.offline_since, now))
        return f"{text} · {pending}" if share.pending else text
    if share.pending:
        return pending
    if share.detail:  # e.g. waiting for the owner to admit this device
        return _sentence(share.detail)
    return _tr("Up to date")


def status_tone(share: ShareSummary) -> str:
    """ok, busy, away or bad: the colour of the status dot."""
    if share.status == "error":
        return "bad"
    if share.status == "offline":
        return "away"
    return "busy" if share.pending or share.detail else "ok"


def _reason(detail: str | None) -> str:
    text = (detail or "").lower()
    if "forbidden" in text:
        return _tr("the relay no longer lets this device in (you may have been removed)")
    if "unknown_doc" in text:
        return _tr("the relay no longer has this playlist (the owner deleted it)")
    return detail or _tr("unknown problem")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def describe_sharing_error(error: BaseException) -> FriendlyError:
    """A title and a sentence a person can act on for a failed sharing action."""
    if not isinstance(error, SyncError):
        return describe_error(error)
    details = "".join(traceback.format_exception(error)).strip()
    if isinstance(error, InviteInvalid):
        return FriendlyError(
            _tr("That invite link doesn’t work"),
            _sentence(str(error)) + " " + _tr("Ask your friend to send a new link."),
            details,
        )
    if isinstance(error, RelayFailure):
        if error.code in ("forbidden", "unknown_doc"):
            return FriendlyError(_tr("The relay refused"), _sentence(_reason(error.code)), details)
        return FriendlyError(
            _tr("Can’t reach the relay"),
            _sentence(str(error))
            + " "
            + _tr(
                "Check the relay address and your connection; your changes are kept and sent "
                "on the next sync."
            ),
            details,
        )
    if isinstance(error, NotAllowed):
        return FriendlyError(_tr("Only the owner can do that"), _sentence(str(error)), details)
    if isinstance(error, NotShared):
        return FriendlyError(_tr("Not found"), _sentence(str(error)), details)
    return FriendlyError(_tr("Sharing didn’t work"), _sentence(str(error)), details)
