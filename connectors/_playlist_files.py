"""What the open playlist formats (M3U, XSPF, JSPF, Exportify CSV, Mixtape JSON) share.

Times: every format here writes ISO 8601 in UTC with a ``Z`` (microseconds only when there are
some) and reads any ISO 8601 form, taking a time without an offset as UTC.

Identity: a track in a playlist file is named by URLs (see :mod:`domain.links`), ISRCs as
``isrc:…``, or a file location. :func:`identifiers` writes every one we know for a recording and
:func:`track_from_identifiers` reads the first usable one back as the entry's service track.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain.links import ISRC_PREFIX, parse_isrc, parse_service_url, service_url
from domain.model import ServiceTrack

#: ``appearances[track.key]``: the other service tracks of the same recording.
Appearances = Mapping[str, Sequence[ServiceTrack]]

#: The JSON and XML files we read are read whole; no real playlist file is near this size.
MAX_DOCUMENT_BYTES = 256 << 20


def format_time(moment: datetime) -> str:
    """``2024-06-28T09:24:39Z`` (with ``.ffffff`` only when the time has microseconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """Any ISO 8601 date or date-time as an aware UTC ``datetime``; ``ValueError`` otherwise."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_time_or_none(text: str | None, source: str, record: str) -> datetime | None:
    """Like :func:`parse_time` for an optional field; an unreadable time is a ``BadExport``."""
    if text is None or not text.strip():
        return None
    try:
        return parse_time(text)
    except ValueError as e:
        raise BadExport(source, f"unreadable date {text!r}", record) from e


def read_document(file: ExportFile) -> bytes:
    """The whole file, refusing sizes no playlist file has."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise BadExport(file.name, f"file is {file.size >> 20} MiB, too large for a playlist")
    with file.open() as stream:
        return stream.read(MAX_DOCUMENT_BYTES + 1)


def load_json(file: ExportFile) -> Any:
    """The file's JSON value; truncated or malformed JSON is a ``BadExport`` with the line."""
    data = read_document(file)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise BadExport(file.name, "not UTF-8 text", f"byte {e.start}") from e
    except json.JSONDecodeError as e:
        where = f"line {e.lineno}, column {e.colno}"
        raise BadExport(file.name, f"broken JSON ({e.msg})", where) from e


def identifiers(track: ServiceTrack, appearances: Appearances | None) -> list[str]:
    """Every URL and ISRC known for the recording of ``track``, its own URL first."""
    found: list[str] = []
    isrcs: list[str] = []
    for each in (track, *((appearances or {}).get(track.key, ()))):
        url = service_url(each)
        if url and url not in found:
            found.append(url)
        if each.isrc and each.isrc not in isrcs:
            isrcs.append(each.isrc)
    return found + [f"{ISRC_PREFIX}{isrc}" for isrc in isrcs]


def track_from_identifiers(
    candidates: Sequence[str],
    title: str,
    artists: tuple[str, ...],
    album: str | None = None,
    duration_ms: int | None = None,
) -> tuple[ServiceTrack, list[ServiceTrack]]:
    """The entry's service track and the other appearances named by ``candidates``.

    ``candidates`` are locations and identifiers in file order. The first service URL decides
    the entry's track; later URLs (and a local file location) become appearances carrying the
    same metadata (the file does not say how each service spells the title). With no service
    URL the track is the local file, or a ``local`` track known only by its metadata.
    """
    isrc = next((code for c in candidates if (code := parse_isrc(c))), None)
    tracks: list[ServiceTrack] = []
    seen: set[tuple[str, str]] = set()
    for candidate in candidates:
        parsed = parse_service_url(candidate)
        if parsed is None or parsed in seen:
            continue
        seen.add(parsed)
        service, service_id = parsed
        uri = f"spotify:track:{service_id}" if service == "spotify" else None
        tracks.append(
            ServiceTrack(service, service_id, title, artists, album, duration_ms, isrc, uri=uri)
        )
    location = next((c for c in candidates if is_location(c)), None)
    local = ServiceTrack("local", None, title, artists, album, duration_ms, isrc, None, location)
    if location:
        local = replace(local, kind="local")
    if tracks:
        return tracks[0], tracks[1:] + ([local] if location else [])
    return local, []


def is_location(candidate: str) -> bool:
    """A file path or ``file:`` URL rather than an identifier."""
    lowered = candidate.lower()
    return lowered.startswith(("file:", "/", "./", "../", "~")) or (
        len(candidate) > 2 and candidate[1] == ":" and candidate[2] in "\\/"
    )
