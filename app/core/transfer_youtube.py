"""YouTube Music as a transfer target (``app.core.transfer``), registered in
``app.core.transfer_targets``.

The quota decides the shape (services.md, "YouTube Music"): a search costs 100 of the 10,000
daily units and each added song 50, so

- matching spends no search on a song whose recording the library already knows on YouTube
  (identity resolution put a YouTube appearance beside the source track: the ISRC lookup is
  answered from the library, for free); YouTube itself has no ISRC lookup;
- songs are written one ``playlistItems.insert`` at a time, each at its position, with a
  checkpoint after every one: when the day's budget is reached the transfer stops saying so
  (``QuotaExhausted``) and, run again after midnight Pacific time, resumes after the last song
  that landed (the target's tail is read back first), so nothing is added twice;
- there is no mirror: the target's songs are never removed.

Liked songs (``app.core.transfer_liked``) become liked videos: ``videos.rate`` (50 units) one
song per call, oldest first, each booked in the quota ledger before it is sent, so a long list
parks at the day's budget like a playlist does; the next run reads the liked videos back first
(1 unit a page) and skips every song already liked, so nothing is rated twice. YouTube dates
each like at the moment of the call: the source's dates cannot be kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from connectors.live import PlaylistSummary
from connectors.youtube_api import YouTubeConnector
from domain import ServiceTrack
from store import Library
from store.service_twins import appearances_by_isrc

SERVICE = "youtube_music"


class YouTubeTarget:
    service = SERVICE
    write_batch = YouTubeConnector.write_batch
    can_remove = False
    write_caveat = (
        "YouTube keeps the order but not the dates added; each song costs 50 of the day's "
        "10,000 units, so a long playlist continues after midnight Pacific time"
    )

    #: Liked songs are rated one video per videos.rate call (50 units each).
    save_batch = 1
    liked_caveat = (
        "YouTube cannot keep the dates songs were liked: they are liked oldest first, so the "
        "order is kept; each costs 50 of the day's 10,000 units, so a long list continues "
        "after midnight Pacific time"
    )

    def __init__(self, connector: YouTubeConnector, library: Library) -> None:
        self.connector = connector
        self._library = library

    def close(self) -> None:
        self.connector.close()

    def lookup_isrc(self, isrc: str) -> list[ServiceTrack]:
        """The library's own YouTube appearances of the recording with this ISRC (no units)."""
        return appearances_by_isrc(self._library, isrc, SERVICE)

    def search(self, title: str, artists: tuple[str, ...], limit: int = 5) -> list[ServiceTrack]:
        return self.connector.search(title, artists, limit)

    def create_playlist(self, name: str, description: str) -> str:
        return self.connector.create_playlist(name, description)

    def append_items(self, playlist_id: str, track_ids: list[str], position: int | None) -> None:
        self.connector.append_items(playlist_id, track_ids, position)

    def replace_items(self, playlist_id: str, track_ids: list[str]) -> None:
        self.connector.replace_items(playlist_id, track_ids)

    def read_item_ids(self, playlist_id: str, offset: int = 0) -> list[str | None]:
        return self.connector.read_item_ids(playlist_id, offset)

    def all_playlists(self) -> Iterator[PlaylistSummary]:
        return self.connector.all_playlists()

    # -- liked songs (``app.core.transfer_liked.LikedSongsTarget``) -------------------------
    def saved_track_ids(self) -> list[str]:
        return self.connector.liked_video_ids()

    def save_tracks(self, items: list[tuple[str, datetime | None]]) -> bool:
        """Like each video, one call each, in the order given. Returns ``False``: YouTube
        dates every like at the moment of the call."""
        for video_id, _ in items:
            self.connector.like_video(video_id)
        return False
