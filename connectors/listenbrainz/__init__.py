"""ListenBrainz listen exports: JSON Lines (the current export), a JSON list of listens, or a
submission document (``{"listen_type": "import", "payload": [...]}``).

``listened_at`` is the start of the listen (Unix seconds). The service id is the MusicBrainz
recording id (``mbid_mapping.recording_mbid`` or ``additional_info.recording_mbid``) when known.
"""

from connectors.listenbrainz._importer import ListenBrainzListens

IMPORTERS = (ListenBrainzListens(),)

__all__ = ["IMPORTERS", "ListenBrainzListens"]
