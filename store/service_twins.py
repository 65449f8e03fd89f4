"""A recording's appearances on another service, found through the library's own identity
resolution: what a transfer can use instead of a paid catalog search (YouTube's search costs
100 of the 10,000 daily units)."""

from __future__ import annotations

from domain import ServiceTrack
from store.library import Library
from store.rows import artists_from_json


def appearances_by_isrc(library: Library, isrc: str, service: str) -> list[ServiceTrack]:
    """``service``'s tracks of the recordings that carry ``isrc`` (with a service id)."""
    with library.read() as db:
        rows = db.execute(
            """SELECT service_id, title, artists, album, duration_ms, uri FROM service_track
               WHERE service = ? AND service_id IS NOT NULL AND kind = 'track'
                 AND recording_id IN (SELECT recording_id FROM service_track
                                      WHERE isrc = ? AND recording_id IS NOT NULL)
               ORDER BY id""",
            (service, isrc),
        ).fetchall()
    return [
        ServiceTrack(
            service=service,
            service_id=str(r[0]),
            title=str(r[1]),
            artists=artists_from_json(str(r[2])),
            album=r[3],
            duration_ms=r[4],
            uri=r[5],
        )
        for r in rows
    ]
