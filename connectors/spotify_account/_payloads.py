"""Raw shapes of the Spotify account-data files (``total=False``: the 2020 files lack URIs)."""

from __future__ import annotations

from typing import TypedDict


class LibraryTrack(TypedDict, total=False):
    artist: str
    album: str
    track: str
    uri: str


class LibraryAlbum(TypedDict, total=False):
    artist: str
    album: str
    uri: str


class LibraryShow(TypedDict, total=False):
    name: str
    publisher: str
    uri: str


class LibraryEpisode(TypedDict, total=False):
    name: str
    show: str
    uri: str


class LibraryArtist(TypedDict, total=False):
    name: str
    uri: str


class PlaylistTrack(TypedDict, total=False):
    trackName: str
    artistName: str
    albumName: str
    trackUri: str


class PlaylistEpisode(TypedDict, total=False):
    episodeName: str
    showName: str
    episodeUri: str


class PlaylistLocalTrack(TypedDict, total=False):
    uri: str  # spotify:local:Artist:Album:Title:Seconds
    trackName: str
    artistName: str
    albumName: str


class PlaylistItem(TypedDict, total=False):
    track: PlaylistTrack | None
    episode: PlaylistEpisode | None
    audiobook: dict[str, str] | None
    localTrack: PlaylistLocalTrack | None
    addedDate: str  # "2024-06-28"; absent in 2020 files


class SpotifyPlaylist(TypedDict, total=False):
    name: str
    lastModifiedDate: str
    description: str | None
    numberOfFollowers: int
    items: list[PlaylistItem]


class HistoryPlay(TypedDict, total=False):
    endTime: str  # "2023-10-02 23:43", UTC, end of play, minute precision
    msPlayed: int
    artistName: str  # music
    trackName: str
    podcastName: str  # podcasts
    episodeName: str
    audiobookName: str  # audiobooks
    chapterName: str
    authorName: str
