"""A shared entry, seen from my library: my own copy of the track, or "not in your library".

One function, ``resolve_track``, so the identity resolver can take over: it looks up the
service ids the entry carries, then the ISRC, then the normalised title and artists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from domain.model import ServiceTrack
from domain.normalize import match_key
from store.database import DB
from sync.document import TrackRef

_COLUMNS = "id, service, service_id, title, artists, album, duration_ms, isrc, recording_id"


@dataclass(frozen=True, slots=True)
class Resolution:
    track_id: int | None
    track: ServiceTrack | None
    rule: str  # service_id, isrc, match_key, or none

    @property
    def in_library(self) -> bool:
        return self.track is not None


def track_ref_from(track: ServiceTrack) -> TrackRef:
    ids = {track.service: track.service_id} if track.service_id else {}
    return TrackRef(
        title=track.title,
        artists=track.artists,
        album=track.album,
        duration_ms=track.duration_ms,
        isrc=track.isrc,
        service_ids=ids,
    )


def resolve_track(db: DB, ref: TrackRef) -> Resolution:
    for service, service_id in sorted(ref.service_ids.items()):
        row = db.execute(
            f"SELECT {_COLUMNS} FROM service_track WHERE service = ? AND service_id = ? LIMIT 1",
            (service, service_id),
        ).fetchone()
        if row is not None:
            return Resolution(int(row[0]), row_to_track(row), "service_id")
    if ref.isrc:
        row = db.execute(
            f"SELECT {_COLUMNS} FROM service_track WHERE isrc = ? ORDER BY id LIMIT 1",
            (ref.isrc.upper(),),
        ).fetchone()
        if row is not None:
            return Resolution(int(row[0]), row_to_track(row), "isrc")
    key = match_key(ref.title, ref.artists)
    row = db.execute(
        f"SELECT {_COLUMNS} FROM service_track WHERE match_key = ? ORDER BY id LIMIT 1", (key,)
    ).fetchone()
    if row is not None:
        return Resolution(int(row[0]), row_to_track(row), "match_key")
    return Resolution(None, None, "none")


def row_to_track(row: tuple[object, ...]) -> ServiceTrack:
    artists = json.loads(str(row[4])) if row[4] else []
    return ServiceTrack(
        service=str(row[1]),
        service_id=str(row[2]) if row[2] is not None else None,
        title=str(row[3]),
        artists=tuple(str(a) for a in artists),
        album=str(row[5]) if row[5] is not None else None,
        duration_ms=int(str(row[6])) if row[6] is not None else None,
        isrc=str(row[7]) if row[7] is not None else None,
    )


def ref_for_track(db: DB, track_id: int) -> TrackRef:
    """A library track's reference, with the ids of every appearance of its recording we know
    (so a friend on another service finds it by id, not only by name)."""
    row = db.execute(f"SELECT {_COLUMNS} FROM service_track WHERE id = ?", (track_id,)).fetchone()
    if row is None:
        raise KeyError(track_id)
    ref = track_ref_from(row_to_track(row))
    ids = dict(ref.service_ids)
    if row[8] is not None:
        for service, service_id in db.execute(
            "SELECT service, service_id FROM service_track WHERE recording_id = ? "
            "AND service_id IS NOT NULL ORDER BY id",
            (row[8],),
        ):
            ids.setdefault(str(service), str(service_id))
    return TrackRef(ref.title, ref.artists, ref.album, ref.duration_ms, ref.isrc, ids)
