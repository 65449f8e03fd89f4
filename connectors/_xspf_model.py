"""XSPF's data model, which JSPF writes as JSON and XSPF as XML: the mapping to domain records.

Both formats are read into, and written from, the JSPF shape (``{"title": …, "track": [{…}]}``),
so this module is the one place that knows what each field means. Standard fields carry what
any player understands: ``title``, ``creator`` (the artists, joined with ", "), ``album``,
``duration`` (ms), ``location`` (local files) and ``identifier`` (every service URL of the
recording, then ``isrc:…``). Two extensions carry the rest:

- ``https://musicbrainz.org/doc/jspf#track`` (ListenBrainz's): ``added_at``, ``added_by``; on
  read also ``additional_metadata.artists`` for the artist list.
- ``urn:mixtape:track`` and ``urn:mixtape:playlist`` (Mixtape's): the service track's exact
  fields and the entry's position, the playlist's service and id, so Mixtape reads its own
  files back exactly. Other players ignore extensions they do not know.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast, get_args
from urllib.parse import quote

from connectors._playlist_files import (
    Appearances,
    format_time,
    identifiers,
    parse_time,
    track_from_identifiers,
)
from connectors.errors import BadExport
from domain.links import parse_playlist_url, playlist_url
from domain.model import ImportRecord, Playlist, PlaylistEntry, ServiceTrack, TrackKind

LB_TRACK = "https://musicbrainz.org/doc/jspf#track"
MX_TRACK = "urn:mixtape:track"
MX_PLAYLIST = "urn:mixtape:playlist"
#: Extension fields that are lists even when they hold one value (XML cannot tell).
LIST_FIELDS = frozenset({"artists"})
_KINDS = frozenset(get_args(TrackKind))

Jspf = dict[str, Any]


def playlist_to_jspf(playlist: Playlist, appearances: Appearances | None) -> Jspf:
    """The ``playlist`` object of a JSPF document (XSPF renders the same object as XML)."""
    doc: Jspf = {"title": playlist.name}
    _put(doc, "creator", playlist.owner)
    _put(doc, "annotation", playlist.description)
    if playlist.service_id:
        _put(doc, "identifier", playlist_url(playlist.service, playlist.service_id))
    mixtape = _compact({"service": playlist.service, "service_id": playlist.service_id})
    doc["extension"] = {MX_PLAYLIST: mixtape}
    doc["track"] = [_entry_to_jspf(entry, appearances) for entry in playlist.entries]
    return doc


def _entry_to_jspf(entry: PlaylistEntry, appearances: Appearances | None) -> Jspf:
    track = entry.track
    out: Jspf = {}
    if track.kind == "local" and track.uri:
        out["location"] = [_as_uri(track.uri)]
    found = identifiers(track, appearances)
    if found:
        out["identifier"] = found
    out["title"] = track.title
    _put(out, "creator", ", ".join(track.artists) or None)
    _put(out, "album", track.album)
    _put(out, "duration", track.duration_ms)
    extension: Jspf = {}
    added_at = None if entry.added_at is None else format_time(entry.added_at)
    listenbrainz = _compact({"added_at": added_at, "added_by": entry.added_by})
    if listenbrainz:
        extension[LB_TRACK] = listenbrainz
    extension[MX_TRACK] = _compact(
        {
            "position": entry.position,
            "service": track.service,
            "service_id": track.service_id,
            "artists": list(track.artists),
            "isrc": track.isrc,
            "explicit": track.explicit,
            "uri": track.uri,
            "kind": track.kind,
        }
    )
    out["extension"] = extension
    return out


def records_from_jspf(doc: object, source: str, fallback_name: str) -> Iterator[ImportRecord]:
    """The other appearances named by the file (as service tracks), then the playlist."""
    if not isinstance(doc, dict):
        raise BadExport(source, "the playlist is not an object")
    extension = _dict(doc.get("extension"))
    mixtape = _dict(extension.get(MX_PLAYLIST))
    service, service_id = _text(mixtape.get("service")), _text(mixtape.get("service_id"))
    if not service:
        identifier = _strings(doc.get("identifier"))
        parsed = parse_playlist_url(identifier[0]) if identifier else None
        service, service_id = parsed if parsed else ("local", None)
    raw_tracks = doc.get("track") or []
    if not isinstance(raw_tracks, list):
        raise BadExport(source, "'track' should be a list of tracks")
    entries: list[PlaylistEntry] = []
    others: dict[str, ServiceTrack] = {}
    for index, raw in enumerate(raw_tracks):
        try:
            entry, appearances = _entry_from_jspf(raw, index)
        except (ValueError, TypeError) as e:
            raise BadExport(source, str(e), f"track {index + 1}") from e
        entries.append(entry)
        for other in appearances:
            others.setdefault(other.key, other)
    yield from others.values()
    yield Playlist(
        service=service,
        name=_text(doc.get("title")) or fallback_name,
        entries=tuple(entries),
        service_id=service_id,
        description=_text(doc.get("annotation")),
        owner=_text(doc.get("creator")),
    )


def _entry_from_jspf(raw: object, index: int) -> tuple[PlaylistEntry, list[ServiceTrack]]:
    if not isinstance(raw, dict):
        raise ValueError("the track is not an object")
    extension = _dict(raw.get("extension"))
    listenbrainz, mixtape = _dict(extension.get(LB_TRACK)), _dict(extension.get(MX_TRACK))
    title = _text(raw.get("title")) or ""
    album, duration = _text(raw.get("album")), _int(raw.get("duration"))
    if duration is not None and duration < 0:
        duration = None
    artists = _artists(raw, listenbrainz, mixtape)
    candidates = _strings(raw.get("location")) + _strings(raw.get("identifier"))
    track, others = track_from_identifiers(candidates, title, artists, album, duration)
    if _text(mixtape.get("service")):
        others = [t for t in (track, *others) if t.service != "local"]
        track = _mixtape_track(mixtape, track)
        others = [t for t in others if t.service_id != track.service_id]
    added_at = _text(listenbrainz.get("added_at"))
    position = _int(mixtape.get("position"))
    entry = PlaylistEntry(
        position=index if position is None else position,
        track=track,
        added_at=parse_time(added_at) if added_at else None,
        added_by=_text(listenbrainz.get("added_by")),
    )
    return entry, others


def _mixtape_track(fields: dict[str, Any], read: ServiceTrack) -> ServiceTrack:
    kind = _text(fields.get("kind")) or "track"
    return replace(
        read,
        service=_text(fields.get("service")) or read.service,
        service_id=_text(fields.get("service_id")),
        isrc=_text(fields.get("isrc")),
        explicit=_bool(fields.get("explicit")),
        uri=_text(fields.get("uri")),
        kind=cast(TrackKind, kind if kind in _KINDS else "track"),
    )


def _artists(raw: Jspf, listenbrainz: Jspf, mixtape: Jspf) -> tuple[str, ...]:
    if "artists" in mixtape:
        return tuple(_strings(mixtape["artists"]))
    credits = _dict(listenbrainz.get("additional_metadata")).get("artists")
    if isinstance(credits, list):
        names = [_text(_dict(c).get("artist_credit_name")) for c in credits]
        if names and all(names):
            return tuple(cast(list[str], names))
    creator = _text(raw.get("creator"))
    # One credit string ("Simon & Garfunkel", "Tyler, The Creator"): kept whole, not guessed at.
    return (creator,) if creator else ()


def _as_uri(location: str) -> str:
    if "://" in location or location.startswith("file:"):
        return location
    absolute = location.startswith("/")
    return ("file://" if absolute else "") + quote(location)


def _put(target: Jspf, name: str, value: object) -> None:
    if value is not None:
        target[name] = value


def _compact(fields: Jspf) -> Jspf:
    return {k: v for k, v in fields.items() if v is not None}


def _dict(value: object) -> Jspf:
    return cast(Jspf, value) if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, found {value!r}")


def _strings(value: object) -> list[str]:
    """JSPF writes ``identifier``/``location`` as a list; ListenBrainz's frontend as a string."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [text for item in items if (text := _text(item)) is not None]


def _int(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"expected a number, found {value!r}")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(value.strip())
    raise ValueError(f"expected a number, found {value!r}")


def _bool(value: object) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"expected true or false, found {value!r}")
