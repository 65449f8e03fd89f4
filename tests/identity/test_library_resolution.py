"""End to end: two services' real-shaped exports imported, resolved, explained, undone."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.importing import import_paths
from store import Library, Profile, open_library
from store.identity import Identity
from tests.identity.support import APPLE, SPOTIFY, by_title, import_both


def test_two_services_resolve_into_recordings_with_evidence(library: Library) -> None:
    import_both(library)
    groups = by_title(Identity(library).recordings())
    assert groups["Yesterday - Remastered 2009"] == {
        "Yesterday - Remastered 2009",
        "Yesterday (Remastered)",
    }
    assert groups["Группа крови"] == {"Группа крови", "Gruppa krovi"}
    assert groups["Moves Like Jagger"] == {
        "Moves Like Jagger",
        "Moves Like Jagger (feat. Christina Aguilera)",
    }
    assert groups["Hurts Like Heaven - Live"] == {"Hurts Like Heaven - Live"}  # live ≠ studio
    assert library.status()["recordings"] == 7
    (yesterday,) = [r for r in Identity(library).recordings() if r["title"].startswith("Yesterday")]
    assert yesterday["evidence"]["rule"] == "metadata"
    assert "both 'remastered'" in yesterday["evidence"]["summary"]


def test_undoing_the_automatic_matches_of_an_import_splits_them_for_good(library: Library) -> None:
    import_both(library)
    identity = Identity(library)
    (auto,) = [a for a in identity.history() if a["summary"].endswith("(Library.xml)")]
    identity.undo(auto["id"])
    assert all(len(r["members"]) == 1 for r in identity.recordings())
    identity.resolve_all()  # an undone match is the user's "no": re-matching keeps it apart
    assert all(len(r["members"]) == 1 for r in identity.recordings())


def test_one_decision_can_be_undone_alone(library: Library) -> None:
    import_both(library)
    identity = Identity(library)
    paradise = next(r for r in identity.recordings() if r["title"] == "Paradise")
    decision = paradise["evidence"]["decisions"][0]["id"]
    identity.undo(decision_id=decision)
    assert [len(r["members"]) for r in identity.recordings() if r["title"] == "Paradise"] == [1, 1]


def test_user_decisions_win_and_survive_a_reimport(library: Library, tmp_path: Path) -> None:
    import_both(library)
    identity = Identity(library)
    identity.split("spotify:6nek1Nin9q48AVZcWs9e9D")  # Paradise, Spotify copy
    identity.merge(
        ["spotify:1ae3DG6cbSGhuYeDkxVwxZ", "apple_music:A1B2C3D4E5F60001"]
    )  # live+studio
    fresh = open_library(Profile.resolve(tmp_path / "again"), "identity passphrase")
    try:
        Identity(fresh).import_mapping(identity.export_mapping())
        import_both(fresh)  # the tracks arrive after the decisions
        for lib in (library, fresh):
            groups = by_title(Identity(lib).recordings())
            assert groups["Paradise"] == {"Paradise"}
            assert groups["Hurts Like Heaven"] == {"Hurts Like Heaven", "Hurts Like Heaven - Live"}
    finally:
        fresh.close()
    # Re-importing a changed export (new content, same tracks) keeps the user's word.
    changed = tmp_path / SPOTIFY.name
    rows = json.loads(SPOTIFY.read_text(encoding="utf-8"))
    changed.write_text(json.dumps([{**r, "ms_played": 1000} for r in rows]), encoding="utf-8")
    import_paths(library, [changed])
    identity.resolve_all()
    groups = by_title(identity.recordings())
    assert groups["Paradise"] == {"Paradise"}
    assert groups["Hurts Like Heaven"] == {"Hurts Like Heaven", "Hurts Like Heaven - Live"}


def test_review_accept_and_reject_are_undoable(library: Library) -> None:
    writer = library.begin_import("test", "a.json", "h")
    from domain import ServiceTrack

    writer.add(ServiceTrack("spotify", "1", "Neon - Live at Birmingham", ("John Mayer",)))
    writer.add(ServiceTrack("apple_music", "2", "Neon (Live)", ("John Mayer",)))
    writer.complete()
    identity = Identity(library)
    (item,) = identity.review_queue()
    assert "duration unknown" in item["evidence"]["summary"]
    action = identity.review([item["id"]], accept=True)
    assert len(identity.recordings()) == 1
    assert not identity.review_queue()
    identity.undo(action)
    assert len(identity.recordings()) == 2
    assert len(identity.review_queue()) == 1
    identity.review([item["id"]], accept=False)
    assert len(identity.recordings()) == 2
    assert not identity.review_queue()


def test_dedupe_preview_apply_undo_round_trip(library: Library) -> None:
    import_both(library)
    identity = Identity(library)
    (road_trip,) = library.playlists.find("Road Trip")
    before = [(e.position, e.track.id) for e in library.playlists.entries(road_trip.id)]
    listens = library.status()["listens"]
    (group,) = identity.dedupe_preview("playlist", "earliest", road_trip.id)
    assert group["keep"]["position"] == 0
    assert [m["position"] for m in group["remove"]] == [2]
    assert [(e.position, e.track.id) for e in library.playlists.entries(road_trip.id)] == before
    action, _ = identity.dedupe_apply("playlist", "earliest", road_trip.id)
    after = [(e.position, e.track.id) for e in library.playlists.entries(road_trip.id)]
    assert after == [(0, before[0][1]), (1, before[1][1])]  # renumbered, order kept
    assert library.status()["listens"] == listens
    identity.undo(action)
    assert [(e.position, e.track.id) for e in library.playlists.entries(road_trip.id)] == before


def test_duplicates_across_playlists_and_liked_songs(library: Library) -> None:
    import_both(library)
    identity = Identity(library)
    (across,) = identity.duplicates("across_playlists")
    assert across["summary"] == "this song is in 2 of your playlists"
    assert identity.duplicates("liked") == []  # Apple liked songs only; nothing twice


def test_blocking_keeps_the_work_linear() -> None:
    from domain import ServiceTrack
    from domain.matching import resolve

    maker = __import__("store.identity.engine", fromlist=["x"]).default_feature_maker()
    tracks = [
        ServiceTrack("spotify", str(i), f"Song {i} of {i % 7}", (f"Artist {i % 300}",))
        for i in range(3000)
    ]
    features = {i: maker.features(t) for i, t in enumerate(tracks)}
    result = resolve(
        features, __import__("store.identity.engine", fromlist=["x"]).default_matcher()
    )
    assert result.compared < 20 * len(tracks)
    assert APPLE.exists()
