"""Write ``demo-library.json``: the library the app opens with when a newcomer tries Mixtape.

Run from the repository root: ``python -m resources.demo.make_demo``. Standard library only;
seeded, so the same code always writes the same bytes. What it makes (songs from
:mod:`resources.demo.catalog`, everything else invented):

- every song on one to three of Spotify, Apple Music, YouTube Music and now and then Deezer,
  spelled the way each service spells it ("Song - Remastered 2011" / "Song (Remastered)",
  "(feat. X)" in the title or in the artists), with lengths a second or two apart and the
  same ISRC where the service gives one; hard negatives beside them: a live version, radio
  edits, a re-recording ("Taylor's Version"), and one song on Spotify twice (album + single);
- playlists on each service with order and added dates, two collaborative ones with
  ``added_by``, an Apple playlist without dates (Apple gives none) and a local one;
- liked songs per service, a few saved albums and followed artists;
- a year of listens (November 2025 to November 2026) in realistic sessions from Spotify and
  Apple Music, with Last.fm scrobbling most Spotify plays from mid-January: the same play twice.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connectors.mixtape_json import write_library
from domain.model import Playlist, PlaylistEntry, SavedItem, ServiceTrack
from resources.demo.catalog import SONGS, Song
from resources.demo.ids import Ids
from resources.demo.listens import make_listens

SEED = 20251101
OUT = Path(__file__).with_name("demo-library.json")
EXPORTED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
YEAR_START = datetime(2025, 11, 1, tzinfo=UTC)
YEAR_END = datetime(2026, 11, 1, tzinfo=UTC)
SCROBBLING_FROM = datetime(2026, 1, 15, tzinfo=UTC)
ME = "mara.listens"
FRIENDS = ("sam.k", "noor_b", "theo.plays")

#: Songs shown on three services whatever the dice say: the duplicates the demo is about.
EVERYWHERE = {
    "Bohemian Rhapsody",
    "Here Comes the Sun",
    "Hotel California",
    "Get Lucky",
    "Blinding Lights",
    "Crazy in Love",
    "Uptown Funk",
    "Dreams",
    "Take Five",
    "Mr. Brightside",
    '"Heroes"',
    "Despacito",
}
SERVICE_ODDS = (("spotify", 0.8), ("apple_music", 0.45), ("youtube_music", 0.4), ("deezer", 0.07))


def _join(names: Sequence[str], last: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def styled(song: Song, service: str, rng: random.Random) -> tuple[str, tuple[str, ...]]:
    """The song's title and artists as ``service`` writes them."""
    title, artists, guests = song.title, song.artists, song.guests
    if guests:
        if service == "spotify":
            title, artists = f"{title} (feat. {_join(guests, '&')})", artists + guests
        elif service == "apple_music":
            title = f"{title} (feat. {_join(guests, '&')})"
        elif service == "youtube_music":
            artists = artists + guests
        else:
            title, artists = f"{title} (feat. {', '.join(guests)})", artists + guests
    if song.remaster:
        year = song.remaster
        if service == "spotify":
            title = (
                f"{title} - Remastered {year}"
                if rng.random() < 0.6
                else f"{title} - {year} Remaster"
            )
        elif service == "apple_music":
            title = f"{title} (Remastered)" if rng.random() < 0.6 else f"{title} ({year} Remaster)"
        elif service == "deezer" or rng.random() < 0.5:
            title = f"{title} (Remastered {year})"
    return title, artists


def make_tracks(rng: random.Random, ids: Ids) -> tuple[list[ServiceTrack], dict[str, list[str]]]:
    """Every service track, and the tags of each (by key) for filling playlists."""
    tracks: list[ServiceTrack] = []
    tags: dict[str, list[str]] = {}
    for song in SONGS:
        services = [s for s, odds in SERVICE_ODDS if rng.random() < odds]
        if song.title in EVERYWHERE:
            services = sorted({*services, "spotify", "apple_music", "youtube_music"})
        services = services or ["spotify"]
        isrc = ids.isrc(song.remaster)
        base_ms = song.seconds * 1000 + rng.randrange(1000)
        for service in services:
            track = make_track(song, service, isrc, base_ms, rng, ids)
            tracks.append(track)
            tags[track.key] = list(song.tags)
    for track, song_tags in extra_tracks(rng, ids):
        tracks.append(track)
        tags[track.key] = song_tags
    return tracks, tags


def make_track(
    song: Song, service: str, isrc: str, base_ms: int, rng: random.Random, ids: Ids
) -> ServiceTrack:
    title, artists = styled(song, service, rng)
    if service == "spotify":
        track_id = ids.spotify()
        return ServiceTrack(
            service,
            track_id,
            title,
            artists,
            song.album,
            base_ms,
            isrc,
            song.explicit,
            f"spotify:track:{track_id}",
        )
    if service == "apple_music":
        ms = base_ms + rng.randint(-900, 900)
        code = isrc if rng.random() < 0.6 else None
        return ServiceTrack(
            service, ids.numeric(10), title, artists, song.album, ms, code, song.explicit
        )
    if service == "youtube_music":
        seconds = round(base_ms / 1000) + rng.choice((-2, -1, 0, 1, 1, 2))
        album = song.album if rng.random() < 0.7 else None
        return ServiceTrack(service, ids.youtube(), title, artists, album, seconds * 1000)
    seconds = round(base_ms / 1000)
    return ServiceTrack(
        service, ids.numeric(9), title, artists, song.album, seconds * 1000, isrc, song.explicit
    )


def extra_tracks(rng: random.Random, ids: Ids) -> list[tuple[ServiceTrack, list[str]]]:
    """Look-alikes that are *not* the same recording, and one song released twice on Spotify."""
    spotify_ids = [ids.spotify() for _ in range(4)]
    lucky = ("Daft Punk", "Pharrell Williams", "Nile Rodgers")
    blinding = next(s for s in SONGS if s.title == "Blinding Lights")
    return [
        (
            ServiceTrack(
                "spotify",
                spotify_ids[0],
                "Hotel California - Live On MTV, 1994",
                ("Eagles",),
                "Hell Freezes Over",
                434_813,
                ids.isrc(None),
                False,
                f"spotify:track:{spotify_ids[0]}",
            ),
            ["rock", "road"],
        ),
        (
            ServiceTrack(
                "spotify",
                spotify_ids[1],
                "Get Lucky (Radio Edit) [feat. Pharrell Williams and Nile Rodgers]",
                lucky,
                "Get Lucky",
                248_413,
                ids.isrc(None),
                False,
                f"spotify:track:{spotify_ids[1]}",
            ),
            ["pop", "party"],
        ),
        (
            ServiceTrack(
                "youtube_music", ids.youtube(), "Get Lucky (Radio Edit)", lucky, None, 249_000
            ),
            ["party", "gym"],
        ),
        (
            ServiceTrack(
                "spotify",
                spotify_ids[2],
                "Shake It Off (Taylor's Version)",
                ("Taylor Swift",),
                "1989 (Taylor's Version)",
                219_208,
                ids.isrc(None),
                False,
                f"spotify:track:{spotify_ids[2]}",
            ),
            ["pop", "party"],
        ),
        (
            ServiceTrack(
                "apple_music",
                ids.numeric(10),
                "Shake It Off",
                ("Taylor Swift",),
                "1989",
                219_200,
                ids.isrc(None),
                False,
            ),
            ["pop", "party"],
        ),
        (
            ServiceTrack(
                "spotify",
                spotify_ids[3],
                blinding.title,
                blinding.artists,
                "Blinding Lights",
                blinding.seconds * 1000 + 40,
                None,
                False,
                f"spotify:track:{spotify_ids[3]}",
            ),
            ["pop", "party"],
        ),
    ]


PLAYLISTS = (
    # service, name, tag, size, collaborative, dated, description
    ("spotify", "Sunday Morning", "sunday", 22, False, True, "Coffee, crosswords, no skipping."),
    ("spotify", "Road Trip 2026", "road", 30, True, True, "Everyone adds five. No vetoes. 🚗"),
    ("spotify", "Throwbacks", "throwback", 25, False, True, None),
    ("spotify", "Party Mix", "party", 40, True, True, "Requests → sam.k"),
    ("apple_music", "Focus", "focus", 20, False, True, "Headphones on."),
    ("apple_music", "Late Night Jazz", "jazz", 14, False, False, None),
    ("youtube_music", "Gym", "gym", 25, False, True, None),
    ("deezer", "Découvertes", "", 8, False, True, "Flow picks I kept"),
    ("local", "Best of Everything", "", 16, False, True, "Made in Mixtape from all my services"),
)


def make_playlists(
    rng: random.Random, ids: Ids, tracks: list[ServiceTrack], tags: dict[str, list[str]]
) -> list[Playlist]:
    playlists = []
    for service, name, tag, size, collaborative, dated, description in PLAYLISTS:
        pool = [t for t in tracks if service in ("local", t.service)]
        fitting = [t for t in pool if not tag or tag in tags[t.key]]
        others = [t for t in pool if t not in fitting]
        rng.shuffle(fitting)
        rng.shuffle(others)
        chosen = (fitting + others)[:size]
        if name == "Party Mix":  # the same song added twice, by two people: a dupe to clean up
            chosen.insert(17, chosen[3])
        when = YEAR_START - timedelta(days=rng.randint(60, 900))
        entries = []
        for position, track in enumerate(chosen):
            when += timedelta(minutes=rng.randint(1, 60 * 24 * 30))
            when = min(when, YEAR_END - timedelta(days=3))
            adder = rng.choice((ME, *FRIENDS)) if collaborative else ME
            entries.append(
                PlaylistEntry(
                    position,
                    track,
                    when if dated else None,
                    adder if service == "spotify" else None,
                )
            )
        owner = {"spotify": ME, "youtube_music": "Mara L", "deezer": "mara"}.get(service)
        playlists.append(
            Playlist(service, name, tuple(entries), ids.playlist(service), description, owner)
        )
    return playlists


def make_saved(rng: random.Random, ids: Ids, tracks: list[ServiceTrack]) -> list[SavedItem]:
    saved = []
    for service, share in (
        ("spotify", 0.55),
        ("apple_music", 0.45),
        ("youtube_music", 0.45),
        ("deezer", 0.6),
    ):
        liked = [t for t in tracks if t.service == service and rng.random() < share]
        dates = sorted(_moment(rng, datetime(2019, 3, 1, tzinfo=UTC), YEAR_END) for _ in liked)
        rng.shuffle(liked)
        saved += [
            SavedItem(service, "track", t, added_at=d) for t, d in zip(liked, dates, strict=True)
        ]
    for album, artist in (
        ("Rumours", "Fleetwood Mac"),
        ("Currents", "Tame Impala"),
        ("Kind of Blue", "Miles Davis"),
        ("Random Access Memories", "Daft Punk"),
    ):
        when = _moment(rng, datetime(2020, 1, 1, tzinfo=UTC), YEAR_END)
        saved.append(SavedItem("spotify", "album", None, album, artist, ids.spotify(), when))
    for artist in ("Radiohead", "Beyoncé", "Kendrick Lamar", "Björk", "Nils Frahm"):
        saved.append(SavedItem("spotify", "artist", None, artist, None, ids.spotify()))
    return saved


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def main(out_path: Path = OUT) -> None:
    rng = random.Random(SEED)  # noqa: S311 - made-up demo data, not secrets
    ids = Ids(rng)
    tracks, tags = make_tracks(rng, ids)
    playlists = make_playlists(rng, ids, tracks, tags)
    saved = make_saved(rng, ids, tracks)
    listens, scrobbled = make_listens(
        rng, tracks, playlists, saved, YEAR_START, YEAR_END, SCROBBLING_FROM
    )
    with out_path.open("wb") as out:
        write_library(out, tracks + scrobbled, playlists, saved, listens, exported_at=EXPORTED_AT)
    sys.stdout.write(
        f"{out_path.name}: {len(tracks)} service tracks (+{len(scrobbled)} scrobbled), "
        f"{len(playlists)} playlists, {len(saved)} saved, {len(listens)} listens, "
        f"{out_path.stat().st_size / 1e6:.2f} MB\n"
    )


if __name__ == "__main__":
    main()
