"""In-memory helpers for the sync tests: a fake relay log and peers that talk through it.

``FakeLog`` behaves like the relay as the client sees it: one total order of opaque envelopes,
replay after a cursor, a single checkpoint that lets older entries go. ``Peer`` runs the real
receiver pipeline; delivery can be shuffled, duplicated or delayed by the test.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from sync.crypto import DeviceKeys
from sync.document import TrackRef
from sync.errors import EnvelopeRejected
from sync.invites import create_invite, request_to_join
from sync.receiver import receive
from sync.replica import Replica

DOC_ID = "doc-test-0001"
_ticks = itertools.count(1_700_000_000_000, 1000)


def clock() -> int:
    return next(_ticks)


def track(n: int) -> TrackRef:
    return TrackRef(
        title=f"Song {n}",
        artists=(f"Artist {n % 7}",),
        album="Album",
        duration_ms=180_000 + n,
        isrc=f"USRC1{n:07d}",
        service_ids={"spotify": f"sp{n:020d}", "deezer": str(1000 + n)},
    )


@dataclass
class FakeLog:
    entries: list[bytes] = field(default_factory=list)  # seq = index + 1
    checkpoint: tuple[int, bytes] | None = None

    def append(self, env: bytes) -> int:
        self.entries.append(env)
        return len(self.entries)

    def compact(self, covers: int, env: bytes) -> None:
        self.checkpoint = (covers, env)

    def first_available(self) -> int:
        return self.checkpoint[0] + 1 if self.checkpoint else 1


@dataclass
class Peer:
    replica: Replica
    log: FakeLog
    cursor: int = 0
    rejected: list[str] = field(default_factory=list)

    def push(self) -> None:
        if not self.replica.is_member:
            for seq in sorted(self.replica.outbox):  # only the join request before admission
                item = self.replica.outbox[seq]
                if item.kind.name == "JOIN":
                    self.log.append(item.env)
                    del self.replica.outbox[seq]
            return
        for seq in sorted(self.replica.outbox):
            self.log.append(self.replica.outbox.pop(seq).env)
        self.cursor = self._skip_own()

    def _skip_own(self) -> int:
        return self.cursor  # own entries come back in pull() and are dropped as replays

    def deliver(self, env: bytes) -> None:
        try:
            receive(self.replica, env)
        except EnvelopeRejected as e:
            self.rejected.append(e.reason)

    def pull(self) -> None:
        if self.log.checkpoint and self.cursor < self.log.checkpoint[0]:
            covers, env = self.log.checkpoint
            self.deliver(env)
            self.cursor = covers
        for seq in range(self.cursor + 1, len(self.log.entries) + 1):
            self.deliver(self.log.entries[seq - 1])
            self.cursor = seq

    def sync(self) -> None:
        self.push()
        self.pull()

    def titles(self) -> list[str]:
        return [e.track.title for e in self.replica.doc.render()]


def make_group(size: int, log: FakeLog | None = None) -> list[Peer]:
    """An owner and ``size - 1`` friends who joined through invites; all in sync."""
    log = log or FakeLog()
    owner = Replica.create(DOC_ID, DeviceKeys.generate(), "Road trip", "owner", clock=clock)
    peers = [Peer(owner, log)]
    owner_peer = peers[0]
    owner_peer.push()
    for i in range(1, size):
        link = create_invite(owner, "ws://relay.test")
        friend = Replica.joining(
            DOC_ID, DeviceKeys.generate(), link.owner, link.epoch, link.key, clock=clock
        )
        request_to_join(friend, link, f"friend{i}")
        peer = Peer(friend, log)
        peer.push()
        owner_peer.sync()
        peers.append(peer)
    for peer in peers:
        peer.sync()
    for peer in peers:
        assert peer.replica.is_member, peer.rejected
    return peers
