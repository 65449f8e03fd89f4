"""Friends' shared playlists as recommender input: each one's entries that are in this library.

A shared playlist's contents live in its CRDT state (``share_doc.state``), which only ``sync``
can read. Each entry is resolved against the library the same way the Shared section shows it
(:func:`sync.resolve.resolve_track`); entries not in the library are left out, since the
recommender only knows this library's tracks. The consent gates are applied afterwards by
:func:`store.recommend_data.training_rows`.
"""

from __future__ import annotations

import logging

from store.library import Library
from store.recommend_data import SharedPlaylistTracks
from sync.document import PlaylistDoc
from sync.resolve import resolve_track

logger = logging.getLogger(__name__)

#: The document is only read, never edited, so any fixed CRDT client id will do.
_READER_CLIENT_ID = 1


def shared_playlist_tracks(library: Library) -> list[SharedPlaylistTracks]:
    """Every shared playlist this library holds, by name, with its entries' track ids in order."""
    found: list[SharedPlaylistTracks] = []
    with library.read() as db:
        shares = db.execute(
            "SELECT doc_id, name, state FROM share_doc ORDER BY name COLLATE NOCASE, doc_id"
        ).fetchall()
        for _doc_id, name, state in shares:
            doc = PlaylistDoc(_READER_CLIENT_ID, bytes(state))
            ids: dict[int, None] = {}
            for entry in doc.render():
                resolution = resolve_track(db, entry.track)
                if resolution.track_id is not None:
                    ids[resolution.track_id] = None
            found.append(SharedPlaylistTracks(doc.name or str(name), tuple(ids)))
    logger.debug("read %d shared playlists for recommendations", len(found))
    return found
