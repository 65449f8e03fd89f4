"""M3U and M3U8 playlists, plain and extended (``#EXTM3U``), read and written.

Each entry is a service URL (see :mod:`domain.links`) or a local file path/URL. Extended files
add ``#EXTINF:<seconds>,<Artist> - <Title>``, ``#EXTALB:`` and ``#PLAYLIST:``. M3U carries no
dates, no ``added_by``, no ISRC and only whole seconds, so a round trip through M3U keeps the
entries, their order and their ids but loses those. Files are read as UTF-8 (M3U8) and fall
back to Windows-1252, the usual encoding of old ``.m3u`` files.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from connectors._playlist_files import Appearances, identifiers, read_document
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain.links import ISRC_PREFIX, parse_service_url
from domain.model import ImportRecord, Playlist, PlaylistEntry, ServiceTrack, TrackKind


class M3uImporter:
    """M3U/M3U8 playlist files."""

    name = "m3u"
    label = "M3U playlist"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if text.startswith(b"#EXTM3U"):
            return 0.95
        if file.basename.lower().endswith((".m3u", ".m3u8")) and b"\0" not in head:
            return 0.7
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """The playlist; entries whose location is a service URL become that service's track."""
        text = _decode(file, read_document(file))
        name = file.basename.rsplit(".", 1)[0]
        entries: list[PlaylistEntry] = []
        info: tuple[int | None, str | None, str] | None = None
        album: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line == "#EXTM3U":
                continue
            if line.startswith("#PLAYLIST:"):
                name = line.removeprefix("#PLAYLIST:").strip() or name
            elif line.startswith("#EXTINF:"):
                info = _extinf(file, line, number)
            elif line.startswith("#EXTALB:"):
                album = line.removeprefix("#EXTALB:").strip() or None
            elif not line.startswith("#"):
                entries.append(PlaylistEntry(len(entries), _track(line, info, album)))
                info, album = None, None
        yield Playlist("local", name, tuple(entries))


def write_playlist(
    playlist: Playlist,
    out: BinaryIO,
    appearances: Appearances | None = None,
    *,
    extended: bool = True,
) -> None:
    """Write ``playlist`` as UTF-8 M3U8 (extended unless ``extended=False``).

    Each entry's location is the track's own URL, else the first URL of another appearance of
    the recording, else its local file; entries with none of these cannot be written in M3U
    and are left out.
    """
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(playlist.name)}"] if extended else []
    for entry in playlist.entries:
        track = entry.track
        urls = [i for i in identifiers(track, appearances) if not i.startswith(ISRC_PREFIX)]
        location = urls[0] if urls else track.uri if track.kind == "local" else None
        if not location:
            continue
        if extended:
            seconds = -1 if track.duration_ms is None else round(track.duration_ms / 1000)
            credit = ", ".join(track.artists)
            label = f"{credit} - {track.title}" if credit else track.title
            lines.append(f"#EXTINF:{seconds},{_one_line(label)}")
            if track.album:
                lines.append(f"#EXTALB:{_one_line(track.album)}")
        lines.append(_one_line(location))
    out.write(("\n".join(lines) + "\n").encode("utf-8"))


def _decode(file: ExportFile, data: bytes) -> str:
    if b"\0" in data:
        raise BadExport(file.name, "binary data in a playlist file (not an M3U?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _extinf(file: ExportFile, line: str, number: int) -> tuple[int | None, str | None, str]:
    """``(seconds, artist, title)`` from ``#EXTINF:185 tvg-id="x",Artist - Title``."""
    head, _, label = line.removeprefix("#EXTINF:").partition(",")
    length = head.split(" ", 1)[0].strip()
    try:
        seconds = round(float(length)) if length else -1
    except ValueError as e:
        raise BadExport(
            file.name, f"#EXTINF length {length!r} is not a number", f"line {number}"
        ) from e
    artist, dash, title = label.partition(" - ")
    if not dash:
        return (seconds if seconds >= 0 else None), None, label.strip()
    return (seconds if seconds >= 0 else None), artist.strip() or None, title.strip()


def _track(
    location: str, info: tuple[int | None, str | None, str] | None, album: str | None
) -> ServiceTrack:
    seconds, artist, title = info or (None, None, "")
    duration = None if seconds is None else seconds * 1000
    artists = (artist,) if artist else ()
    parsed = parse_service_url(location)
    if parsed:
        service, service_id = parsed
        uri = f"spotify:track:{service_id}" if service == "spotify" else None
        return ServiceTrack(service, service_id, title, artists, album, duration, uri=uri)
    if not title:
        title = location.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    remote = location.lower().startswith(("http:", "https:"))
    kind: TrackKind = "track" if remote else "local"
    return ServiceTrack("local", None, title, artists, album, duration, None, None, location, kind)


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


IMPORTERS = (M3uImporter(),)

__all__ = ["IMPORTERS", "M3uImporter", "write_playlist"]
