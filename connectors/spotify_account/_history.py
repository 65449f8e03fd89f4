"""``StreamingHistory*.json`` of the account data (the last year of plays, no ids).

``endTime`` is the *end* of the play, in UTC, to the minute; the listen starts ``msPlayed``
earlier, so its start is only known to within a minute. Two plays may share an ``endTime``
(and even every field): each row is a play and each one is yielded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from connectors._parsing.json_stream import iter_json_list
from connectors._parsing.records import integer, need_object, reading, text
from connectors._parsing.sniffing import first_list_record, has_keys, name_hint
from connectors._parsing.spotify import SERVICE, spotify_chapter, spotify_episode, spotify_track
from connectors._parsing.text import head_text
from connectors._parsing.times import minus_ms
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, ServiceTrack


class SpotifyStreamingHistory:
    name = "spotify_account_streaming_history"
    label = "Spotify account data: streaming history (StreamingHistory*.json)"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        if has_keys(first_list_record(head), "endTime", "msPlayed"):
            return 0.9 + name_hint(file.basename, "StreamingHistory")
        if head_text(head).strip() == "[]" and name_hint(file.basename, "StreamingHistory"):
            return 0.4
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one :class:`~domain.Listen` per row (music, podcast or audiobook)."""
        for number, raw in iter_json_list(file):
            with reading(file, f"record {number}"):
                listen = to_listen(need_object(raw))
            yield listen


def to_listen(raw: Mapping[str, Any]) -> Listen:
    end = text(raw, "endTime")
    if end is None:
        raise ValueError("play without 'endTime'")
    ended = datetime.strptime(end, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    ms_played = integer(raw, "msPlayed")
    if ms_played is None or ms_played < 0:
        raise ValueError("play without a valid 'msPlayed'")
    return Listen(
        track=_item(raw), played_at=minus_ms(ended, ms_played), source=SERVICE, ms_played=ms_played
    )


def _item(raw: Mapping[str, Any]) -> ServiceTrack:
    if "trackName" in raw:
        return spotify_track(None, text(raw, "trackName"), text(raw, "artistName"), None)
    if "episodeName" in raw:
        return spotify_episode(None, text(raw, "episodeName"), text(raw, "podcastName"))
    if "audiobookName" in raw or "chapterName" in raw:
        return spotify_chapter(
            None, text(raw, "chapterName"), text(raw, "audiobookName"), text(raw, "authorName")
        )
    raise ValueError("play of neither a track, an episode nor an audiobook")
