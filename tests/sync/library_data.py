"""Small libraries for the sync tests: the same songs as different friends' services hold them."""

from __future__ import annotations

from domain import Playlist, PlaylistEntry, ServiceTrack
from store import Library

MARKER = "Quixotic Plaintext Marker 7781"


def spotify_track(n: int, title: str | None = None) -> ServiceTrack:
    return ServiceTrack(
        service="spotify",
        service_id=f"sp{n:020d}",
        title=title or f"Song {n}",
        artists=(f"Artist {n}",),
        album="Album",
        duration_ms=200_000 + n,
        isrc=f"GBAAA{n:07d}",
    )


def deezer_track(n: int, title: str | None = None) -> ServiceTrack:
    """The same recording on Deezer: another id, same ISRC."""
    base = spotify_track(n, title)
    return ServiceTrack(
        "deezer", str(9_000_000 + n), base.title, base.artists, base.album, base.duration_ms,
        base.isrc,
    )  # fmt: skip


def load_playlist(library: Library, name: str, tracks: list[ServiceTrack], source: str) -> None:
    playlist = Playlist(
        tracks[0].service,
        name,
        tuple(PlaylistEntry(i, t) for i, t in enumerate(tracks)),
        service_id=f"pl-{name}",
    )
    with library.begin_import("test", source, source) as batch:
        for t in tracks:
            batch.add(t)
        batch.add(playlist)
