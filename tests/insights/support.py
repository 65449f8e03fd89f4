"""A small library with answers known by hand, for the insights tests.

Spotify (first import) and Last.fm (second import) both report the play of "Alpha" that
started at 2024-01-31 23:30 UTC; Last.fm's report is a minute later, so it is the same play and
counts once. The first play lies in January in UTC, though it is February east of Greenwich.

Counted listens (start time UTC, ms played):
    spotify  Alpha   2024-01-31 23:30   200,000
    spotify  Alpha   2024-02-01 00:10   100,000
    spotify  Beta    2024-02-10 12:00    60,000
    spotify  Beta    2024-02-11 12:00    60,000
    spotify  episode 2024-03-01 08:00 1,000,000   (not music: in totals, not in top lists)
    lastfm   Alpha   2024-03-05 20:00      None
Not counted: lastfm Alpha 2024-01-31 23:31 (the same play as Spotify's).

Libraries (saved tracks and playlist tracks), as recordings by ISRC:
    spotify        saved Alpha (ISRC A); playlist: Beta (no ISRC), Gamma (ISRC B);
                   a banned track (ISRC D) is not part of the library
    apple_music    saved Alpha' (ISRC A), Delta (ISRC C)
    youtube_music  playlist: Gamma' (ISRC B), Alpha'' (ISRC A)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from domain import ImportRecord, Listen, Playlist, PlaylistEntry, SavedItem, ServiceTrack
from store import Library

PASSPHRASE = "correct horse battery staple"  # the one tests/conftest.py sets


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type, misc]


def ms(moment: datetime) -> int:
    return int(moment.timestamp()) * 1000


ALPHA = ServiceTrack("spotify", "alpha00000000000000000", "Alpha", ("Ann",), "First", isrc="A")
BETA = ServiceTrack("spotify", "beta000000000000000000", "Beta", ("Bob",), "Second")
GAMMA = ServiceTrack("spotify", "gamma00000000000000000", "Gamma", ("Gil",), "Third", isrc="B")
BANNED = ServiceTrack("spotify", "banned0000000000000000", "Noise", ("Nils",), isrc="D")
EPISODE = ServiceTrack(
    "spotify", "episode000000000000000", "Talk", ("A Show",), "A Show", kind="episode"
)
ALPHA_SCROBBLE = ServiceTrack("lastfm", None, "Alpha", ("Ann",), "First")

TOTAL_LISTENS = 6
TOTAL_MS = 200_000 + 100_000 + 60_000 + 60_000 + 1_000_000


def spotify_records() -> list[ImportRecord]:
    return [
        Listen(ALPHA, utc(2024, 1, 31, 23, 30), "spotify", 200_000),
        Listen(ALPHA, utc(2024, 2, 1, 0, 10), "spotify", 100_000),
        Listen(BETA, utc(2024, 2, 10, 12), "spotify", 60_000),
        Listen(BETA, utc(2024, 2, 11, 12), "spotify", 60_000),
        Listen(EPISODE, utc(2024, 3, 1, 8), "spotify", 1_000_000),
        SavedItem("spotify", "track", track=ALPHA),
        SavedItem("spotify", "banned_track", track=BANNED),
        Playlist(
            "spotify",
            "Mix",
            (PlaylistEntry(0, BETA), PlaylistEntry(1, GAMMA)),
            service_id="mix",
        ),
    ]


def lastfm_records() -> list[ImportRecord]:
    return [
        Listen(ALPHA_SCROBBLE, utc(2024, 1, 31, 23, 31), "lastfm"),
        Listen(ALPHA_SCROBBLE, utc(2024, 3, 5, 20), "lastfm"),
    ]


def other_libraries() -> list[ImportRecord]:
    return [
        SavedItem(
            "apple_music",
            "track",
            track=ServiceTrack("apple_music", "1", "Alpha", ("Ann",), isrc="A"),
        ),
        SavedItem(
            "apple_music",
            "track",
            track=ServiceTrack("apple_music", "2", "Delta", ("Dee",), isrc="C"),
        ),
        Playlist(
            "youtube_music",
            "Liked",
            (
                PlaylistEntry(
                    0, ServiceTrack("youtube_music", "gammagammag", "Gamma", ("Gil",), isrc="B")
                ),
                PlaylistEntry(
                    1, ServiceTrack("youtube_music", "alphaalphaa", "Alpha", ("Ann",), isrc="A")
                ),
            ),
            service_id="yt-liked",
        ),
    ]


def add(library: Library, records: Sequence[ImportRecord], name: str) -> None:
    """Import ``records`` as one batch, through the same writer the importers use."""
    with library.begin_import("test", name, name) as batch:
        for record in records:
            batch.add(record)


def fill(library: Library) -> None:
    add(library, spotify_records(), "spotify")
    add(library, lastfm_records(), "lastfm")
    add(library, other_libraries(), "others")
