"""The library read back as domain objects, streamed, for exports and portability.

Each generator holds one read connection while it runs and yields rows as it reads them, so a
million listens never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain import Listen, Playlist, PlaylistEntry, SavedItem, ServiceTrack
from store.library import Library
from store.rows import artists_from_json, from_ms

_TRACK = "t.service, t.service_id, t.title, t.artists, t.album, t.duration_ms, t.isrc,"
_TRACK += " t.explicit, t.uri, t.kind, t.linked_from"


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _track(row: Any) -> ServiceTrack:
    return ServiceTrack(
        service=row[0],
        service_id=row[1],
        title=row[2],
        artists=artists_from_json(row[3]),
        album=row[4],
        duration_ms=row[5],
        isrc=row[6],
        explicit=_bool(row[7]),
        uri=row[8],
        kind=row[9],
        linked_from=row[10],
    )


def iter_tracks(library: Library) -> Iterator[ServiceTrack]:
    with library.read() as db:
        for row in db.execute(f"SELECT {_TRACK} FROM service_track t ORDER BY t.id"):
            yield _track(row)


def tracks_by_ids(library: Library, track_ids: list[int]) -> list[ServiceTrack]:
    """The tracks with these row ids, in the order given (unknown ids are left out)."""
    found: dict[int, ServiceTrack] = {}
    with library.read() as db:
        for start in range(0, len(track_ids), 500):
            part = track_ids[start : start + 500]
            marks = ",".join("?" * len(part))
            sql = f"SELECT t.id, {_TRACK} FROM service_track t WHERE t.id IN ({marks})"
            for row in db.execute(sql, part):
                found[row[0]] = _track(row[1:])
    return [found[i] for i in track_ids if i in found]


def playlist_by_id(library: Library, playlist_id: int) -> Playlist:
    with library.read() as db:
        head = db.execute(
            "SELECT service, service_id, name, description, owner FROM playlist WHERE id = ?",
            (playlist_id,),
        ).fetchone()
        rows = db.execute(
            f"""SELECT e.position, e.added_at, e.added_by, {_TRACK}
                FROM playlist_entry e JOIN service_track t ON t.id = e.track_id
                WHERE e.playlist_id = ? ORDER BY e.position""",
            (playlist_id,),
        ).fetchall()
    if head is None:
        raise KeyError(playlist_id)
    entries = tuple(
        PlaylistEntry(position=r[0], track=_track(r[3:]), added_at=from_ms(r[1]), added_by=r[2])
        for r in rows
    )
    return Playlist(
        service=head[0],
        service_id=head[1],
        name=head[2],
        description=head[3],
        owner=head[4],
        entries=entries,
    )


def iter_playlists(library: Library) -> Iterator[Playlist]:
    for row in library.playlists.list():
        yield playlist_by_id(library, row.id)


def iter_saved(library: Library) -> Iterator[SavedItem]:
    with library.read() as db:
        rows = db.execute(
            f"""SELECT s.service, s.kind, s.name, s.artist, s.service_id, s.added_at,
                       s.track_id, {_TRACK}
                FROM saved_item s LEFT JOIN service_track t ON t.id = s.track_id
                ORDER BY s.id"""
        )
        for r in rows:
            yield SavedItem(
                service=r[0],
                kind=r[1],
                name=r[2],
                artist=r[3],
                service_id=r[4],
                added_at=from_ms(r[5]),
                track=_track(r[7:]) if r[6] is not None else None,
            )


def iter_listens(library: Library) -> Iterator[Listen]:
    """Every listen as reported, including plays another source also reported."""
    with library.read() as db:
        rows = db.execute(
            f"""SELECT l.played_at, l.source, l.ms_played, l.platform, l.reason_start,
                       l.reason_end, l.shuffle, l.skipped, l.offline, {_TRACK}
                FROM listen l JOIN service_track t ON t.id = l.track_id
                ORDER BY l.played_at, l.id"""
        )
        for r in rows:
            played_at = from_ms(r[0])
            assert played_at is not None
            yield Listen(
                track=_track(r[9:]),
                played_at=played_at,
                source=r[1],
                ms_played=r[2],
                platform=r[3],
                reason_start=r[4],
                reason_end=r[5],
                shuffle=_bool(r[6]),
                skipped=_bool(r[7]),
                offline=_bool(r[8]),
            )
