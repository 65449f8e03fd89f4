"""The receiver pipeline (shared/docs/sharing.md, "Envelope"), in exactly this order:

1. size  2. doc id  3. the device is in the roster  4. signature  5. sequence (next → go on;
gap → hold until the missing ones arrive; not greater → replay, rejected)  6. epoch key known
7. decrypt  8. an update inserts only items of the sender's own CRDT client id  9. apply.

Steps 1-5 reject without consuming anything, so a forged or damaged envelope changes nothing.
From step 6 on the device's sequence number is consumed even on rejection (a member's envelope
we cannot use must not hold back its later ones). The caller stores the replica (document,
cursor, per-device sequence and ``last_seen``) in one transaction after each envelope.

Updates that pycrdt could not integrate yet (they depend on something not applied) are kept in
``pending`` and re-applied, merged, until the document's state vector covers them: Yrs can
otherwise drop an update that arrived before one it depends on.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Literal

from pycrdt import merge_updates

from sync.crypto import crdt_client_id, envelope_key, unwrap_key
from sync.envelope import (
    MAX_CHECKPOINT_BYTES,
    SEQUENCED,
    Kind,
    Parsed,
    check_signature,
    decrypt,
    parse,
    size_cap,
)
from sync.errors import EnvelopeRejected
from sync.replica import Replica, key_context
from sync.roster import RosterInvalid, Statement
from sync.updates import covered_by, inserting_clients

logger = logging.getLogger(__name__)

Outcome = Literal["applied", "held", "ignored"]
MIN_ENVELOPE_BYTES = 64 + 52


def receive(replica: Replica, envelope: bytes) -> Outcome:
    """Run ``envelope`` through the pipeline; raises ``EnvelopeRejected`` with the reason."""
    try:
        outcome = _receive(replica, envelope)
    except EnvelopeRejected as e:
        replica.reject_count(e.reason)
        raise
    if outcome == "applied":
        _drain_held(replica)
    return outcome


def _receive(replica: Replica, envelope: bytes) -> Outcome:
    # 1. size
    if not MIN_ENVELOPE_BYTES <= len(envelope) <= MAX_CHECKPOINT_BYTES:
        raise EnvelopeRejected("size")
    parsed = parse(envelope)
    header = parsed.header
    if len(envelope) > size_cap(header.kind):
        raise EnvelopeRejected("size")
    # 2. doc id
    if header.doc_id != replica.doc_id:
        raise EnvelopeRejected("wrong_doc")
    # 3. member in roster (a join request is for the owner; a first checkpoint brings the roster)
    device = header.device
    if header.kind is Kind.JOIN:
        if not replica.is_owner or replica.roster.is_active(device):
            return "ignored"
    elif header.kind is Kind.EPHEMERAL:
        return "ignored"
    elif not replica.roster.is_active(device):
        bootstrapping = header.kind is Kind.CHECKPOINT and not replica.roster.statements
        if not bootstrapping:
            raise EnvelopeRejected("non_member")
    # 4. signature
    check_signature(parsed)
    # 5. sequence
    if header.kind in SEQUENCED:
        last = replica.last_seq.get(device, 0)
        if header.seq <= last:
            raise EnvelopeRejected("replay", f"seq {header.seq} after {last}")
        if header.seq > last + 1:
            replica.held.setdefault(device, {})[header.seq] = envelope
            return "held"
        replica.last_seq[device] = header.seq
    replica.last_seen[device] = replica.clock()
    # 6. epoch key known
    if header.epoch not in replica.keys:
        raise EnvelopeRejected("unknown_epoch", f"epoch {header.epoch}")
    # 7. decrypt
    key = envelope_key(replica.keys[header.epoch], replica.doc_id, header.epoch)
    payload = decrypt(parsed, key)
    # 8-9. check what it writes, then apply
    if header.kind is Kind.UPDATE:
        allowed = {crdt_client_id(device, replica.doc_id)}
        try:
            clients = inserting_clients(payload)
        except ValueError as e:
            raise EnvelopeRejected("bad_body", "not a CRDT update") from e
        if not clients <= allowed:
            raise EnvelopeRejected("forged_client", "writes another device's items")
        apply_update(replica, payload)
        if header.epoch < replica.epoch:
            replica.stale_epoch_updates += 1
    elif header.kind is Kind.CHECKPOINT:
        _apply_checkpoint(replica, parsed, payload)
    elif header.kind is Kind.ROSTER:
        _apply_roster(replica, parsed, payload)
    elif header.kind is Kind.KEY:
        _apply_key(replica, parsed, payload)
    elif header.kind is Kind.JOIN:
        _apply_join(replica, parsed, payload)
    return "applied"


def apply_update(replica: Replica, update: bytes) -> None:
    replica.doc.apply(update)
    if not replica.pending and covered_by(update, replica.doc.get_state()):
        return
    replica.pending.append(update)
    replica.doc.apply(merge_updates(*replica.pending))
    state = replica.doc.get_state()
    if all(covered_by(u, state) for u in replica.pending):
        replica.pending.clear()
    else:
        logger.debug("%d updates wait for what they depend on", len(replica.pending))


def _drain_held(replica: Replica) -> None:
    """Process held envelopes whose turn has come (their device's next sequence number)."""
    progress = True
    while progress:
        progress = False
        for device, held in list(replica.held.items()):
            last = replica.last_seq.get(device, 0)
            for seq in [s for s in held if s <= last]:
                del held[seq]  # already covered (a checkpoint, or a duplicate)
            nxt = held.pop(last + 1, None)
            if not held:
                replica.held.pop(device, None)
            if nxt is None:
                continue
            progress = True
            try:
                _receive(replica, nxt)
            except EnvelopeRejected as e:
                replica.reject_count(e.reason)
                logger.info("held envelope rejected: %s", e.reason)


def _apply_checkpoint(replica: Replica, parsed: Parsed, payload: bytes) -> None:
    try:
        size = int.from_bytes(payload[:4], "big")
        meta = json.loads(payload[4 : 4 + size])
        update = payload[4 + size :]
        statements = [Statement.decode(bytes.fromhex(s)) for s in meta["roster"]]
        seqs = {bytes.fromhex(d): int(s) for d, s in meta["seqs"].items()}
    except (ValueError, KeyError, TypeError) as e:
        raise EnvelopeRejected("bad_body", "checkpoint") from e
    try:
        replica.roster.extend_from(statements)
    except RosterInvalid as e:
        raise EnvelopeRejected("bad_body", f"roster: {e}") from e
    if not replica.roster.is_active(parsed.header.device):
        raise EnvelopeRejected("non_member", "checkpoint by a non-member")
    apply_update(replica, update)
    for device, seq in seqs.items():
        if device != replica.me:
            replica.last_seq[device] = max(replica.last_seq.get(device, 0), seq)


def _apply_roster(replica: Replica, parsed: Parsed, payload: bytes) -> None:
    if parsed.header.device != replica.roster.owner:
        raise EnvelopeRejected("non_member", "roster statements come from the owner")
    statement = Statement.decode(payload)
    if any(s.encode() == statement.encode() for s in replica.roster.statements):
        return  # already known from a checkpoint
    try:
        member = replica.roster.append(statement)
    except RosterInvalid as e:
        raise EnvelopeRejected("bad_body", f"roster: {e}") from e
    if member.active and member.device != replica.me:
        current = replica.last_seq.get(member.device, 0)
        replica.last_seq[member.device] = max(current, member.added_seq)


def _apply_key(replica: Replica, parsed: Parsed, payload: bytes) -> None:
    if parsed.header.device != replica.roster.owner:
        raise EnvelopeRejected("non_member", "new keys come from the owner")
    try:
        data = json.loads(payload)
        epoch, wraps = int(data["epoch"]), dict(data["wraps"])
    except (ValueError, KeyError, TypeError) as e:
        raise EnvelopeRejected("bad_body", "key") from e
    wrapped = wraps.get(replica.me.hex())
    if wrapped is None:
        return  # not for us: we were removed (or the owner sent it)
    key = unwrap_key(bytes.fromhex(wrapped), replica.device, key_context(replica.doc_id, epoch))
    if key is None:
        raise EnvelopeRejected("decrypt", "wrapped key")
    replica.keys[epoch] = key
    replica.epoch = max(replica.epoch, epoch)


def _apply_join(replica: Replica, parsed: Parsed, payload: bytes) -> None:
    """The owner admits a device that proves it holds a valid, unused, unexpired invite."""
    try:
        data = json.loads(payload)
        invite_id, proof = str(data["invite"]), bytes.fromhex(data["proof"])
        x25519, name = bytes.fromhex(data["x25519"]), str(data["name"])[:80]
    except (ValueError, KeyError, TypeError) as e:
        raise EnvelopeRejected("bad_body", "join") from e
    invite = replica.invites.get(invite_id)
    device = parsed.header.device
    if invite is None or invite.used_by is not None or invite.expires_at < replica.clock():
        logger.info("a join request with an unknown, used or expired invite was refused")
        return
    expected = hmac.new(bytes.fromhex(invite.secret_hash), device, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, proof):
        logger.info("a join request with a wrong invite secret was refused")
        return
    invite.used_by = device
    replica.add_member(device, x25519, name, parsed.header.seq)


def apply_key_envelope(replica: Replica, parsed: Parsed) -> None:
    """A key envelope from the owner's mailbox (signature already checked): learn the key only.

    It is outside the relay order, so it touches no sequence numbers; the same envelope in the
    log (if still there) goes through the whole pipeline later.
    """
    epoch = parsed.header.epoch
    if epoch not in replica.keys:
        raise EnvelopeRejected("unknown_epoch", f"epoch {epoch}")
    payload = decrypt(parsed, envelope_key(replica.keys[epoch], replica.doc_id, epoch))
    _apply_key(replica, parsed, payload)
