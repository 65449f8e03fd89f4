"""Real track metadata from ../shared/data, and how each service writes a song.

Read straight from the shared folder at run time (never copied into the repository):
Apple ``Library.xml`` and the Apple privacy export (titles, artists, albums, durations),
the Spotify extended history and account export, and the YouTube Music takeout library.
"""

from __future__ import annotations

import csv
import json
import plistlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from anyascii import anyascii

from domain import ServiceTrack
from domain.matching.tags import parse_title
from domain.normalize import fold

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass(frozen=True)
class Song:
    """One real recording: bare title, main and featured artists, tags, album, duration."""

    title: str
    artists: tuple[str, ...]
    featured: tuple[str, ...]
    tags: tuple[tuple[str, str], ...]  # (kind, detail) as written in the source
    album: str
    duration_ms: int | None
    source: str


def _split_credit(credit: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|&| feat\. | x )\s*", credit, flags=re.IGNORECASE)
    return tuple(p for p in parts if p) or (credit,)


def _song(title: str, credit: str, album: str, duration: object, source: str) -> Song | None:
    if not title or not credit:
        return None
    parsed = parse_title(title)
    tags = tuple(sorted((t.kind, t.detail) for t in parsed.tags))
    subtitle = "".join(f" ({s})" for s in parsed.subtitles)
    ms = int(float(duration)) if isinstance(duration, int | float) and duration else None
    return Song(
        parsed.base + subtitle, _split_credit(credit), parsed.featured, tags, album, ms, source
    )


def _apple_xml() -> Iterator[Song | None]:
    path = SHARED / "apple_itunes_library_xml" / "Library_MrMatiuz_iTunes12.9.xml"
    with path.open("rb") as f:
        library = plistlib.load(f)
    for t in library["Tracks"].values():
        if t.get("Podcast") or t.get("Has Video"):
            continue
        yield _song(
            t.get("Name", ""),
            t.get("Artist", ""),
            t.get("Album", ""),
            t.get("Total Time"),
            "apple_xml",
        )


def _apple_privacy() -> Iterator[Song | None]:
    path = SHARED / "apple_music_privacy_export" / "Apple Music Library Tracks.json"
    for t in json.loads(path.read_text(encoding="utf-8")):
        if t.get("Content Type") != "Song":
            continue
        yield _song(
            t.get("Title", ""),
            t.get("Artist", ""),
            t.get("Album", ""),
            t.get("Track Duration"),
            "apple_privacy",
        )


def _spotify() -> Iterator[Song | None]:
    history = (
        SHARED / "spotify_extended_history_Khushi-203006" / "Streaming_History_Audio_2023.json"
    )
    for r in json.loads(history.read_text(encoding="utf-8")):
        yield _song(
            r.get("master_metadata_track_name") or "",
            r.get("master_metadata_album_artist_name") or "",
            r.get("master_metadata_album_album_name") or "",
            None,
            "spotify_history",
        )
    library = SHARED / "spotify_account_export_hobbies-w-erin" / "YourLibrary.json"
    for t in json.loads(library.read_text(encoding="utf-8"))["tracks"]:
        yield _song(t["track"], t["artist"], t["album"], None, "spotify_library")


def _youtube() -> Iterator[Song | None]:
    path = (
        SHARED
        / "youtube_music_takeout_tptanish23-wq"
        / "Takeout"
        / "YouTube and YouTube Music"
        / "music (library and uploads)"
        / "music library songs.csv"
    )
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            artists = [row.get(f"Artist Name {i}") or "" for i in (1, 2, 3)]
            credit = ", ".join(a for a in artists if a)
            yield _song(row["Song Title"], credit, row["Album Title"], None, "youtube")


_POLICY_SAME = {"remaster", "single", "album", "explicit", "clean"}


def real_songs() -> list[Song]:
    """Distinct real songs, keeping a known duration. Two entries are one song when their
    folded titles and version tags (ignoring those the default policy waives) are equal and
    they share an artist: the sources credit the same song differently ("Coldplay X BTS")."""
    found: dict[tuple[str, str, tuple[tuple[str, str], ...]], Song] = {}
    for song in (*_apple_xml(), *_apple_privacy(), *_spotify(), *_youtube()):
        if song is None or not fold(song.title):
            continue
        tags = tuple(t for t in song.tags if t[0] not in _POLICY_SAME)
        keys = [(fold(song.title), fold(a), tags) for a in song.artists if fold(a)]
        old = next((found[k] for k in keys if k in found), None)
        if old is not None and (old.duration_ms or not song.duration_ms):
            song = old
        for key in keys:
            found[key] = song
        if old is not None and old is not song:
            for key, value in list(found.items()):
                if value is old:
                    found[key] = song
    unique: dict[int, Song] = {id(s): s for s in found.values()}
    return list(unique.values())


def song_keys(song: Song) -> set[tuple[str, str, tuple[str, ...]]]:
    kinds = tuple(sorted(k for k, _ in song.tags if k not in _POLICY_SAME))
    return {(fold(song.title), fold(a), kinds) for a in song.artists}


# -- how each service writes a song -----------------------------------------------------
_SPOTIFY_TAG = {
    "remaster": "Remastered {d}",
    "live": "Live{at}",
    "acoustic": "Acoustic",
    "remix": "{d} Remix",
    "edit": "Radio Edit",
    "instrumental": "Instrumental",
    "unplugged": "Unplugged",
    "lofi": "Lofi",
    "version": "{d} Version",
    "reprise": "Reprise",
    "demo": "Demo",
    "karaoke": "Karaoke Version",
    "slowed": "Slowed & Reverb",
    "rerecorded": "Recreated",
    "extended": "Extended Mix",
    "mono": "Mono",
    "stereo": "Stereo Mix",
    "single": "Single Version",
    "acapella": "Acapella",
    "cover": "Cover",
    "album": "Album Version",
}
_APPLE_TAG = {
    "remaster": "{d} Remaster",
    "live": "Live{at}",
    "edit": "Radio Edit",
    "remix": "{d} Remix",
    "karaoke": "Karaoke Version",
}
_BRACKETS = ("({})", "[{}]")


def _tag_text(kind: str, detail: str, table: dict[str, str], rng: random.Random) -> str:
    template = table.get(kind) or _SPOTIFY_TAG.get(kind, kind.title())
    at = f" at {detail.title()}" if kind == "live" and detail and not detail.isdigit() else ""
    text = template.format(d=detail.title() if detail else "", at=at).strip()
    if kind == "remaster" and not detail and rng.random() < 0.5:
        text = "Remastered"
    return re.sub(r"\s+", " ", text)


def _retouch(title: str, rng: random.Random) -> str:
    """The small spelling differences between catalogues."""
    if rng.random() < 0.2:
        title = title.replace("'", "’") if "'" in title else title.replace("’", "'")
    if rng.random() < 0.1:
        title = " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
    if rng.random() < 0.05:
        title = title.replace(" & ", " and ") if " & " in title else title.replace(" and ", " & ")
    if rng.random() < 0.5:
        title = (
            re.sub(r"\bPt\.", "Part", title) if "Pt." in title else title.replace("Part ", "Pt. ")
        )
    if rng.random() < 0.05:
        title = anyascii(title) if title.isascii() is False and _latin(title) else title
    return title


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def render(
    song: Song,
    service: str,
    track_id: str,
    rng: random.Random,
    isrc: str | None = None,
    explicit: bool | None = None,
) -> ServiceTrack:
    """``song`` as ``service`` writes it (title styles, credits, durations, missing fields)."""
    title = _retouch(song.title, rng)
    artists = list(song.artists)
    feat = list(song.featured)
    duration = song.duration_ms
    album = song.album or None
    tags = song.tags
    if service == "spotify":
        suffix = " - ".join(_tag_text(k, d, _SPOTIFY_TAG, rng) for k, d in tags)
        title += (" - " + suffix) if suffix else ""
        if feat:
            title += f" (feat. {', '.join(feat)})" if rng.random() < 0.7 else ""
            artists += feat
    elif service == "spotify_history":  # the export: album artist only, no duration, no ISRC
        suffix = " - ".join(_tag_text(k, d, _SPOTIFY_TAG, rng) for k, d in tags)
        title += (" - " + suffix) if suffix else ""
        title += f" (feat. {', '.join(feat)})" if feat else ""
        artists, duration, isrc = artists[:1], None, None
    elif service == "apple_music":
        if feat and rng.random() < 0.3:  # the privacy export: "Usher feat. Pitbull"
            artists = [f"{' & '.join(artists)} feat. {' & '.join(feat)}"]
        elif feat:
            title += f" (feat. {' & '.join(feat)})"
        for k, d in tags:
            title += " " + rng.choice(_BRACKETS).format(_tag_text(k, d, _APPLE_TAG, rng))
        artists = [" & ".join(artists)] if rng.random() < 0.5 and not feat else artists
        duration = duration + rng.randint(-1500, 1500) if duration else None
        isrc = None
    elif service == "youtube_music":  # takeout: separate artist columns, no duration
        for k, d in tags:
            title += f" ({_tag_text(k, d, _SPOTIFY_TAG, rng)})"
        artists += feat
        if not _latin(" ".join(artists)) and rng.random() < 0.3:
            artists = [anyascii(a) for a in artists]
        duration, isrc = None, None
    elif service == "deezer":
        for k, d in tags:
            title += f" ({_tag_text(k, d, _APPLE_TAG, rng)})"
        title += f" (feat. {', '.join(feat)})" if feat else ""
        duration = round(duration / 1000) * 1000 if duration else None
    return ServiceTrack(
        service.split("_history")[0],
        track_id,
        title,
        tuple(artists),
        album,
        duration,
        isrc,
        explicit,
    )


def variant(song: Song, kind: str, detail: str = "", **changes: object) -> Song:
    tags = tuple(sorted({*song.tags, (kind, detail)}))
    return replace(song, tags=tags, **changes)  # type: ignore[arg-type]
