"""Sniffing and reading ListenBrainz listens."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from connectors._parsing.ids import mbid
from connectors._parsing.json_stream import iter_json_lines, iter_json_list, load_json
from connectors._parsing.records import integer, need_object, reading, text
from connectors._parsing.sniffing import first_json_line, first_key, first_list_record, has_keys
from connectors._parsing.text import head_text
from connectors._parsing.times import from_unix
from connectors.errors import BadExport
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, ServiceTrack

SERVICE = "listenbrainz"
_SUBMISSIONS = ("import", "single")


class ListenBrainzListens:
    name = "listenbrainz_listens"
    label = "ListenBrainz listens (JSON / JSON Lines)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        if has_keys(first_list_record(head), "listened_at", "track_metadata"):
            return 0.9
        if first_key(head) == "listen_type" or '"payload"' in head_text(head)[:200]:
            return 0.85 if any(f'"{t}"' in head_text(head)[:300] for t in _SUBMISSIONS) else 0.0
        if has_keys(first_json_line(head), "listened_at", "track_metadata"):
            return 0.9
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one :class:`~domain.Listen` per listen, in file order."""
        start = head_text(file.head(4096)).lstrip()
        if start.startswith("["):
            records: Iterator[tuple[int, Any]] = iter_json_list(file)
            where = "record"
        elif start.startswith("{") and first_json_line(file.head()) is None:
            records = enumerate(_payload(file), start=1)
            where = "record"
        else:
            records = iter_json_lines(file)
            where = "line"
        for number, raw in records:
            with reading(file, f"{where} {number}"):
                listen = to_listen(need_object(raw))
            yield listen


def _payload(file: ExportFile) -> list[Any]:
    document = load_json(file)
    payload = document.get("payload") if isinstance(document, dict) else None
    if not isinstance(payload, list) or document.get("listen_type") not in _SUBMISSIONS:
        raise BadExport(file.name, "not a ListenBrainz listen export or import payload")
    return payload


def to_listen(raw: Mapping[str, Any]) -> Listen:
    played_at = from_unix(integer(raw, "listened_at"))
    if played_at is None:
        raise ValueError("listen without 'listened_at'")
    meta = need_object(raw["track_metadata"])
    info = meta.get("additional_info") or {}
    mapping = meta.get("mbid_mapping") or {}
    title = text(meta, "track_name")
    if title is None:
        raise ValueError("listen without a track name")
    artist = text(meta, "artist_name")
    duration = integer(info, "duration_ms")
    if duration is None and integer(info, "duration") is not None:
        duration = (integer(info, "duration") or 0) * 1000
    track = ServiceTrack(
        service=SERVICE,
        service_id=mbid(text(mapping, "recording_mbid")) or mbid(text(info, "recording_mbid")),
        title=title,
        artists=(artist,) if artist else (),
        album=text(meta, "release_name"),
        duration_ms=duration,
        isrc=text(info, "isrc"),
    )
    return Listen(
        track=track,
        played_at=played_at,
        source=SERVICE,
        platform=text(info, "media_player") or text(info, "submission_client"),
    )
