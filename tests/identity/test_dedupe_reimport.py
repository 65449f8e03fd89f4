"""A dedupe is remembered by playlist key and track keys: re-importing a changed export of the
playlist keeps the removed copies out, as an undoable action of its own in the history."""

from __future__ import annotations

from pathlib import Path

from app.core.importing import import_paths
from store import Library
from store.identity import Identity
from tests.identity.support import APPLE, import_both

_ROAD_TRIP_END = "\t\t\t</array>\n\t\t\t<key>Playlist Persistent ID</key>\n\t\t\t<string>ROADTRIP"


def _item(track_id: int) -> str:
    return (
        f"\t\t\t\t<dict>\n\t\t\t\t\t<key>Track ID</key>\n\t\t\t\t\t<integer>{track_id}</integer>"
        "\n\t\t\t\t</dict>\n"
    )


def changed_export(tmp_path: Path, *track_ids: int) -> Path:
    """The Apple library with ``track_ids`` appended to Road Trip (1004, 1010, 1004)."""
    text = APPLE.read_text(encoding="utf-8")
    assert text.count(_ROAD_TRIP_END) == 1
    added = "".join(_item(t) for t in track_ids)
    out = tmp_path / f"Library-{'-'.join(map(str, track_ids))}.xml"
    out.write_text(text.replace(_ROAD_TRIP_END, added + _ROAD_TRIP_END), encoding="utf-8")
    return out


def road_trip(library: Library) -> list[str]:
    with library.read() as db:
        rows = db.execute(
            "SELECT t.key FROM playlist_entry e JOIN playlist p ON p.id = e.playlist_id"
            " JOIN service_track t ON t.id = e.track_id WHERE p.name = 'Road Trip'"
            " ORDER BY e.position"
        ).fetchall()
    return [str(r[0]) for r in rows]


def reimport(library: Library, export: Path) -> None:
    (result,) = import_paths(library, [export])
    assert result.outcome == "imported", result


def test_reimport_keeps_removed_duplicates_out_until_undone(
    library: Library, tmp_path: Path
) -> None:
    import_both(library)
    identity = Identity(library)
    song, other, _ = road_trip(library)
    dedupe, _ = identity.dedupe_apply("playlist", "earliest")
    assert road_trip(library) == [song, other]
    # The changed export still has the duplicate, one more copy of it and a new song.
    reimport(library, changed_export(tmp_path, 1000, 1004))
    newcomer = road_trip(library)[-1]
    assert newcomer not in (song, other)
    assert road_trip(library) == [song, other, newcomer]
    latest = identity.history()[0]
    assert latest["kind"] == "dedupe"
    assert "on re-import" in latest["summary"]
    assert not latest["undone_at"]
    assert identity.duplicates("playlist") == []
    # Undo brings back the playlist exactly as the re-import wrote it…
    undone = identity.undo()
    assert undone["undone"] == latest["id"]
    assert road_trip(library) == [song, other, song, newcomer, song]
    # …and the user's undo is remembered too: the next re-import keeps every copy.
    reimport(library, changed_export(tmp_path, 1000, 1004, 1006))
    assert road_trip(library).count(song) == 3
    assert dedupe not in {a["id"] for a in identity.history() if a["undone_at"]}


def test_undoing_the_first_dedupe_after_a_reimport_restores_what_the_import_wrote(
    library: Library, tmp_path: Path
) -> None:
    import_both(library)
    identity = Identity(library)
    song, other, _ = road_trip(library)
    dedupe, _ = identity.dedupe_apply("playlist", "best")
    reimport(library, changed_export(tmp_path, 1000, 1004))
    *kept, newcomer = road_trip(library)
    assert kept == [song, other]
    reapplied = identity.history()[0]["id"]
    identity.undo(dedupe)
    assert road_trip(library) == [song, other, song, newcomer, song]
    undone = {a["id"] for a in identity.history() if a["undone_at"]}
    assert {dedupe, reapplied} <= undone


def test_a_reimport_that_changes_nothing_else_records_nothing(
    library: Library, tmp_path: Path
) -> None:
    import_both(library)
    identity = Identity(library)
    identity.dedupe_apply("playlist", "earliest")
    actions = len(identity.history())
    before = road_trip(library)
    # Same playlist, one more copy of the removed duplicate: after the rule, nothing changed.
    reimport(library, changed_export(tmp_path, 1004))
    assert road_trip(library) == before
    assert len(identity.history()) == actions
