"""Errors raised by shared-playlist sync. Each message is one line a user can act on.

SyncError
├── EnvelopeRejected    an incoming envelope failed a check of the receiver pipeline (``reason``)
├── RelayFailure        the relay could not be reached or refused us (``code`` when it said why)
├── InviteInvalid       an invite link is malformed, expired, or already used
├── NotShared           no shared playlist by that name or id in this library
└── NotAllowed          only the owner may do that (remove members, delete the playlist)
"""

from __future__ import annotations


class SyncError(Exception):
    """Root of every sync error."""


class EnvelopeRejected(SyncError):
    """``reason`` is one of: size, malformed, wrong_doc, non_member, signature, replay,
    unknown_epoch, decrypt, forged_client, bad_body."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"envelope rejected: {reason}" + (f" ({detail})" if detail else ""))
        self.reason = reason


class RelayFailure(SyncError):
    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class InviteInvalid(SyncError):
    pass


class NotShared(SyncError):
    pass


class NotAllowed(SyncError):
    pass
