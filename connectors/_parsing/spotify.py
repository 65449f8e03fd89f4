"""Spotify items as service tracks, shared by the account-data and extended-history importers."""

from __future__ import annotations

from connectors._parsing.ids import spotify_id, spotify_local
from domain import ServiceTrack
from domain.model import TrackKind

SERVICE = "spotify"


def spotify_track(
    uri: str | None, title: str | None, artist: str | None, album: str | None
) -> ServiceTrack:
    """A track from its URI and names; a ``spotify:local:`` URI or no URI gives no service id.

    Local files are the user's own files added to Spotify; they have no Spotify id, so they are
    identified by their names (``ServiceTrack.key``), with the names from the URI as fallback.
    """
    duration: int | None = None
    kind: TrackKind = "track"
    service_id: str | None = None
    if uri and uri.startswith("spotify:local:"):
        local_artist, local_album, local_title, duration = spotify_local(uri)
        artist, album, title = artist or local_artist, album or local_album, title or local_title
        kind = "local"
    elif uri:
        service_id = spotify_id(uri, "track")
    if not title:
        raise ValueError("track without a title")
    return ServiceTrack(
        service=SERVICE,
        service_id=service_id,
        title=title,
        artists=(artist,) if artist else (),
        album=album or None,
        duration_ms=duration,
        uri=uri or None,
        kind=kind,
    )


def spotify_episode(
    uri: str | None, title: str | None, show: str | None, kind: TrackKind = "episode"
) -> ServiceTrack:
    """A podcast episode (or a video podcast episode); the show stands in for the artist."""
    if not title and not uri:
        raise ValueError("episode without a name or URI")
    return ServiceTrack(
        service=SERVICE,
        service_id=spotify_id(uri, "episode") if uri else None,
        title=title or "",
        artists=(show,) if show else (),
        album=show or None,
        uri=uri or None,
        kind=kind,
    )


def spotify_chapter(
    uri: str | None, chapter: str | None, book: str | None, author: str | None = None
) -> ServiceTrack:
    """An audiobook chapter: the chapter is the title, the book the album."""
    if not chapter and not book:
        raise ValueError("audiobook play without a title")
    return ServiceTrack(
        service=SERVICE,
        service_id=_lenient_id(uri, "chapter"),
        title=chapter or book or "",
        artists=(author,) if author else (),
        album=book or None,
        uri=uri or None,
        kind="audiobook",
    )


def _lenient_id(uri: str | None, kind: str) -> str | None:
    # Audiobook URIs are new and undocumented; an unexpected shape keeps the URI, not the id.
    try:
        return spotify_id(uri, kind) if uri else None
    except ValueError:
        return None
