"""Spotify's *extended* streaming history: ``Streaming_History_Audio_*.json``,
``Streaming_History_Video_*.json`` and the older ``endsong_*.json``.

Each file is one JSON list of plays. ``ts`` is when the play *ended*, so a listen starts at
``ts - ms_played``. Rows carry a track, a podcast episode (video podcasts too) or an audiobook
chapter; the others are null. Episodes and chapters are kept as listens of ``kind="episode"``,
``"video"`` (rows of a ``Video`` file) or ``"audiobook"``, so listening time adds up. A row
with none of them (Spotify writes such rows for plays it could not attribute) carries nothing
to identify and is skipped; the count is logged per file.
"""

from connectors.spotify_extended._importer import SpotifyExtendedHistory

IMPORTERS = (SpotifyExtendedHistory(),)

__all__ = ["IMPORTERS", "SpotifyExtendedHistory"]
