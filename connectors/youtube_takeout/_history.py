"""Watch history (JSON or HTML): only YouTube Music rows become listens.

A row is YouTube Music when its ``header`` says so; ``products`` lists "YouTube" for both and
is not used. The time is when the video was opened: the start of the listen. Rows without a
video link (removed videos) cannot be identified and are skipped; the count is logged.
"""

from __future__ import annotations

import codecs
import html
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from connectors._parsing.ids import youtube_id
from connectors._parsing.json_stream import iter_json_list
from connectors._parsing.records import need_object, reading, text
from connectors._parsing.sniffing import first_list_record, has_keys, name_hint
from connectors._parsing.text import head_text
from connectors._parsing.times import parse_iso
from connectors.errors import BadExport
from connectors.sources import ExportFile
from connectors.youtube_takeout._dates import parse_activity_date
from domain import ImportRecord, Listen, ServiceTrack

logger = logging.getLogger(__name__)

SERVICE = "youtube_music"
MUSIC_HEADER = "YouTube Music"
_WATCHED_PREFIXES = ("Watched ",)
_TOPIC = " - Topic"
_CELL = '<div class="outer-cell'
_MAX_CELL = 4 << 20
_HEADER = re.compile(r'mdl-typography--title">(?P<header>.*?)<br', re.S)
_BODY = re.compile(r'mdl-typography--body-1">(?P<body>.*?)</div>', re.S)
_LINK = re.compile(r'<a href="(?P<href>[^"]*)">(?P<text>.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _track(video: str, title: str, channel: str | None) -> ServiceTrack:
    artist = channel.removesuffix(_TOPIC).strip() if channel else None
    return ServiceTrack(
        service=SERVICE, service_id=video, title=title, artists=(artist,) if artist else ()
    )


class WatchHistoryJson:
    name = "youtube_watch_history_json"
    label = "YouTube watch history (Takeout JSON)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        first = first_list_record(head)
        if (
            first is not None
            and has_keys(first, "header", "time")
            and ("titleUrl" in first or "products" in first)
        ):
            return 0.9 + name_hint(file.basename, "watch-history")
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        skipped = 0
        for number, raw in iter_json_list(file):
            with reading(file, f"record {number}"):
                listen = _json_listen(need_object(raw))
            if listen is None:
                skipped += raw.get("header") == MUSIC_HEADER if isinstance(raw, dict) else 0
                continue
            yield listen
        if skipped:
            logger.info("%s: skipped %d YouTube Music rows without a video", file.name, skipped)


def _json_listen(raw: Mapping[str, Any]) -> Listen | None:
    if raw.get("header") != MUSIC_HEADER:
        return None
    url = text(raw, "titleUrl")
    if url is None:
        return None
    title = text(raw, "title") or ""
    for prefix in _WATCHED_PREFIXES:
        title = title.removeprefix(prefix)
    subtitles = raw.get("subtitles") or []
    channel = text(subtitles[0], "name") if subtitles else None
    played_at = parse_iso(text(raw, "time"))
    if played_at is None:
        raise ValueError("row without a time")
    return Listen(
        track=_track(youtube_id(url), title, channel), played_at=played_at, source=SERVICE
    )


class WatchHistoryHtml:
    name = "youtube_watch_history_html"
    label = "YouTube watch history (Takeout HTML)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        start = head_text(head)
        if "<html" not in start[:200].casefold():
            return 0.0
        if _CELL in start or "material-design-lite" in start:
            return 0.8 + name_hint(file.basename, "watch-history")
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Stream the page cell by cell (the page can be hundreds of megabytes)."""
        skipped = 0
        for number, cell in enumerate(_cells(file), start=1):
            try:
                listen = _html_listen(cell)
            except ValueError as e:
                raise BadExport(file.name, str(e), f"entry {number}") from e
            if listen is None:
                skipped += MUSIC_HEADER + "<br" in cell
                continue
            yield listen
        if skipped:
            logger.info("%s: skipped %d YouTube Music rows without a video", file.name, skipped)


def _cells(file: ExportFile) -> Iterator[str]:
    """The page's activity entries as HTML snippets; what precedes the first one is skipped."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    buffer = ""
    preamble = True
    with file.open() as stream:
        while True:
            chunk = stream.read(1 << 20)
            try:
                buffer += decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                raise BadExport(file.name, "not UTF-8 text") from e
            parts = buffer.split(_CELL)
            buffer = "" if not chunk else parts.pop()
            if len(buffer) > _MAX_CELL:
                raise BadExport(file.name, "an activity entry is far too long (damaged file?)")
            for part in parts:
                if preamble:
                    preamble = False
                    continue
                yield part
            if not chunk:
                return


def _html_listen(cell: str) -> Listen | None:
    header = _HEADER.search(cell)
    if header is None or html.unescape(header["header"]).strip() != MUSIC_HEADER:
        return None
    body = _BODY.search(cell)
    if body is None:
        return None
    parts = [p for p in body["body"].split("<br>") if p.strip()]
    links = _LINK.findall(parts[0]) if parts else []
    if not links or "watch?v" not in links[0][0]:
        return None
    video_url, title = links[0]
    channel_links = _LINK.findall(parts[1]) if len(parts) > 2 else []
    channel = html.unescape(channel_links[0][1]) if channel_links else None
    when = html.unescape(_TAG.sub("", parts[-1])).strip()
    played_at: datetime = parse_activity_date(when)
    return Listen(
        track=_track(youtube_id(html.unescape(video_url)), html.unescape(title).strip(), channel),
        played_at=played_at,
        source=SERVICE,
    )
