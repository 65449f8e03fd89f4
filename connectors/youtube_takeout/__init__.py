"""Google Takeout for YouTube and YouTube Music.

- ``music library songs.csv``: the YouTube Music library (saved songs; no dates).
- ``playlists/<title>-videos.csv``: one playlist's video ids with the time each was added
  (the playlist title is the file name; ids starting with ``-`` are written with a leading
  space). ``playlists/playlists.csv`` describes the playlists; it is recognised and yields
  nothing, because an importer sees one file and cannot join it to the per-playlist files.
- ``history/watch-history.json`` and ``watch-history.html``: everything watched on YouTube;
  only rows whose ``header`` is "YouTube Music" are kept (``products`` says "YouTube" for both).
"""

from connectors.youtube_takeout._csv import LibrarySongs, PlaylistIndex, PlaylistVideos
from connectors.youtube_takeout._history import WatchHistoryHtml, WatchHistoryJson

IMPORTERS = (
    LibrarySongs(),
    PlaylistVideos(),
    PlaylistIndex(),
    WatchHistoryJson(),
    WatchHistoryHtml(),
)

__all__ = [
    "IMPORTERS",
    "LibrarySongs",
    "PlaylistIndex",
    "PlaylistVideos",
    "WatchHistoryHtml",
    "WatchHistoryJson",
]
