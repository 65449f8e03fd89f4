"""Shared playlists as the CLI and the app use them: create, join, sync, members, remove, leave.

Each function is one unit of work on the library; the ones that talk to the relay raise
``RelayFailure`` when it cannot be reached (the local change, if any, is kept in the outbox).
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from store.library import Library
from sync.client import PlaylistSync, SyncReport
from sync.crypto import relay_token
from sync.document import SharedEntry
from sync.errors import NotAllowed, NotShared
from sync.invites import InviteLink, create_invite, request_to_join
from sync.relay_admin import create_doc, delete_doc, normalize_relay_url
from sync.replica import Replica
from sync.resolve import Resolution, ref_for_track, resolve_track
from sync.state import (
    device_keys,
    device_name,
    find_share,
    forget_share,
    list_shares,
    load_replica,
    save_replica,
)


@dataclass(frozen=True, slots=True)
class MemberInfo:
    device: str  # hex Ed25519 public key
    name: str
    role: str  # owner or member
    active: bool
    last_seq: int
    last_seen: int | None
    is_me: bool


def _run(sync: PlaylistSync, force_checkpoint: bool = False) -> SyncReport:
    return asyncio.run(sync.sync_once(force_checkpoint=force_checkpoint))


def _load(library: Library, name_or_id: str) -> tuple[Replica, str]:
    share = find_share(library, name_or_id)
    with library.read() as db:
        return load_replica(db, share.doc_id, device_keys(library)), share.relay_url


def _save(library: Library, replica: Replica, relay_url: str) -> None:
    with library.write() as db:
        save_replica(db, replica, relay_url)


def create_share(library: Library, playlist: str, relay_url: str, me: str = "") -> InviteLink:
    """Share a playlist of the library; returns the first invite link."""
    found = library.playlists.find(playlist)
    if not found:
        raise NotShared(f"no playlist called {playlist!r} in your library")
    source = found[0]
    relay_url = normalize_relay_url(relay_url)
    device = device_keys(library, me)
    doc_id = secrets.token_urlsafe(16)
    replica = Replica.create(doc_id, device, source.name, me or device_name(library))
    with library.read() as db:
        for entry in library.playlists.entries(source.id):
            replica.add_track(ref_for_track(db, entry.track.id))
    link = create_invite(replica, relay_url)
    create_doc(relay_url, doc_id, relay_token(replica.keys[1], doc_id, 1))
    _save(library, replica, relay_url)
    _run(PlaylistSync(library, doc_id))
    return link


def invite(library: Library, name: str) -> InviteLink:
    replica, relay_url = _load(library, name)
    if not replica.is_owner:
        raise NotAllowed("only the owner of a shared playlist can invite")
    link = create_invite(replica, relay_url)
    _save(library, replica, relay_url)
    return link


def join_share(library: Library, link_text: str, me: str = "") -> tuple[str, str]:
    """Join from an invite link; returns (playlist name, doc id)."""
    link = InviteLink.parse(link_text)
    device = device_keys(library, me)
    existing = {s.doc_id for s in list_shares(library)}
    if link.doc_id not in existing:
        replica = Replica.joining(link.doc_id, device, link.owner, link.epoch, link.key)
        request_to_join(replica, link, me or device_name(library))
        replica.name_hint = link.name  # shown until the first sync brings the real name
        _save(library, replica, normalize_relay_url(link.relay_url))
    sync = PlaylistSync(library, link.doc_id)
    _run(sync)
    return sync.replica.doc.name or link.name, link.doc_id


def sync_all(library: Library, force_checkpoint: bool = False) -> list[SyncReport]:
    return [
        _run(PlaylistSync(library, share.doc_id), force_checkpoint)
        for share in list_shares(library)
    ]


def sync_one(library: Library, name: str, force_checkpoint: bool = False) -> SyncReport:
    return _run(PlaylistSync(library, find_share(library, name).doc_id), force_checkpoint)


def members(library: Library, name: str) -> list[MemberInfo]:
    replica, _ = _load(library, name)
    return [
        MemberInfo(
            device=m.device.hex(),
            name=m.name,
            role="owner" if m.device == replica.roster.owner else "member",
            active=m.active,
            last_seq=replica.last_seq.get(m.device, 0),
            last_seen=replica.last_seen.get(m.device),
            is_me=m.device == replica.me,
        )
        for m in replica.roster.members.values()
    ]


def remove_member(library: Library, name: str, member: str) -> MemberInfo:
    """Remove a member (by name or device-key prefix), rotate the key and the relay token."""
    matches = [
        m
        for m in members(library, name)
        if m.active and (m.name.casefold() == member.casefold() or m.device.startswith(member))
    ]
    if len(matches) != 1:
        raise NotShared(f"{member!r} names {len(matches)} active members of {name!r}")
    replica, relay_url = _load(library, name)
    replica.remove_member(bytes.fromhex(matches[0].device))
    _save(library, replica, relay_url)
    _run(PlaylistSync(library, replica.doc_id), force_checkpoint=True)
    return matches[0]


def leave(library: Library, name: str) -> bool:
    """Stop sharing. The owner deletes the relay's copy; returns True when it did."""
    replica, relay_url = _load(library, name)
    deleted = False
    if replica.is_owner:
        epoch = replica.epoch
        delete_doc(
            relay_url, replica.doc_id, relay_token(replica.keys[epoch], replica.doc_id, epoch)
        )
        deleted = True
    forget_share(library, replica.doc_id)
    return deleted


def entries(library: Library, name: str) -> list[tuple[SharedEntry, Resolution]]:
    """The shared entries in order, each resolved against this library."""
    replica, _ = _load(library, name)
    with library.read() as db:
        return [(e, resolve_track(db, e.track)) for e in replica.doc.render()]


def add_track(library: Library, name: str, track_key: str, index: int | None = None) -> str:
    """Add a library track (``service:id`` key) from any service; returns the entry id."""
    replica, relay_url = _load(library, name)
    with library.read() as db:
        row = db.execute("SELECT id FROM service_track WHERE key = ?", (track_key,)).fetchone()
        if row is None:
            raise NotShared(f"no track {track_key!r} in your library")
        ref = ref_for_track(db, int(row[0]))
    entry_id = replica.add_track(ref, index)
    _save(library, replica, relay_url)
    return entry_id
