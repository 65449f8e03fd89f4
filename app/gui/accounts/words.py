"""The Accounts section's words: health, pauses and their reasons, times, errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from app.core.sign_out import (
    FALLBACK_PAGES,
    PUBLIC_SCOPE,
    REVOKE_PAGES,
    REVOKED_BY_MIXTAPE,
    REVOKERS,
)
from app.gui.accounts.rows import CardRow
from app.gui.i18n import plural
from app.gui.services import service_label
from connectors.errors import ConnectorError


def _tr(text: str) -> str:
    return QCoreApplication.translate("Accounts", text)


def _trn(text: str, n: int) -> str:
    return plural(QCoreApplication.translate("Accounts", text, "", n), n)


_REASONS = {
    "rate_limited": "asked Mixtape to slow down",
    "needs_sign_in": "needs you to sign in again",
    "quota": "daily allowance used up",
    "quota_exhausted": "daily allowance used up",
    "quota_used": "used its daily allowance; it resumes at midnight Pacific time",
    "breaker_open": "is having trouble; Mixtape will try again",
    "unavailable": "is having trouble; Mixtape will try again",
}

_STREAMS = {
    "saved_tracks": "liked songs",
    "saved_albums": "saved albums",
    "saved_artists": "followed artists",
    "playlists": "playlists",
    "recent_plays": "recent plays",
    "listens": "listens",
    "scrobbles": "scrobbles",
    "loved": "loved tracks",
}


def reason_words(reason: str | None) -> str:
    if not reason:
        return ""
    return _tr(_REASONS.get(reason, reason.replace("_", " ")))


def stream_words(stream: str) -> str:
    return _tr(_STREAMS.get(stream, stream.replace("_", " ")))


def when(moment: datetime | None, now: datetime | None = None) -> str:
    """ "14:05" today, "Tue 14 Jan, 14:05" on another day (local time)."""
    if moment is None:
        return ""
    now = now or datetime.now(UTC)
    local = _aware(moment).astimezone()
    if local.date() == _aware(now).astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%a %d %b, %H:%M").replace(" 0", " ")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Health:
    state: str  # a key of app.gui.status_bar.HEALTH_STATES, or "off" when not connected
    headline: str  # "Connected", "Paused until 14:05", ...
    detail: str  # why, in a sentence (may be empty)
    chip: str  # the short detail for the status-bar chip ("until 14:05")


def health_of(row: CardRow, syncing: bool = False, now: datetime | None = None) -> Health:
    account = row.account
    name = service_label(row.info.key)
    if not row.info.available:
        return Health("off", _tr("Coming soon"), "", "")
    if account is None:
        return Health("off", _tr("Not connected"), "", "")
    if syncing:
        return Health("syncing", _tr("Syncing…"), "", "")
    if account.state == "paused":
        until = when(account.paused_until, now)
        headline = _tr("Paused until %1").replace("%1", until) if until else _tr("Paused")
        detail = f"{name} {reason_words(account.reason)}." if account.reason else ""
        return Health("paused", headline, detail, _tr("until %1").replace("%1", until))
    if account.state == "needs_sign_in":
        return Health(
            "needs_sign_in",
            _tr("Needs sign-in"),
            _tr("Connect again to let Mixtape keep your library up to date."),
            "",
        )
    if account.state == "error":
        return Health("error", _tr("Last sync failed"), account.reason or "", "")
    return Health("ok", _tr("Connected"), "", "")


def counts_line(row: CardRow) -> str:
    c = row.counts
    parts = []
    if c.saved:
        parts.append(_trn("%Ln saved item(s)", c.saved))
    if c.playlists:
        parts.append(_trn("%Ln playlist(s)", c.playlists))
    if c.listens:
        parts.append(_trn("%Ln play(s)", c.listens))
    return "  ·  ".join(parts)


def parked_lines(row: CardRow, now: datetime | None = None) -> list[str]:
    lines = []
    for work in row.parked:
        until = when(work.until, now)
        text = stream_words(work.stream).capitalize()
        text += " — " + (_tr("waits until %1").replace("%1", until) if until else _tr("waiting"))
        if work.reason:
            text += f" ({reason_words(work.reason)})"
        lines.append(text)
    return lines


def describe_service_error(service: str, error: BaseException) -> str | None:
    """A sentence for errors the services raise (None: let app.gui.errors word it)."""
    if isinstance(error, ConnectorError):
        text = str(error).strip()
        prefix = f"{service}: "
        text = text.removeprefix(prefix)
        return f"{service_label(service)}: {text[:1].upper()}{text[1:]}"
    return None


def sign_out_words(row: CardRow | None, service: str, revoked: bool | None = None) -> str:
    """After a disconnect: what was deleted here, and where to revoke access on the service
    when it has no API for that or revoking failed (``app.core.sign_out``)."""
    name = service_label(service)
    if row is not None and row.account is not None and PUBLIC_SCOPE in row.account.scopes:
        text = _tr("Disconnected %1; it read public playlists only, so there is nothing to revoke.")
        return text.replace("%1", name)
    done = _tr("Disconnected %1: its sign-in is deleted from this computer; your library stays.")
    done = done.replace("%1", name)
    page = REVOKE_PAGES.get(service)
    if service in REVOKED_BY_MIXTAPE and revoked is False:
        more = _tr("%3 could not be reached to revoke access: remove Mixtape at %2")
        page = FALLBACK_PAGES.get(service)
    elif service in REVOKED_BY_MIXTAPE:
        more = _tr("%3 revoked Mixtape’s access.")
    elif service == "listenbrainz" and page:
        more = _tr("ListenBrainz tokens cannot be revoked by an app; reset yours at %2")
    elif page:
        more = _tr("%1 has no way for apps to revoke access: remove Mixtape at %2")
    else:
        more = _tr("To revoke access too, remove Mixtape in your %1 account settings.")
    more = more.replace("%3", REVOKERS.get(service, name))
    return done + " " + more.replace("%1", name).replace("%2", page or "")
