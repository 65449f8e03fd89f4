"""Shared playlists in the encrypted library: device keys, replicas, outboxes, sync status.

``save_replica`` writes everything a replica holds in one transaction (the caller's ``write()``):
the document, the outbox, the cursor, per-device sequence numbers and ``last_seen``, held
envelopes, keys and the roster. Tables: migration "shared playlists" in ``store/schema.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from store.database import DB
from store.library import Library
from sync.crypto import DeviceKeys, crdt_client_id
from sync.document import PlaylistDoc
from sync.envelope import Kind
from sync.errors import NotShared
from sync.replica import Clock, Invite, OutboxItem, Replica, now_ms
from sync.roster import Roster, Statement


@dataclass(frozen=True, slots=True)
class ShareRow:
    doc_id: str
    name: str
    relay_url: str
    owner: bytes
    status: str
    status_detail: str | None
    offline_since: int | None
    last_sync: int | None
    outbox: int


def device_keys(library: Library, name: str = "") -> DeviceKeys:
    """This library's device identity, created on first use."""
    with library.write() as db:
        row = db.execute("SELECT signing, receiving FROM share_device WHERE id = 1").fetchone()
        if row is not None:
            return DeviceKeys.from_bytes(bytes(row[0]), bytes(row[1]))
        keys = DeviceKeys.generate()
        signing, receiving = keys.private_bytes()
        db.execute(
            "INSERT INTO share_device (id, signing, receiving, name, created_at) "
            "VALUES (1, ?, ?, ?, ?)",
            (signing, receiving, name or "me", now_ms()),
        )
        return keys


def device_name(library: Library) -> str:
    with library.read() as db:
        row = db.execute("SELECT name FROM share_device WHERE id = 1").fetchone()
    return str(row[0]) if row else "me"


def list_shares(library: Library) -> list[ShareRow]:
    with library.read() as db:
        rows = db.execute(
            "SELECT d.doc_id, d.name, d.relay_url, d.owner, d.status, d.status_detail, "
            "d.offline_since, d.last_sync, "
            "(SELECT count(*) FROM share_outbox o WHERE o.doc_id = d.doc_id) "
            "FROM share_doc d ORDER BY d.name COLLATE NOCASE, d.doc_id"
        ).fetchall()
    return [
        ShareRow(
            doc_id=r[0],
            name=r[1],
            relay_url=r[2],
            owner=bytes(r[3]),
            status=r[4],
            status_detail=r[5],
            offline_since=r[6],
            last_sync=r[7],
            outbox=int(r[8]),
        )
        for r in rows
    ]


def find_share(library: Library, name_or_id: str) -> ShareRow:
    shares = list_shares(library)
    for share in shares:
        if share.doc_id == name_or_id:
            return share
    named = [s for s in shares if s.name.casefold() == name_or_id.casefold()]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise NotShared(f"several shared playlists are called {name_or_id!r}; use the doc id")
    raise NotShared(f"no shared playlist called {name_or_id!r}")


def set_status(
    library: Library, doc_id: str, status: str, detail: str | None = None, at: int | None = None
) -> None:
    """``status``: up_to_date, pending, offline, error. ``offline_since`` keeps the first time."""
    at = at or now_ms()
    with library.write() as db:
        db.execute(
            "UPDATE share_doc SET status = ?, status_detail = ?, "
            "offline_since = CASE WHEN ? = 'offline' THEN coalesce(offline_since, ?) END, "
            "last_sync = CASE WHEN ? = 'up_to_date' THEN ? ELSE last_sync END WHERE doc_id = ?",
            (status, detail, status, at, status, at, doc_id),
        )


def forget_share(library: Library, doc_id: str) -> None:
    with library.write() as db:
        for table in ("share_key", "share_roster", "share_peer", "share_outbox", "share_held"):
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM share_invite WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM share_doc WHERE doc_id = ?", (doc_id,))


def save_replica(db: DB, replica: Replica, relay_url: str) -> None:
    """Store all of ``replica`` inside the caller's transaction."""
    doc_id = replica.doc_id
    extra = {
        "pending": [u.hex() for u in replica.pending],
        "rotation_pending": replica.rotation_pending,
        "stale_epoch_updates": replica.stale_epoch_updates,
        "rejected": replica.rejected,
        "key_envelope": replica.key_envelope.hex() if replica.key_envelope else None,
    }
    name = replica.doc.name or replica.name_hint
    db.execute(
        "INSERT INTO share_doc (doc_id, name, relay_url, owner, epoch, state, cursor, device_seq, "
        "extra, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE "
        "SET name = CASE WHEN excluded.name = '' THEN name ELSE excluded.name END, "
        "relay_url = excluded.relay_url, epoch = excluded.epoch, state = excluded.state, "
        "cursor = excluded.cursor, device_seq = excluded.device_seq, extra = excluded.extra",
        (
            doc_id,
            name,
            relay_url,
            replica.roster.owner,
            replica.epoch,
            replica.doc.get_update(),
            replica.cursor,
            replica.device_seq,
            json.dumps(extra),
            now_ms(),
        ),
    )
    for epoch, key in replica.keys.items():
        db.execute(
            "INSERT OR IGNORE INTO share_key (doc_id, epoch, key) VALUES (?, ?, ?)",
            (doc_id, epoch, key),
        )
    for index, statement in enumerate(replica.roster.statements):
        db.execute(
            "INSERT OR IGNORE INTO share_roster (doc_id, idx, statement) VALUES (?, ?, ?)",
            (doc_id, index, statement.encode()),
        )
    db.execute("DELETE FROM share_peer WHERE doc_id = ?", (doc_id,))
    db.executemany(
        "INSERT INTO share_peer (doc_id, device, last_seq, last_seen) VALUES (?, ?, ?, ?)",
        [
            (doc_id, device, seq, replica.last_seen.get(device))
            for device, seq in replica.last_seq.items()
        ],
    )
    db.execute("DELETE FROM share_outbox WHERE doc_id = ?", (doc_id,))
    db.executemany(
        "INSERT INTO share_outbox (doc_id, seq, kind, env) VALUES (?, ?, ?, ?)",
        [(doc_id, item.seq, int(item.kind), item.env) for item in replica.outbox.values()],
    )
    db.execute("DELETE FROM share_held WHERE doc_id = ?", (doc_id,))
    db.executemany(
        "INSERT INTO share_held (doc_id, device, seq, env) VALUES (?, ?, ?, ?)",
        [
            (doc_id, device, seq, env)
            for device, held in replica.held.items()
            for seq, env in held.items()
        ],
    )
    for invite_id, invite in replica.invites.items():
        db.execute(
            "INSERT INTO share_invite (doc_id, invite_id, secret_hash, expires_at, used_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_id, invite_id) DO UPDATE "
            "SET used_by = excluded.used_by",
            (doc_id, invite_id, invite.secret_hash, invite.expires_at, invite.used_by),
        )


def load_replica(db: DB, doc_id: str, device: DeviceKeys, clock: Clock = now_ms) -> Replica:
    row = db.execute(
        "SELECT owner, epoch, state, cursor, device_seq, extra FROM share_doc WHERE doc_id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        raise NotShared(f"no shared playlist {doc_id!r}")
    owner, epoch, state, cursor, device_seq, extra_text = row
    extra: dict[str, Any] = json.loads(extra_text)
    roster = Roster(doc_id, bytes(owner))
    for (raw,) in db.execute(
        "SELECT statement FROM share_roster WHERE doc_id = ? ORDER BY idx", (doc_id,)
    ):
        roster.append(Statement.decode(bytes(raw)))
    replica = Replica(
        doc_id=doc_id,
        device=device,
        roster=roster,
        keys={
            int(e): bytes(k)
            for e, k in db.execute("SELECT epoch, key FROM share_key WHERE doc_id = ?", (doc_id,))
        },
        epoch=int(epoch),
        doc=PlaylistDoc(crdt_client_id(device.public, doc_id), bytes(state)),
        clock=clock,
        device_seq=int(device_seq),
        cursor=int(cursor),
        pending=[bytes.fromhex(u) for u in extra.get("pending", [])],
        rotation_pending=bool(extra.get("rotation_pending", False)),
        stale_epoch_updates=int(extra.get("stale_epoch_updates", 0)),
        rejected={str(k): int(v) for k, v in extra.get("rejected", {}).items()},
        key_envelope=bytes.fromhex(extra["key_envelope"]) if extra.get("key_envelope") else None,
    )
    for device_pub, seq, seen in db.execute(
        "SELECT device, last_seq, last_seen FROM share_peer WHERE doc_id = ?", (doc_id,)
    ):
        replica.last_seq[bytes(device_pub)] = int(seq)
        if seen is not None:
            replica.last_seen[bytes(device_pub)] = int(seen)
    for seq, kind, env in db.execute(
        "SELECT seq, kind, env FROM share_outbox WHERE doc_id = ? ORDER BY seq", (doc_id,)
    ):
        replica.outbox[int(seq)] = OutboxItem(int(seq), Kind(kind), bytes(env))
    for device_pub, seq, env in db.execute(
        "SELECT device, seq, env FROM share_held WHERE doc_id = ?", (doc_id,)
    ):
        replica.held.setdefault(bytes(device_pub), {})[int(seq)] = bytes(env)
    for invite_id, secret_hash, expires_at, used_by in db.execute(
        "SELECT invite_id, secret_hash, expires_at, used_by FROM share_invite WHERE doc_id = ?",
        (doc_id,),
    ):
        used = bytes(used_by) if used_by is not None else None
        replica.invites[str(invite_id)] = Invite(str(secret_hash), int(expires_at), used)
    return replica
