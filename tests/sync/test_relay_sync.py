"""Through a real relay process: two libraries share a playlist across services; the relay
never holds plaintext (sharing.md test 3); removal rotates the key and the relay token."""

from __future__ import annotations

from collections.abc import Callable

from store import Library
from sync import sharing
from sync.invites import InviteLink
from tests.relay.conftest import RelayProcess
from tests.sync.library_data import MARKER, deezer_track, load_playlist, spotify_track


def _titles(library: Library, name: str) -> list[str]:
    return [entry.track.title for entry, _ in sharing.entries(library, name)]


def _pair(
    relay: RelayProcess, make_library: Callable[[str], Library]
) -> tuple[Library, Library, str]:
    ana, ben = make_library("ana"), make_library("ben")
    load_playlist(ana, "Road trip", [spotify_track(1, MARKER), spotify_track(2)], "ana.json")
    load_playlist(ben, "Mine", [deezer_track(1, MARKER), deezer_track(3)], "ben.json")
    link = sharing.create_share(ana, "Road trip", f"ws://127.0.0.1:{relay.port}", "ana")
    name, doc_id = sharing.join_share(ben, link.to_url(), "ben")
    assert (name, doc_id) == ("Road trip", link.doc_id)
    sharing.sync_all(ana)  # the owner admits ben
    sharing.sync_all(ben)
    return ana, ben, doc_id


def test_friends_on_two_services_share_and_the_relay_sees_no_plaintext(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, ben, doc_id = _pair(relay_process, make_library)
    assert _titles(ben, doc_id) == [MARKER, "Song 2"]
    resolved = [r for _, r in sharing.entries(ben, doc_id)]
    assert resolved[0].in_library
    assert resolved[0].track is not None
    assert resolved[0].track.service == "deezer"  # ben's own copy, found by ISRC
    assert not resolved[1].in_library  # "not in your library"

    sharing.add_track(ben, doc_id, f"deezer:{9_000_003}")  # ben adds from his service
    sharing.sync_all(ben)
    sharing.sync_all(ana, force_checkpoint=True)
    sharing.sync_all(ben)
    assert _titles(ana, doc_id) == [MARKER, "Song 2", "Song 3"]
    assert _titles(ben, doc_id) == _titles(ana, doc_id)
    assert [m.name for m in sharing.members(ana, doc_id)] == ["ana", "ben"]

    relay_process.stop()  # flush everything it holds to disk, then search every byte of it
    files = [p for p in relay_process.data_dir.iterdir() if p.is_file()]
    assert any(p.name.startswith("relay.db") for p in files)
    for path in files:
        data = path.read_bytes()
        for marker in (MARKER, "Song 3", "Road trip", "ana", "Artist 1"):
            assert marker.encode() not in data, f"{marker!r} in {path.name}"


def test_a_removed_friend_reads_nothing_new_and_loses_relay_access(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, ben, doc_id = _pair(relay_process, make_library)
    cara = make_library("cara")
    link = sharing.invite(ana, doc_id)
    sharing.join_share(cara, link.to_url(), "cara")
    sharing.sync_all(ana)
    sharing.sync_all(cara)
    sharing.sync_all(ben)
    assert _titles(cara, doc_id) == [MARKER, "Song 2"]

    sharing.remove_member(ana, doc_id, "ben")
    sharing.add_track(ana, doc_id, "spotify:" + f"sp{2:020d}", 0)
    sharing.sync_all(ana)
    sharing.sync_all(cara)
    assert _titles(cara, doc_id) == ["Song 2", MARKER, "Song 2"]
    report = _sync_failing(ben)
    assert report == "forbidden"  # the relay token was rotated
    assert _titles(ben, doc_id) == [MARKER, "Song 2"]
    ben_members = {m.name: m.active for m in sharing.members(cara, doc_id)}
    assert ben_members == {"ana": True, "ben": False, "cara": True}


def test_an_invite_is_single_use(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, _ben, doc_id = _pair(relay_process, make_library)
    link = sharing.invite(ana, doc_id)
    cara, dan = make_library("cara"), make_library("dan")
    sharing.join_share(cara, link.to_url(), "cara")
    sharing.join_share(dan, link.to_url(), "dan")
    sharing.sync_all(ana)
    sharing.sync_all(cara)
    sharing.sync_all(dan)
    names = {m.name for m in sharing.members(ana, doc_id) if m.active}
    assert names == {"ana", "ben", "cara"}
    assert InviteLink.parse(link.to_url()).doc_id == doc_id


def _sync_failing(library: Library) -> str | None:
    from sync.errors import RelayFailure

    try:
        sharing.sync_all(library)
    except RelayFailure as e:
        return e.code
    return None


def test_a_friend_who_joins_after_a_rotation_reads_an_edit_made_offline_before_it(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, _ben, doc_id = _pair(relay_process, make_library)
    cara = make_library("cara")
    load_playlist(cara, "Hers", [spotify_track(5, "Offline song")], "cara.json")
    sharing.join_share(cara, sharing.invite(ana, doc_id).to_url(), "cara")
    sharing.sync_all(ana)
    sharing.sync_all(cara)
    sharing.add_track(cara, doc_id, "spotify:" + f"sp{5:020d}", 0)  # offline: sealed at epoch 1

    sharing.remove_member(ana, doc_id, "ben")  # rotation to epoch 2, then a checkpoint
    sharing.sync_all(ana)
    sharing.sync_all(cara)  # her epoch-1 edit lands after the rotation's checkpoint
    sharing.sync_all(ana)  # reads it with the old key and checkpoints, so newcomers can too

    dan = make_library("dan")
    sharing.join_share(dan, sharing.invite(ana, doc_id).to_url(), "dan")
    sharing.sync_all(ana)
    sharing.sync_all(dan)
    assert _titles(dan, doc_id) == _titles(ana, doc_id) == ["Offline song", MARKER, "Song 2"]
