"""Sniffing and reading Spotify extended streaming history files."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import cast

from connectors._parsing.json_stream import iter_json_list
from connectors._parsing.records import RECORD_ERRORS, need_object, record_error
from connectors._parsing.sniffing import first_list_record, has_keys, name_hint
from connectors._parsing.text import head_text
from connectors.sources import ExportFile
from connectors.spotify_extended._mapping import to_listen
from connectors.spotify_extended._payloads import ExtendedPlay
from domain import ImportRecord

logger = logging.getLogger(__name__)

_NAMES = ("Streaming_History_Audio", "Streaming_History_Video", "endsong")


class SpotifyExtendedHistory:
    """``Streaming_History_{Audio,Video}_*.json`` and ``endsong_*.json`` → listens."""

    name = "spotify_extended_history"
    label = "Spotify extended streaming history"

    def sniff(self, file: ExportFile, head: bytes) -> float:
        first = first_list_record(head)
        if has_keys(first, "ts", "ms_played"):
            return 0.9 + name_hint(file.basename, *_NAMES)
        if head_text(head).lstrip().startswith("[") and name_hint(file.basename, *_NAMES):
            # An empty list, or a first record longer than the head: trust the usual name.
            return 0.4
        return 0.0

    def read(self, file: ExportFile) -> Iterator[ImportRecord]:
        """Yield one :class:`~domain.Listen` per play, in file order."""
        video = "video" in file.basename.casefold()
        skipped = 0
        for number, raw in iter_json_list(file):
            try:
                listen = to_listen(cast(ExtendedPlay, need_object(raw)), video=video)
            except RECORD_ERRORS as e:  # what ``reading`` does, without a ``with`` per play
                raise record_error(file, f"record {number}", e) from e
            if listen is None:
                skipped += 1
                continue
            yield listen
        if skipped:
            logger.info(
                "%s: skipped %d plays with no track, episode or chapter", file.name, skipped
            )
