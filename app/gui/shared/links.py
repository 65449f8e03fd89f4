"""Checking what people type or paste before anything is sent: relay addresses and invite links.

Invite links are untrusted input. They are only *parsed* here (never opened, followed or
executed), their length is capped before parsing, and what they claim (the playlist's name) is
shown as plain text only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from sync.errors import SyncError
from sync.invites import InviteLink
from sync.relay_admin import normalize_relay_url

MAX_LINK_CHARS = 4096
MAX_NAME_CHARS = 80


def _tr(text: str) -> str:
    return QCoreApplication.translate("Shared", text)


@dataclass(frozen=True, slots=True)
class Checked:
    ok: bool
    message: str  # what the link is, or what is wrong with it
    value: str = ""  # the normalised relay URL / the link, trimmed


def check_relay(text: str) -> Checked:
    text = text.strip()
    if not text:
        return Checked(False, _tr("Enter the address of a relay, like wss://relay.example.org"))
    if "://" not in text:
        return Checked(False, _tr("Start the address with wss:// (or ws:// on your own network)"))
    try:
        url = normalize_relay_url(text)
    except SyncError:
        return Checked(False, _tr("That isn’t a relay address; use wss://host or ws://host:port"))
    return Checked(True, "", url)


def check_invite(text: str, now_ms: int) -> Checked:
    text = text.strip()
    if not text:
        return Checked(False, _tr("Paste the mixtape://join link a friend sent you."))
    if len(text) > MAX_LINK_CHARS:
        return Checked(False, _tr("That is far too long to be an invite link."))
    try:
        link = InviteLink.parse(text)
    except SyncError:
        return Checked(
            False, _tr("That isn’t a Mixtape invite link. It starts with mixtape://join")
        )
    if check_relay(link.relay_url).ok is False:
        return Checked(False, _tr("The link names a relay address that doesn’t work."))
    if link.expires_at < now_ms:
        return Checked(False, _tr("This invite has expired. Ask your friend for a new one."))
    name = " ".join(link.name.split())[:MAX_NAME_CHARS] or _tr("a shared playlist")
    until = datetime.fromtimestamp(link.expires_at / 1000).astimezone()
    message = (
        _tr("Invite to “%1”, valid until %2.")
        .replace("%2", f"{until.day} {until.strftime('%b %H:%M')}")
        .replace("%1", name)  # last: a name can't smuggle in a placeholder
    )
    return Checked(True, message, text)
