"""Tidal's GDPR export: the streaming CSV (``artist_name,track_title,entry_date,…``).

``entry_date`` is ``DD/MM/YYYY H:MM``, the start of the stream in the row's ``time_zone`` (an
IANA name; a missing, ``null`` or unknown zone is read as UTC). Durations are floats in
milliseconds; missing values are the literal text ``null``. Only ``TRACK`` rows are plays
(``ALBUM`` rows are not). Several artists are joined with " Feat. ".
"""

from connectors.tidal._importer import TidalStreams

IMPORTERS = (TidalStreams(),)

__all__ = ["IMPORTERS", "TidalStreams"]
