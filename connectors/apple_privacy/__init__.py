"""Apple's privacy export (privacy.apple.com → "Apple Media Services information"):
``Apple Music Library Tracks.json`` and ``Apple Music Play Activity.csv``.

Apple's catalog id ("Apple Music Track Identifier") is the service id when present, else the
library's own "Track Identifier" (the CLI contract's rule). The play-activity file has no ids
at all and, in newer exports, no artist either; its tracks are identified by title and album.
"""

from connectors.apple_privacy._library_tracks import AppleLibraryTracks
from connectors.apple_privacy._play_activity import ApplePlayActivity

IMPORTERS = (AppleLibraryTracks(), ApplePlayActivity())

__all__ = ["IMPORTERS", "AppleLibraryTracks", "ApplePlayActivity"]
