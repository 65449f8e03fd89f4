"""What the receiver refuses (sharing.md tests 4 and 5), and that refusing changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Profile, open_library
from sync.crypto import DeviceKeys, crdt_client_id, envelope_key
from sync.document import PlaylistDoc
from sync.envelope import Header, Kind, seal_envelope
from sync.errors import EnvelopeRejected
from sync.receiver import receive
from sync.state import load_replica, save_replica
from tests.sync.support import DOC_ID, Peer, make_group, track


def _next_update(peer: Peer) -> bytes:
    """A fresh update envelope from ``peer`` (taken out of its outbox, not yet delivered)."""
    peer.replica.add_track(track(99))
    seq = max(peer.replica.outbox)
    return peer.replica.outbox.pop(seq).env


def _rejects(peer: Peer, env: bytes) -> str:
    before = peer.replica.doc.get_update()
    with pytest.raises(EnvelopeRejected) as caught:
        receive(peer.replica, env)
    assert peer.replica.doc.get_update() == before
    return caught.value.reason


def test_every_flipped_byte_is_rejected_and_changes_nothing() -> None:
    owner, friend = make_group(2)
    env = _next_update(friend)
    state = owner.replica.doc.get_update()
    seqs = dict(owner.replica.last_seq)
    for i in range(len(env)):
        damaged = bytearray(env)
        damaged[i] ^= 0x01
        with pytest.raises(EnvelopeRejected):
            receive(owner.replica, bytes(damaged))
        assert owner.replica.doc.get_update() == state
        assert owner.replica.last_seq == seqs, f"byte {i}"
        assert not owner.replica.held
    assert receive(owner.replica, env) == "applied"  # the original still goes through
    assert owner.titles() == ["Song 99"]


def test_a_replay_is_rejected_also_after_a_restart(tmp_path: Path) -> None:
    owner, friend = make_group(2)
    env = _next_update(friend)
    assert receive(owner.replica, env) == "applied"
    assert _rejects(owner, env) == "replay"
    library = open_library(Profile(tmp_path / "p"), "a passphrase for the test")
    with library.write() as db:
        save_replica(db, owner.replica, "ws://relay.test")
    with library.read() as db:
        restarted = load_replica(db, DOC_ID, owner.replica.device)
    library.close()
    assert _rejects(Peer(restarted, owner.log), env) == "replay"
    assert [e.track.title for e in restarted.doc.render()] == ["Song 99"]


def test_an_update_writing_another_devices_client_id_is_rejected() -> None:
    owner, friend, victim = make_group(3)
    forged_doc = PlaylistDoc(crdt_client_id(victim.replica.me, DOC_ID))
    _, update = forged_doc.add(track(5))
    replica = friend.replica
    header = Header(Kind.UPDATE, DOC_ID, replica.epoch, replica.device_seq + 1, replica.me)
    key = envelope_key(replica.keys[replica.epoch], DOC_ID, replica.epoch)
    env = seal_envelope(header, update, key, replica.device)
    assert _rejects(owner, env) == "forged_client"


def test_a_device_that_is_not_a_member_is_rejected() -> None:
    owner, friend = make_group(2)
    stranger = DeviceKeys.generate()  # has the key (a leaked link) but was never admitted
    replica = friend.replica
    header = Header(Kind.UPDATE, DOC_ID, replica.epoch, 1, stranger.public)
    doc = PlaylistDoc(crdt_client_id(stranger.public, DOC_ID))
    _, update = doc.add(track(1))
    env = seal_envelope(header, update, envelope_key(replica.keys[1], DOC_ID, 1), stranger)
    assert _rejects(owner, env) == "non_member"


def test_an_envelope_for_another_document_is_rejected() -> None:
    owner, friend = make_group(2)
    replica = friend.replica
    header = Header(
        Kind.UPDATE, "another-doc-42", replica.epoch, replica.device_seq + 1, replica.me
    )
    env = seal_envelope(
        header, b"\x00\x00", envelope_key(replica.keys[1], DOC_ID, 1), replica.device
    )
    assert _rejects(owner, env) == "wrong_doc"


def test_an_unknown_epoch_is_rejected() -> None:
    owner, friend = make_group(2)
    replica = friend.replica
    header = Header(Kind.UPDATE, DOC_ID, 7, replica.device_seq + 1, replica.me)
    _, update = PlaylistDoc(crdt_client_id(replica.me, DOC_ID)).add(track(1))
    env = seal_envelope(header, update, b"k" * 32, replica.device)
    assert _rejects(owner, env) == "unknown_epoch"


def test_a_removed_member_is_rejected_and_reads_nothing_new() -> None:
    owner, friend, removed = make_group(3)
    owner.replica.remove_member(removed.replica.me)
    owner.sync()
    friend.sync()
    removed.sync()
    assert owner.replica.epoch == friend.replica.epoch == 2
    assert removed.replica.epoch == 1
    assert 2 not in removed.replica.keys
    late_edit = _next_update(removed)  # sealed after the removal was in the log
    assert _rejects(owner, late_edit) == "non_member"
    assert _rejects(friend, late_edit) == "non_member"
    friend.replica.add_track(track(7))
    friend.sync()
    owner.sync()
    removed.pull()
    assert owner.titles() == ["Song 7"]
    assert "Song 7" not in removed.titles()
    assert "unknown_epoch" in removed.rejected
