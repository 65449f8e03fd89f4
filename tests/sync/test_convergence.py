"""Convergence (sharing.md test 1): 3-5 friends insert, move, remove and rename, some of them
offline for a while, with the log compacted by checkpoints; afterwards every replica shows the
same list, no entry twice, and every inserted entry that nobody removed."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.sync.support import FakeLog, Peer, make_group, track


class SharedPlaylistMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.log = FakeLog()
        self.peers: list[Peer] = []
        self.online: list[bool] = []
        self.inserted: set[str] = set()
        self.removed: set[str] = set()
        self.counter = 0

    @initialize(size=st.integers(min_value=3, max_value=5))
    def start(self, size: int) -> None:
        self.peers = make_group(size, self.log)
        self.online = [True] * size

    def _peer(self, index: int) -> Peer:
        return self.peers[index % len(self.peers)]

    @rule(who=st.integers(0, 4), at=st.integers(0, 30))
    def insert(self, who: int, at: int) -> None:
        self.counter += 1
        entry_id = self._peer(who).replica.add_track(track(self.counter), at)
        self.inserted.add(entry_id)

    @rule(who=st.integers(0, 4), pick=st.integers(0, 30), to=st.integers(0, 30))
    def move(self, who: int, pick: int, to: int) -> None:
        peer = self._peer(who)
        entries = peer.replica.doc.render()
        if entries:
            peer.replica.move(entries[pick % len(entries)].entry_id, to)

    @rule(who=st.integers(0, 4), pick=st.integers(0, 30))
    def remove(self, who: int, pick: int) -> None:
        peer = self._peer(who)
        entries = peer.replica.doc.render()
        if entries:
            entry_id = entries[pick % len(entries)].entry_id
            peer.replica.remove(entry_id)
            self.removed.add(entry_id)

    @rule(who=st.integers(0, 4), name=st.sampled_from(["Road trip", "Summer", "Late night"]))
    def rename(self, who: int, name: str) -> None:
        self._peer(who).replica.rename(name)

    @rule(who=st.integers(0, 4))
    def toggle_online(self, who: int) -> None:
        index = who % len(self.peers)
        self.online[index] = not self.online[index]

    @rule(who=st.integers(0, 4))
    def sync(self, who: int) -> None:
        index = who % len(self.peers)
        if self.online[index]:
            self.peers[index].sync()

    @precondition(lambda self: bool(self.peers))
    @rule(who=st.integers(0, 4))
    def checkpoint(self, who: int) -> None:
        """An online friend who is caught up uploads a checkpoint; the log is compacted."""
        index = who % len(self.peers)
        peer = self.peers[index]
        if not self.online[index]:
            return
        peer.sync()
        if peer.replica.can_checkpoint() and peer.cursor == len(self.log.entries):
            self.log.compact(peer.cursor, peer.replica.checkpoint_envelope())

    @invariant()
    def each_replica_shows_each_entry_once(self) -> None:
        for peer in self.peers:
            ids = [e.entry_id for e in peer.replica.doc.render()]
            assert len(ids) == len(set(ids))

    def teardown(self) -> None:
        if not self.peers:
            return
        for _ in range(2):
            for peer in self.peers:
                peer.sync()
        renders = [[(e.entry_id, e.track) for e in p.replica.doc.render()] for p in self.peers]
        names = {p.replica.doc.name for p in self.peers}
        assert all(r == renders[0] for r in renders), "replicas differ"
        assert len(names) == 1
        shown = {entry_id for entry_id, _ in renders[0]}
        assert shown == self.inserted - self.removed, "an insert was lost (or a removal undone)"
        for peer in self.peers:
            assert not peer.replica.pending
            assert not peer.replica.held
            assert set(peer.rejected) <= {"replay"}, peer.rejected


SharedPlaylistMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestSharedPlaylistConvergence = SharedPlaylistMachine.TestCase
