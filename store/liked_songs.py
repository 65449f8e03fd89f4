"""The user's liked songs as one list, the source of a liked-songs transfer.

Liked songs of one service, or of every service but the transfer's target; newest first (as
every service shows them). A song liked on two services (one recording, two service tracks) is
listed once, at the date it was first liked (two tracks liked on the *same* service stay two:
they are two liked songs there). Songs whose removal a sync has noticed (unliked on
the service, quarantined in ``sync_removal``) are left out.
"""

from __future__ import annotations

from datetime import datetime

from domain import Playlist, PlaylistEntry
from store.export import tracks_by_ids
from store.library import Library
from store.rows import from_ms

LIKED_NAME = "Liked songs"
#: The ``service_id`` of the liked-songs source (its transfer checkpoint key is
#: ``<service>:liked-songs``; ``library`` when several services are merged).
LIKED_ID = "liked-songs"


def liked_counts(library: Library) -> dict[str, int]:
    """Liked songs per service (tracks only)."""
    with library.read() as db:
        rows = db.execute(
            "SELECT service, count(*) FROM saved_item WHERE kind = 'track'"
            " AND track_id IS NOT NULL GROUP BY service ORDER BY service"
        ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def liked_songs(
    library: Library, *, only: str | None = None, exclude: str | None = None
) -> Playlist:
    """Liked songs of ``only`` (a service), else of every service except ``exclude``."""
    where, args = ["s.kind = 'track'", "s.track_id IS NOT NULL"], []
    if only is not None:
        where.append("s.service = ?")
        args.append(only)
    elif exclude is not None:
        where.append("s.service != ?")
        args.append(exclude)
    with library.read() as db:
        rows = db.execute(
            f"""SELECT s.track_id, s.added_at, t.recording_id, s.service FROM saved_item s
                JOIN service_track t ON t.id = s.track_id
                WHERE {" AND ".join(where)} AND NOT EXISTS (
                    SELECT 1 FROM sync_removal r WHERE r.item_key = s.key
                        AND r.service = s.service AND r.resolved_at IS NULL)
                ORDER BY coalesce(s.added_at, -1), s.id""",
            args,
        ).fetchall()
    liked_on: dict[int, str] = {}  # recording → the service it was first liked on
    kept: list[tuple[int, int | None]] = []
    for track_id, added_at, recording_id, service in rows:  # oldest first: the first like wins
        if recording_id is not None and liked_on.setdefault(int(recording_id), service) != service:
            continue  # the same song, liked again on another service
        kept.append((int(track_id), added_at))
    kept.reverse()
    tracks = tracks_by_ids(library, [t for t, _ in kept])
    entries = tuple(
        PlaylistEntry(i, track, _at(added_at))
        for i, (track, (_, added_at)) in enumerate(zip(tracks, kept, strict=True))
    )
    return Playlist(only or "library", LIKED_NAME, entries, service_id=LIKED_ID)


def _at(ms: int | None) -> datetime | None:
    return from_ms(ms)
