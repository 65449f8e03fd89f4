"""Last.fm and Libre.fm exports: scrobble CSVs and loved-tracks JSON.

Scrobble CSVs come from several tools: Libre.fm's own export (UTF-7, three ``#`` comment lines,
``Artist,Track,Album,Time``), exports with a ``uts,utc_time,artist,…`` header, and
lastfm-to-csv (no header: artist, album, track, date as ``31 Jan 2021 19:03`` or
``31 Jan 2021, 19:03``). Scrobble times are the start of the play, in UTC. Scrobbles have no
service id; the MusicBrainz recording id is used when the file gives one (CLI contract).
Libre.fm is a Last.fm-compatible service and is reported as ``lastfm``.
"""

from connectors.lastfm._loved import LovedTracks
from connectors.lastfm._scrobbles import ScrobbleCsv

IMPORTERS = (ScrobbleCsv(), LovedTracks())

__all__ = ["IMPORTERS", "LovedTracks", "ScrobbleCsv"]
