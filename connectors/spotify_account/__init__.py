"""Spotify *account data* ("Download your data"): ``YourLibrary.json``, ``Playlist*.json`` and
``StreamingHistory*.json`` (music, podcasts, audiobooks), in the 2020 and the current shapes.

The 2020 shape has no URIs and no added dates: those tracks have no service id and are
identified by their names (``ServiceTrack.key``); entries keep ``added_at=None``.
"""

from connectors.spotify_account._history import SpotifyStreamingHistory
from connectors.spotify_account._library import SpotifyLibrary
from connectors.spotify_account._playlists import SpotifyPlaylists

IMPORTERS = (SpotifyLibrary(), SpotifyPlaylists(), SpotifyStreamingHistory())

__all__ = ["IMPORTERS", "SpotifyLibrary", "SpotifyPlaylists", "SpotifyStreamingHistory"]
