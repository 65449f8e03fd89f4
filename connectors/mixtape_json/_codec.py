"""Domain records ⇄ the JSON objects of a Mixtape JSON file (schema in the package docstring).

Encoding drops fields whose value is ``None``; decoding takes a missing field as ``None`` and
checks the type of every field it reads, so a hand-edited file fails on the record at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast, get_args

from connectors._playlist_files import format_time, parse_time
from domain.model import (
    Listen,
    Playlist,
    PlaylistEntry,
    SavedItem,
    SavedKind,
    ServiceTrack,
    TrackKind,
)

JsonObject = dict[str, Any]
#: A track as written where it is used: its key (the track is in ``tracks``) or the track itself.
TrackRef = str | JsonObject
#: Turns a :data:`TrackRef` back into the track.
Resolve = Callable[[object], ServiceTrack]

_TRACK_KINDS = frozenset(get_args(TrackKind))
_SAVED_KINDS = frozenset(get_args(SavedKind))


class RecordError(ValueError):
    """A record that does not have the shape of the schema; the message names the field."""


def _compact(fields: dict[str, Any]) -> JsonObject:
    return {name: value for name, value in fields.items() if value is not None}


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else format_time(moment)


def encode_track(track: ServiceTrack) -> JsonObject:
    return _compact(
        {
            "service": track.service,
            "service_id": track.service_id,
            "title": track.title,
            "artists": list(track.artists),
            "album": track.album,
            "duration_ms": track.duration_ms,
            "isrc": track.isrc,
            "explicit": track.explicit,
            "uri": track.uri,
            "kind": track.kind,
            "linked_from": track.linked_from,
        }
    )


def encode_playlist(playlist: Playlist, ref: Callable[[ServiceTrack], TrackRef]) -> JsonObject:
    entries = [
        _compact(
            {
                "position": entry.position,
                "track": ref(entry.track),
                "added_at": _time(entry.added_at),
                "added_by": entry.added_by,
            }
        )
        for entry in playlist.entries
    ]
    return _compact(
        {
            "service": playlist.service,
            "service_id": playlist.service_id,
            "name": playlist.name,
            "description": playlist.description,
            "owner": playlist.owner,
            "entries": entries,
        }
    )


def encode_saved(item: SavedItem, ref: Callable[[ServiceTrack], TrackRef]) -> JsonObject:
    return _compact(
        {
            "service": item.service,
            "kind": item.kind,
            "track": None if item.track is None else ref(item.track),
            "name": item.name,
            "artist": item.artist,
            "service_id": item.service_id,
            "added_at": _time(item.added_at),
        }
    )


def encode_listen(listen: Listen, ref: Callable[[ServiceTrack], TrackRef]) -> JsonObject:
    return _compact(
        {
            "track": ref(listen.track),
            "played_at": format_time(listen.played_at),
            "source": listen.source,
            "ms_played": listen.ms_played,
            "platform": listen.platform,
            "reason_start": listen.reason_start,
            "reason_end": listen.reason_end,
            "shuffle": listen.shuffle,
            "skipped": listen.skipped,
            "offline": listen.offline,
        }
    )


class _Fields:
    """Typed, checked access to one JSON object of the file."""

    def __init__(self, raw: object, what: str) -> None:
        if not isinstance(raw, dict):
            raise RecordError(f"{what} is not a JSON object")
        self.raw = cast(JsonObject, raw)

    def typed(self, name: str, kind: type | tuple[type, ...], label: str) -> Any:
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise RecordError(f"field {name!r} should be {label}, not {value!r}")
        return value

    def text(self, name: str) -> str:
        value = self.opt_text(name)
        if value is None:
            raise RecordError(f"field {name!r} is missing")
        return value

    def opt_text(self, name: str) -> str | None:
        return cast(str | None, self.typed(name, str, "text"))

    def opt_int(self, name: str) -> int | None:
        return cast(int | None, self.typed(name, int, "a whole number"))

    def opt_bool(self, name: str) -> bool | None:
        return cast(bool | None, self.typed(name, bool, "true or false"))

    def opt_time(self, name: str) -> datetime | None:
        text = self.opt_text(name)
        if text is None:
            return None
        try:
            return parse_time(text)
        except ValueError as e:
            raise RecordError(f"field {name!r} is not an ISO 8601 time: {text!r}") from e

    def time(self, name: str) -> datetime:
        value = self.opt_time(name)
        if value is None:
            raise RecordError(f"field {name!r} is missing")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        values = self.typed(name, list, "a list of names") or []
        if not all(isinstance(v, str) for v in values):
            raise RecordError(f"field {name!r} should hold names only")
        return tuple(values)

    def choice(self, name: str, allowed: frozenset[str], default: str | None = None) -> str:
        value = self.opt_text(name) or default
        if value not in allowed:
            raise RecordError(f"field {name!r} is {value!r}, expected one of {sorted(allowed)}")
        return value


def decode_track(raw: object) -> ServiceTrack:
    f = _Fields(raw, "track")
    return ServiceTrack(
        service=f.text("service"),
        service_id=f.opt_text("service_id"),
        title=f.text("title"),
        artists=f.texts("artists"),
        album=f.opt_text("album"),
        duration_ms=f.opt_int("duration_ms"),
        isrc=f.opt_text("isrc"),
        explicit=f.opt_bool("explicit"),
        uri=f.opt_text("uri"),
        kind=cast(TrackKind, f.choice("kind", _TRACK_KINDS, "track")),
        linked_from=f.opt_text("linked_from"),
    )


def decode_playlist(raw: object, resolve: Resolve) -> Playlist:
    f = _Fields(raw, "playlist")
    entries_raw = f.typed("entries", list, "a list of entries") or []
    entries = []
    for index, entry_raw in enumerate(entries_raw):
        e = _Fields(entry_raw, f"entry {index}")
        position = e.opt_int("position")
        try:
            track = resolve(e.raw.get("track"))
        except RecordError as err:
            raise RecordError(f"entry {index}: {err}") from err
        entries.append(
            PlaylistEntry(
                position=index if position is None else position,
                track=track,
                added_at=e.opt_time("added_at"),
                added_by=e.opt_text("added_by"),
            )
        )
    return Playlist(
        service=f.text("service"),
        name=f.text("name"),
        entries=tuple(entries),
        service_id=f.opt_text("service_id"),
        description=f.opt_text("description"),
        owner=f.opt_text("owner"),
    )


def decode_saved(raw: object, resolve: Resolve) -> SavedItem:
    f = _Fields(raw, "saved item")
    track_ref = f.raw.get("track")
    return SavedItem(
        service=f.text("service"),
        kind=cast(SavedKind, f.choice("kind", _SAVED_KINDS)),
        track=None if track_ref is None else resolve(track_ref),
        name=f.opt_text("name"),
        artist=f.opt_text("artist"),
        service_id=f.opt_text("service_id"),
        added_at=f.opt_time("added_at"),
    )


def decode_listen(raw: object, resolve: Resolve) -> Listen:
    f = _Fields(raw, "listen")
    return Listen(
        track=resolve(f.raw.get("track")),
        played_at=f.time("played_at"),
        source=f.text("source"),
        ms_played=f.opt_int("ms_played"),
        platform=f.opt_text("platform"),
        reason_start=f.opt_text("reason_start"),
        reason_end=f.opt_text("reason_end"),
        shuffle=f.opt_bool("shuffle"),
        skipped=f.opt_bool("skipped"),
        offline=f.opt_bool("offline"),
    )
