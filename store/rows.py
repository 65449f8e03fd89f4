"""Plain row objects the store hands to the CLI and the app (never live database objects)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class TrackRow:
    id: int
    service: str
    service_id: str | None
    title: str
    artists: tuple[str, ...]
    album: str | None
    duration_ms: int | None
    isrc: str | None
    recording_id: int | None
    plays: int


@dataclass(frozen=True, slots=True)
class PlaylistRow:
    id: int
    name: str
    service: str
    entries: int


@dataclass(frozen=True, slots=True)
class EntryRow:
    position: int
    track: TrackRow
    added_at: datetime | None
    added_by: str | None


def to_ms(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached the store; importers must give UTC times")
    return int(moment.timestamp() * 1000)


def from_ms(ms: int | None) -> datetime | None:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, tz=UTC)


def iso(ms: int | None) -> str | None:
    moment = from_ms(ms)
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def artists_json(artists: tuple[str, ...]) -> str:
    return json.dumps(list(artists), ensure_ascii=False)


def artists_from_json(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))
