"""One device's copy of one shared playlist: the document, keys, roster, cursors and outbox.

A ``Replica`` is plain in-memory state; ``sync.state`` saves all of it in one transaction, so a
local edit and its sealed envelope in the outbox (or a remote update and the cursor that says it
was applied) are stored together or not at all. Receiving is in ``sync.receiver``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.crypto import DeviceKeys, crdt_client_id, envelope_key, new_epoch_key, wrap_key
from sync.document import PlaylistDoc, TrackRef
from sync.envelope import Header, Kind, seal_envelope
from sync.errors import NotAllowed
from sync.roster import Member, Roster, Statement

Clock = Callable[[], int]


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Invite:
    secret_hash: str
    expires_at: int
    used_by: bytes | None = None


@dataclass
class OutboxItem:
    seq: int
    kind: Kind
    env: bytes


@dataclass
class Replica:
    doc_id: str
    device: DeviceKeys
    roster: Roster
    keys: dict[int, bytes]
    epoch: int
    doc: PlaylistDoc
    clock: Clock = now_ms
    device_seq: int = 0
    cursor: int = 0
    last_seq: dict[bytes, int] = field(default_factory=dict)
    last_seen: dict[bytes, int] = field(default_factory=dict)
    held: dict[bytes, dict[int, bytes]] = field(default_factory=dict)
    pending: list[bytes] = field(default_factory=list)
    outbox: dict[int, OutboxItem] = field(default_factory=dict)
    invites: dict[str, Invite] = field(default_factory=dict)
    #: Set by the owner after a rotation, until the relay has the new token and a checkpoint.
    rotation_pending: bool = False
    #: The owner's latest key envelope, for the mailboxes of members who were offline.
    key_envelope: bytes | None = None
    rejected: dict[str, int] = field(default_factory=dict)
    #: Updates read since the last checkpoint that were sealed under an older epoch than ours
    #: (a friend was offline during a rotation). Friends who join later hold only the newest
    #: key, so the next checkpoint has to carry them; the client uploads one at once.
    stale_epoch_updates: int = 0
    #: The name from the invite link, until the document brings its own (never written to the
    #: document: a local write there would be a change no one else ever receives).
    name_hint: str = ""

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def create(
        cls, doc_id: str, device: DeviceKeys, name: str, device_name: str, clock: Clock = now_ms
    ) -> Replica:
        """A new shared playlist owned by ``device`` (epoch 1, roster with the owner)."""
        roster = Roster(doc_id, device.public)
        me = Member(device.public, device.receiving_public, device_name, True)
        replica = cls(
            doc_id=doc_id,
            device=device,
            roster=roster,
            keys={1: new_epoch_key()},
            epoch=1,
            doc=PlaylistDoc(crdt_client_id(device.public, doc_id)),
            clock=clock,
        )
        replica.append_roster(roster.sign_next(device, "create", me, clock()))
        replica.doc_edit(replica.doc.set_meta("name", name))
        return replica

    @classmethod
    def joining(
        cls,
        doc_id: str,
        device: DeviceKeys,
        owner: bytes,
        epoch: int,
        key: bytes,
        clock: Clock = now_ms,
    ) -> Replica:
        """A replica for a playlist we were invited to; it knows the key but no members yet."""
        return cls(
            doc_id=doc_id,
            device=device,
            roster=Roster(doc_id, owner),
            keys={epoch: key},
            epoch=epoch,
            doc=PlaylistDoc(crdt_client_id(device.public, doc_id)),
            clock=clock,
        )

    # -- facts -----------------------------------------------------------------------------
    @property
    def me(self) -> bytes:
        return self.device.public

    @property
    def is_owner(self) -> bool:
        return self.roster.owner == self.me

    @property
    def is_member(self) -> bool:
        return self.roster.is_active(self.me)

    def reject_count(self, reason: str) -> None:
        self.rejected[reason] = self.rejected.get(reason, 0) + 1

    # -- sealing ---------------------------------------------------------------------------
    def seal(self, kind: Kind, payload: bytes, *, epoch: int | None = None) -> bytes:
        """Seal ``payload``; sequenced kinds take the next device seq and go to the outbox."""
        epoch = self.epoch if epoch is None else epoch
        sequenced = kind in (Kind.UPDATE, Kind.ROSTER, Kind.KEY, Kind.JOIN)
        seq = self.device_seq + 1 if sequenced else self.device_seq
        header = Header(kind, self.doc_id, epoch, seq, self.me)
        env = seal_envelope(
            header, payload, envelope_key(self.keys[epoch], self.doc_id, epoch), self.device
        )
        if sequenced:
            self.device_seq = seq
            self.last_seq[self.me] = seq
            self.outbox[seq] = OutboxItem(seq, kind, env)
        return env

    def doc_edit(self, update: bytes) -> None:
        """Queue a local document change (already applied to ``self.doc``)."""
        if update:
            self.seal(Kind.UPDATE, update)

    # -- local edits -----------------------------------------------------------------------
    def add_track(self, track: TrackRef, index: int | None = None, note: str = "") -> str:
        name = self.roster.members[self.me].name if self.me in self.roster.members else ""
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock() / 1000))
        entry_id, update = self.doc.add(track, index, added_by=name, added_at=at, note=note)
        self.doc_edit(update)
        return entry_id

    def move(self, entry_id: str, index: int) -> None:
        self.doc_edit(self.doc.move(entry_id, index))

    def remove(self, entry_id: str) -> None:
        self.doc_edit(self.doc.remove(entry_id))

    def rename(self, name: str) -> None:
        self.doc_edit(self.doc.set_meta("name", name))

    # -- roster and keys (owner) -------------------------------------------------------------
    def append_roster(self, statement: Statement) -> None:
        """Append our own statement (owner) and queue it for the others."""
        self.roster.append(statement)
        self.seal(Kind.ROSTER, statement.encode())

    def add_member(self, device: bytes, x25519: bytes, name: str, seq: int) -> None:
        if not self.is_owner:
            raise NotAllowed("only the owner of a shared playlist can add members")
        member = Member(device, x25519, name, True, seq)
        self.append_roster(self.roster.sign_next(self.device, "add", member, self.clock(), seq))
        self.last_seq[device] = max(self.last_seq.get(device, 0), seq)

    def remove_member(self, device: bytes) -> None:
        """Remove ``device`` and rotate the epoch key so it reads nothing new."""
        if not self.is_owner:
            raise NotAllowed("only the owner of a shared playlist can remove members")
        member = self.roster.members.get(device)
        if member is None or not member.active or device == self.me:
            raise NotAllowed("that device is not a member you can remove")
        self.append_roster(self.roster.sign_next(self.device, "remove", member, self.clock()))
        self.rotate_key()

    def rotate_key(self) -> None:
        """A new epoch key, wrapped for every remaining device, announced under the old one."""
        new_epoch, key = self.epoch + 1, new_epoch_key()
        context = key_context(self.doc_id, new_epoch)
        wraps = {
            m.device.hex(): wrap_key(key, m.x25519, context).hex()
            for m in self.roster.active()
            if m.device != self.me
        }
        payload = json.dumps({"epoch": new_epoch, "wraps": wraps}, sort_keys=True).encode()
        self.key_envelope = self.seal(Kind.KEY, payload)
        self.keys[new_epoch] = key
        self.epoch = new_epoch
        self.rotation_pending = True

    # -- checkpoints -----------------------------------------------------------------------
    def checkpoint_payload(self) -> bytes:
        meta = {
            "seqs": {d.hex(): s for d, s in sorted(self.last_seq.items())},
            "roster": [s.encode().hex() for s in self.roster.statements],
        }
        head = json.dumps(meta, sort_keys=True).encode()
        return len(head).to_bytes(4, "big") + head + self.doc.get_update()

    def checkpoint_envelope(self) -> bytes:
        return self.seal(Kind.CHECKPOINT, self.checkpoint_payload())

    def can_checkpoint(self) -> bool:
        """Only a complete state may replace the log: nothing held back, nothing pending."""
        return self.is_member and not any(self.held.values()) and not self.pending


def key_context(doc_id: str, epoch: int) -> bytes:
    return b"mixtape/epoch-key|" + doc_id.encode() + b"|%d" % epoch
