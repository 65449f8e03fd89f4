"""Mixtape JSON: the full-fidelity export of a whole library or one playlist, and its importer.

Every field of every domain record is kept, so reading a file gives back exactly the records
that were written. The file is ordinary JSON, laid out one record per line so that it can be
written and read as a stream::

    {"format":"mixtape","version":1,"kind":"library","exported_at":"2026-11-02T10:00:00Z",
    "tracks":[
    {"service":"spotify","service_id":"4uLU6hMCjMI75M1A2tKUQC","title":"…","artists":["…"],
     "album":"…","duration_ms":213000,"isrc":"GBAYE8800001","explicit":false,
     "uri":"spotify:track:4uLU6hMCjMI75M1A2tKUQC","kind":"track"},
    …
    ],
    "playlists":[
    {"service":"spotify","service_id":"…","name":"…","description":"…","owner":"…",
     "entries":[{"position":0,"track":"spotify:4uLU6hMCjMI75M1A2tKUQC",
                 "added_at":"…Z","added_by":"…"}, …]},
    ],
    "saved":[
    {"service":"spotify","kind":"track","track":"spotify:…","added_at":"…Z"},
    {"service":"spotify","kind":"album","name":"…","artist":"…","service_id":"…"},
    ],
    "listens":[
    {"track":"spotify:…","played_at":"…Z","source":"spotify","ms_played":201000,
     "platform":"…","reason_start":"…","reason_end":"…","shuffle":false,"skipped":false,
     "offline":false},
    ]}

Rules: ``kind`` is ``library`` or ``playlist``; field names are the domain model's; a field whose
value is null is left out; times are ISO 8601 UTC. Wherever a record uses a track (``track`` of
an entry, saved item or listen) it gives either the track's key (``ServiceTrack.key``, and the
track is in ``tracks``) or the whole track object. Sections come in the order above. A reader
refuses a ``version`` newer than it knows and skips sections it does not know.
"""

from __future__ import annotations

from connectors.mixtape_json._reader import MixtapeJsonImporter
from connectors.mixtape_json._writer import FORMAT, VERSION, write_library, write_playlist

IMPORTERS = (MixtapeJsonImporter(),)

__all__ = [
    "FORMAT",
    "IMPORTERS",
    "VERSION",
    "MixtapeJsonImporter",
    "write_library",
    "write_playlist",
]
