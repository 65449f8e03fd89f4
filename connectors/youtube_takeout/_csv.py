"""The Takeout CSVs: library songs, one file per playlist, and the playlist index."""

from __future__ import annotations

from collections.abc import Iterator

from connectors._parsing.ids import youtube_id
from connectors._parsing.text import head_text, header_index, iter_csv_rows, normalise_header
from connectors._parsing.times import parse_iso
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, Playlist, PlaylistEntry, SavedItem, ServiceTrack

SERVICE = "youtube_music"
_PLAYLIST_SUFFIX = "-videos.csv"


def _first_line(head: bytes) -> str:
    return normalise_header(head_text(head).split("\n", 1)[0])


class LibrarySongs:
    name = "youtube_music_library_songs"
    label = "YouTube Music library songs (Takeout CSV)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        return 0.9 if _first_line(head).startswith("video id,song title") else 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """One saved song per row; artists from however many ``Artist Name N`` columns exist."""
        rows = iter_csv_rows(file)
        first = next(rows, None)
        if first is None:
            return
        columns = header_index(first[1])
        artist_columns = sorted(i for name, i in columns.items() if name.startswith("artist name"))
        for line, row in rows:
            row = row + [""] * (len(first[1]) - len(row))
            try:
                video = youtube_id(row[columns["video id"]])
            except (ValueError, KeyError) as e:
                raise BadExport(file.name, str(e), f"line {line}") from e
            track = ServiceTrack(
                service=SERVICE,
                service_id=video,
                title=row[columns["song title"]].strip(),
                artists=tuple(row[i].strip() for i in artist_columns if row[i].strip()),
                album=row[columns["album title"]].strip() or None
                if "album title" in columns
                else None,
            )
            yield SavedItem(service=SERVICE, kind="track", track=track)


class PlaylistVideos:
    """``<title>-videos.csv`` (current Takeout) or the older ``Playlist Id,…`` + ``Video Id,Time
    Added`` layout; a playlist's entries in order, with the time each was added."""

    name = "youtube_playlist_videos"
    label = "YouTube playlist (Takeout CSV)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        first = _first_line(head)
        if first.startswith("video id,playlist video creation timestamp"):
            return 0.9
        if first.startswith("playlist id,channel id") and "video id" in head_text(head).casefold():
            return 0.85
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        title = file.basename.removesuffix(_PLAYLIST_SUFFIX).removesuffix(".csv")
        playlist_id: str | None = None
        header: dict[str, int] | None = None
        entries: list[PlaylistEntry] = []
        for line, row in iter_csv_rows(file):
            names = [normalise_header(f) for f in row]
            if names[0] in ("video id", "playlist id"):
                header = header_index(row)
                continue
            if header is None:
                raise BadExport(file.name, "no header row", f"line {line}")
            if "title" in header and "playlist id" in header:  # older layout: metadata row
                playlist_id = row[header["playlist id"]].strip() or None
                title = row[header["title"]].strip() or title
                continue
            try:
                entries.append(_entry(row, header, len(entries)))
            except (ValueError, IndexError) as e:
                raise BadExport(file.name, str(e), f"line {line}") from e
        yield Playlist(service=SERVICE, name=title, entries=tuple(entries), service_id=playlist_id)


def _entry(row: list[str], header: dict[str, int], position: int) -> PlaylistEntry:
    video = youtube_id(row[header["video id"]])
    added_column = header.get("playlist video creation timestamp", header.get("time added"))
    added = parse_iso(row[added_column]) if added_column is not None else None
    track = ServiceTrack(service=SERVICE, service_id=video, title="", artists=())
    return PlaylistEntry(position=position, track=track, added_at=added)


class PlaylistIndex:
    """``playlists.csv``: recognised so a Takeout folder imports cleanly; yields nothing."""

    name = "youtube_playlist_index"
    label = "YouTube playlist list (Takeout playlists.csv)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        return 0.9 if _first_line(head).startswith("playlist id,add new videos to top") else 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        for _line, _row in iter_csv_rows(file):  # still validated: a broken file is reported
            pass
        yield from ()
