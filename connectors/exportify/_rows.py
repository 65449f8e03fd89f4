"""One Exportify row ⇄ one service track; columns found by name in any header variant."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import unquote_plus

from connectors.errors import BadExport
from domain.links import parse_service_url, service_url
from domain.model import ServiceTrack, TrackKind
from domain.release_year import release_year

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTIST_SEPARATOR = re.compile(r"(?<!\\),")
#: The columns a file must have (normalised names); everything else is optional.
_REQUIRED = ("trackuri", "trackname")


def normalise(column: str) -> str:
    """``"Track Duration (ms)"`` → ``"trackdurationms"``, ``"Explicit?"`` → ``"explicit"``."""
    return _NOT_ALNUM.sub("", column.lower())


@dataclass(frozen=True)
class Columns:
    """Where each known column is in this file's header."""

    names: tuple[str, ...]

    @classmethod
    def from_header(cls, source: str, header: list[str]) -> Columns:
        names = tuple(normalise(c) for c in header)
        missing = [c for c in _REQUIRED if c not in names]
        if missing:
            raise BadExport(source, f"not an Exportify CSV (no {', '.join(missing)} column)")
        return cls(names)

    def fields(self, source: str, row: list[str], where: str) -> dict[str, str]:
        if len(row) != len(self.names):
            raise BadExport(
                source, f"row has {len(row)} fields, the header has {len(self.names)}", where
            )
        return {name: cell for name, cell in zip(self.names, row, strict=True) if name}


def split_artists(cell: str) -> tuple[str, ...]:
    """Exportify joins artists with ", " and writes a comma inside a name as ``\\,``."""
    if not cell.strip():
        return ()
    return tuple(part.strip().replace("\\,", ",") for part in _ARTIST_SEPARATOR.split(cell))


def track_uri(track: ServiceTrack) -> str:
    """What goes in ``Track URI``: Spotify's URI, else the service URL, else the local file."""
    if track.service == "spotify" and track.uri:
        return track.uri
    if track.service == "spotify" and track.service_id:
        return f"spotify:track:{track.service_id}"
    return service_url(track) or track.uri or ""


def track_from_row(source: str, fields: dict[str, str], where: str) -> ServiceTrack:
    """The row's track, with the year of its ``Album Release Date`` when it has one."""
    track = _track_from_row(source, fields, where)
    return replace(track, year=release_year(fields.get("albumreleasedate")))


def _track_from_row(source: str, fields: dict[str, str], where: str) -> ServiceTrack:
    uri = fields.get("trackuri", "").strip()
    title = fields.get("trackname", "")
    artists = split_artists(fields.get("artistnames", ""))
    album = fields.get("albumname") or None
    duration = _int(source, fields.get("trackdurationms", ""), where)
    explicit = _bool(fields.get("explicit", ""))
    isrc = fields.get("isrc", "").strip() or None
    if uri.startswith("spotify:local:"):
        # spotify:local:artist:album:title:seconds, "+" for spaces: a file on the user's disk.
        parts = [unquote_plus(p) for p in uri.split(":")[2:]]
        if len(parts) == 4:
            title = title or parts[2]
            artists = artists or ((parts[0],) if parts[0] else ())
            album = album or parts[1] or None
        return ServiceTrack(
            "spotify", None, title, artists, album, duration, isrc, explicit, uri, "local"
        )
    if uri.startswith("spotify:episode:"):
        episode = uri.removeprefix("spotify:episode:")
        return ServiceTrack(
            "spotify", episode, title, artists, album, duration, isrc, explicit, uri, "episode"
        )
    parsed = parse_service_url(uri) if uri else None
    if parsed:
        service, service_id = parsed
        spotify_uri = uri if uri.startswith("spotify:") else f"spotify:track:{service_id}"
        return ServiceTrack(
            service, service_id, title, artists, album, duration, isrc, explicit,
            spotify_uri if service == "spotify" else None,
        )  # fmt: skip
    kind: TrackKind = "local" if uri else "track"
    return ServiceTrack(
        "local", None, title, artists, album, duration, isrc, explicit, uri or None, kind
    )


def _int(source: str, cell: str, where: str) -> int | None:
    cell = cell.strip()
    if not cell:
        return None
    try:
        return round(float(cell))
    except ValueError as e:
        raise BadExport(source, f"track duration {cell!r} is not a number", where) from e


def _bool(cell: str) -> bool | None:
    lowered = cell.strip().lower()
    return {"true": True, "false": False}.get(lowered)
