"""Who may write to a shared playlist: a signed, hash-chained list of the owner's statements.

Each statement is canonical JSON ``{"v", "doc", "index", "prev", "op", "device", "x25519",
"name", "seq", "at"}`` signed with the owner's Ed25519 key. ``prev`` is the hash of the previous
statement (its JSON and signature), so no one can drop, reorder or insert statements without
the owner's key, and every replica that accepts the same chain agrees on the members.

``op`` is ``create`` (index 0: the owner adds itself), ``add`` or ``remove``. ``seq`` on ``add``
is the highest device sequence number the new member used before it was added (its join
request), so receivers expect ``seq + 1`` next.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sync.crypto import SIGNATURE_BYTES, DeviceKeys, verify

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class Statement:
    body: bytes  # canonical JSON
    signature: bytes

    @property
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)
        return value

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.body + self.signature).hexdigest()

    def encode(self) -> bytes:
        return self.signature + self.body

    @classmethod
    def decode(cls, raw: bytes) -> Statement:
        return cls(raw[SIGNATURE_BYTES:], raw[:SIGNATURE_BYTES])


@dataclass(slots=True)
class Member:
    device: bytes
    x25519: bytes
    name: str
    active: bool
    added_seq: int = 0


class RosterInvalid(ValueError):
    pass


@dataclass
class Roster:
    doc_id: str
    owner: bytes
    statements: list[Statement] = field(default_factory=list)
    members: dict[bytes, Member] = field(default_factory=dict)

    @property
    def head(self) -> str:
        return self.statements[-1].hash if self.statements else GENESIS

    def is_active(self, device: bytes) -> bool:
        if device == self.owner:
            return True  # the owner is named by the invite and can never be removed
        member = self.members.get(device)
        return member is not None and member.active

    def active(self) -> list[Member]:
        return [m for m in self.members.values() if m.active]

    def sign_next(
        self, owner: DeviceKeys, op: str, member: Member, at_ms: int, seq: int = 0
    ) -> Statement:
        """A new statement by the owner (not yet appended)."""
        body = {
            "v": 1,
            "doc": self.doc_id,
            "index": len(self.statements),
            "prev": self.head,
            "op": op,
            "device": member.device.hex(),
            "x25519": member.x25519.hex(),
            "name": member.name,
            "seq": seq,
            "at": at_ms,
        }
        raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        return Statement(raw, owner.sign(raw))

    def append(self, statement: Statement) -> Member:
        """Check ``statement`` against the chain and apply it; ``RosterInvalid`` if it fails."""
        if not verify(self.owner, statement.signature, statement.body):
            raise RosterInvalid("not signed by the owner")
        try:
            data = statement.data
            device, x25519 = bytes.fromhex(data["device"]), bytes.fromhex(data["x25519"])
            op, name, seq = str(data["op"]), str(data["name"]), int(data["seq"])
            index, prev, doc = int(data["index"]), str(data["prev"]), str(data["doc"])
        except (ValueError, KeyError, TypeError) as e:
            raise RosterInvalid(f"malformed statement ({e})") from e
        if doc != self.doc_id or index != len(self.statements) or prev != self.head:
            raise RosterInvalid("statement does not extend the chain")
        if (index == 0) != (op == "create") or (op == "create" and device != self.owner):
            raise RosterInvalid("the chain must start with the owner creating it")
        if op not in ("create", "add", "remove") or (op == "remove" and device == self.owner):
            raise RosterInvalid(f"bad op {op!r}")
        if op == "remove":
            if device not in self.members:
                raise RosterInvalid("removing a device that is not a member")
            self.members[device].active = False
        else:
            self.members[device] = Member(device, x25519, name, True, seq)
        self.statements.append(statement)
        return self.members[device]

    def extend_from(self, statements: list[Statement]) -> list[Member]:
        """Adopt a longer chain that starts with ours (from a checkpoint); returns what changed."""
        ours = [s.encode() for s in self.statements]
        theirs = [s.encode() for s in statements]
        if theirs[: len(ours)] != ours:
            if ours[: len(theirs)] == theirs:
                return []  # older than ours
            raise RosterInvalid("the roster forked")
        return [self.append(s) for s in statements[len(ours) :]]
