"""Local playlists (made in Mixtape) are editable, densely ordered and exactly undoable; the
library filters, consents, settings and the track detail read what they should."""

from __future__ import annotations

import pytest

from domain import Playlist, PlaylistEntry, SavedItem, ServiceTrack
from store import Library
from store.consents import Consents, Settings
from store.local_playlists import LocalPlaylists, NotEditable, inverse, moved_order
from store.track_detail import track_detail
from tests.store.support import T0, track


def _tracks(library: Library, n: int = 5) -> list[int]:
    with library.begin_import("test", "tracks.json", "tracks") as batch:
        for i in range(n):
            batch.add(track(i))
    return [t.id for t in sorted(library.tracks.page(0, 100), key=lambda t: t.service_id or "")]


def _order(library: Library, playlist_id: int) -> list[tuple[int, int]]:
    return [(e.position, e.track.id) for e in library.playlists.entries(playlist_id)]


def test_entries_are_inserted_moved_removed_and_restored_densely(library: Library) -> None:
    ids = _tracks(library)
    local = LocalPlaylists(library)
    pid = local.create("  Road   trip ")
    assert local.insert(pid, ids[:3]) == [0, 1, 2]
    assert local.insert(pid, ids[3:], position=1) == [1, 2]
    expected = [ids[0], ids[3], ids[4], ids[1], ids[2]]
    assert _order(library, pid) == list(enumerate(expected))

    order = local.move(pid, [3, 4], 0)
    assert [t for _, t in _order(library, pid)] == [ids[1], ids[2], ids[0], ids[3], ids[4]]
    local.reorder(pid, inverse(order))
    assert [t for _, t in _order(library, pid)] == expected

    removed = local.remove(pid, [1, 3])
    assert [t for _, t in _order(library, pid)] == [ids[0], ids[4], ids[2]]
    local.restore(pid, removed)
    assert _order(library, pid) == list(enumerate(expected))
    assert library.playlists.find("Road trip")[0].entries == 5


def test_rename_delete_and_recreate_keep_the_playlist_whole(library: Library) -> None:
    ids = _tracks(library, 3)
    local = LocalPlaylists(library)
    pid = local.create("Mix")
    local.insert(pid, ids, added_by="you", added_at=T0)
    assert local.rename(pid, "Better mix") == "Mix"
    name, entries = local.delete(pid)
    assert library.playlists.list() == []
    local.recreate(pid, name, entries)
    rows = library.playlists.entries(pid)
    assert [e.track.id for e in rows] == ids
    assert rows[0].added_by == "you"
    assert rows[0].added_at == T0
    assert library.playlists.list()[0].name == "Better mix"


def test_service_playlists_cannot_be_edited(library: Library) -> None:
    t = track(1)
    with library.begin_import("test", "p.json", "p") as batch:
        batch.add(Playlist("spotify", "From Spotify", (PlaylistEntry(0, t),), service_id="p1"))
    pid = library.playlists.list()[0].id
    local = LocalPlaylists(library)
    with pytest.raises(NotEditable):
        local.rename(pid, "Mine now")
    with pytest.raises(NotEditable):
        local.remove(pid, [0])


def test_moved_order_moves_a_block_before_the_target() -> None:
    assert moved_order(5, [0, 1], 4) == [2, 3, 0, 1, 4]
    assert moved_order(5, [4], 0) == [4, 0, 1, 2, 3]
    assert moved_order(3, [0], 3) == [1, 2, 0]
    with pytest.raises(ValueError, match="range"):
        moved_order(3, [5], 0)


def test_library_filters_by_spread_over_services_and_saved(library: Library) -> None:
    shared = dict(title="Same Song", artists=("Band",), isrc="QZ0000000001")
    a = ServiceTrack(service="spotify", service_id="s1", **shared)  # type: ignore[arg-type]
    b = ServiceTrack(service="apple_music", service_id="a1", **shared)  # type: ignore[arg-type]
    lone = ServiceTrack(service="spotify", service_id="s2", title="Alone", artists=("Solo",))
    with library.begin_import("test", "f.json", "f") as batch:
        for t in (a, b, lone):
            batch.add(t)
        batch.add(SavedItem("spotify", "track", track=lone, added_at=T0))
    with library.write() as db:  # one recording, as identity resolution makes for one ISRC
        db.execute(
            "UPDATE service_track SET recording_id = (SELECT min(recording_id) FROM"
            " service_track WHERE title = 'Same Song') WHERE title = 'Same Song'"
        )
    assert library.tracks.count(min_services=2) == 2
    assert {t.title for t in library.tracks.page(0, 10, min_services=2)} == {"Same Song"}
    assert [t.title for t in library.tracks.page(0, 10, saved=True)] == ["Alone"]
    assert library.tracks.count(saved=False) == 2
    assert library.tracks.count("same", "apple_music", min_services=2, saved=False) == 1

    detail = track_detail(library, library.tracks.page(0, 10, service="spotify")[1].id)
    assert detail is not None
    assert {t.service for t in detail.appearances} == {"spotify", "apple_music"}


def test_consents_and_settings_round_trip(library: Library) -> None:
    consents = Consents(library)
    assert consents.granted("spotify", "import")  # importing a chosen file is consent
    assert consents.granted("spotify", "recommend")  # on-device, shown ticked, can be refused
    assert not consents.granted("spotify", "write_back")
    consents.set("spotify", "recommend", False)
    assert not consents.granted("spotify", "recommend")
    with pytest.raises(ValueError, match="purpose"):
        consents.set("spotify", "sell", True)
    settings = Settings(library)
    assert settings.get("onboarding") is None
    settings.set("onboarding", {"artists": ["Björk"], "genres": []})
    assert settings.get("onboarding") == {"artists": ["Björk"], "genres": []}
