"""Shuffled, duplicated and delayed delivery through the client pipeline (sharing.md test 2).

A late friend receives the friends' updates in any order, some twice, some held back until the
end; gaps are held and filled, early updates wait for what they depend on, duplicates are
dropped as replays, and the friend ends with exactly the document everyone else has."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.envelope import Kind, parse
from tests.sync.support import make_group, track


def _edits(peers: list, script: list[tuple[int, int, int]]) -> None:
    counter = 0
    for who, op, arg in script:
        replica = peers[who % len(peers)].replica
        entries = replica.doc.render()
        if op == 0 or not entries:
            counter += 1
            replica.add_track(track(counter), arg)
        elif op == 1:
            replica.move(entries[arg % len(entries)].entry_id, arg // 2)
        elif op == 2:
            replica.remove(entries[arg % len(entries)].entry_id)
        else:
            replica.rename(f"name {arg}")
        if arg % 3 == 0:  # friends sync now and then, so later edits depend on earlier ones
            peers[who % len(peers)].sync()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    script=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 20)), max_size=25
    ),
    data=st.data(),
)
def test_any_delivery_order_converges(
    script: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    peers = make_group(4)
    late = peers.pop()  # sees membership, then nothing until the end
    start = len(late.log.entries)
    _edits(peers, script)
    for _ in range(2):
        for peer in peers:
            peer.sync()
    envelopes = [e for e in late.log.entries[start:] if parse(e).header.kind is Kind.UPDATE]
    duplicated = data.draw(st.lists(st.sampled_from(envelopes), max_size=10)) if envelopes else []
    order = data.draw(st.permutations(envelopes + duplicated))
    delayed = data.draw(st.integers(0, len(order)))
    for env in order[delayed:] + order[:delayed]:
        late.deliver(env)
    expected = peers[0].replica.doc.render()
    assert late.replica.doc.render() == expected
    assert late.replica.doc.name == peers[0].replica.doc.name
    assert not late.replica.held
    assert not late.replica.pending
    assert set(late.rejected) <= {"replay"}
    assert late.rejected.count("replay") <= len(duplicated)  # a copy of a held one just waits


def test_a_gap_is_held_until_the_missing_update_arrives() -> None:
    peers = make_group(2)
    owner, friend = peers
    start = len(owner.log.entries)
    for n in range(3):
        friend.replica.add_track(track(n))
    friend.push()
    first, second, third = owner.log.entries[start:]
    owner.deliver(third)
    owner.deliver(second)
    assert owner.titles() == []
    assert len(owner.replica.held[friend.replica.me]) == 2
    owner.deliver(first)
    assert owner.titles() == ["Song 0", "Song 1", "Song 2"]
    assert not owner.replica.held
