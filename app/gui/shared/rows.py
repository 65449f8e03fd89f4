"""Plain rows the Shared section shows, read through ``sync.sharing`` in a worker thread.

Nothing here touches Qt: the functions run inside background jobs and hand frozen rows to the
models, so no model ever reads the library from ``data()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import ServiceTrack
from store import Library
from store.rows import TrackRow
from sync import sharing
from sync.errors import NotShared
from sync.state import ShareRow, list_shares


@dataclass(frozen=True, slots=True)
class ShareSummary:
    """One shared playlist in the list: its sync status and how many people share it."""

    doc_id: str
    name: str
    relay_url: str
    status: str  # up_to_date, pending, offline, error (or "new" before the first sync)
    detail: str | None
    offline_since: int | None  # ms since the epoch
    last_sync: int | None
    pending: int
    members: int
    is_owner: bool


@dataclass(frozen=True, slots=True)
class EntryLine:
    entry_id: str
    title: str
    artists: tuple[str, ...]
    album: str | None
    duration_ms: int | None
    added_by: str
    service: str | None  # the service of my own copy; None: not in my library


@dataclass(frozen=True, slots=True)
class MemberLine:
    device: str  # hex public key
    name: str
    role: str  # owner or member
    active: bool
    is_me: bool
    last_seen: int | None


@dataclass(frozen=True, slots=True)
class ShareDetail:
    summary: ShareSummary
    entries: tuple[EntryLine, ...]
    members: tuple[MemberLine, ...]


def _summary(library: Library, share: ShareRow) -> ShareSummary:
    people = sharing.members(library, share.doc_id)
    active = [m for m in people if m.active]
    me = next((m for m in people if m.is_me), None)
    return ShareSummary(
        doc_id=share.doc_id,
        name=share.name,
        relay_url=share.relay_url,
        status=share.status,
        detail=share.status_detail,
        offline_since=share.offline_since,
        last_sync=share.last_sync,
        pending=share.outbox,
        members=len(active),
        is_owner=me is not None and me.role == "owner",
    )


def read_overview(library: Library) -> list[ShareSummary]:
    """Every shared playlist of ``library`` with its status (worker thread only)."""
    return [_summary(library, share) for share in list_shares(library)]


def read_detail(library: Library, doc_id: str) -> ShareDetail:
    """One shared playlist: entries resolved against this library, and its members."""
    share = next((s for s in list_shares(library) if s.doc_id == doc_id), None)
    if share is None:
        raise NotShared("that shared playlist is no longer in your library")
    entries = tuple(
        EntryLine(
            entry_id=entry.entry_id,
            title=entry.track.title,
            artists=tuple(entry.track.artists),
            album=entry.track.album,
            duration_ms=entry.track.duration_ms,
            added_by=entry.added_by,
            service=resolution.track.service if resolution.track is not None else None,
        )
        for entry, resolution in sharing.entries(library, doc_id)
    )
    members = tuple(
        MemberLine(m.device, m.name, m.role, m.active, m.is_me, m.last_seen)
        for m in sharing.members(library, doc_id)
    )
    return ShareDetail(_summary(library, share), entries, members)


def track_key(row: TrackRow) -> str:
    """The ``service:id`` key ``sharing.add_track`` takes for a library row."""
    return ServiceTrack(
        row.service, row.service_id, row.title, row.artists, row.album, row.duration_ms
    ).key
