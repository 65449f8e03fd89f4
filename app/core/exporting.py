"""Exports: one playlist or the whole library in open formats, and ``export-all``.

Files are written beside the target under a temporary name and renamed into place at the end,
so a cancelled or failed export never leaves a partial file behind.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol, cast

from connectors.errors import ImportCancelled
from domain import Playlist
from store import Library
from store.choices import export_choices
from store.export import iter_listens, iter_playlists, iter_saved, iter_tracks

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class PlaylistWriter(Protocol):
    def __call__(self, playlist: Playlist, out: BinaryIO) -> None: ...


#: Format name → (connector package, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "m3u8": ("connectors.m3u", "m3u8"),
    "xspf": ("connectors.xspf", "xspf"),
    "jspf": ("connectors.jspf", "jspf"),
    "csv": ("connectors.exportify", "csv"),
    "json": ("connectors.mixtape_json", "json"),
}


def playlist_writer(fmt: str) -> PlaylistWriter:
    package, _ = FORMATS[fmt]
    module = importlib.import_module(package)
    writer: PlaylistWriter = module.write_playlist
    return writer


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """Write to ``target`` all at once: a temporary file renamed into place on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as out:
            yield out
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def safe_filename(name: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .")
    return cleaned[:120] or "playlist"


def export_playlist(playlist: Playlist, fmt: str, target: Path) -> Path:
    with atomic_file(target) as out:
        playlist_writer(fmt)(playlist, out)
    return target


def export_all(
    library: Library,
    target: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> dict[str, int]:
    """Everything the user owns as one zip: the full library as Mixtape JSON, and every playlist
    in every open format."""
    from connectors.mixtape_json import write_library

    report = progress or (lambda fraction, message: None)
    is_cancelled = cancelled or (lambda: False)
    playlists = library.playlists.list()
    counts = {"playlists": len(playlists), "files": 0}
    with atomic_file(target) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        report(0.0, "library")
        with archive.open("library.json", "w", force_zip64=True) as out:
            write_library(
                cast(BinaryIO, out),
                iter_tracks(library),
                iter_playlists(library),
                iter_saved(library),
                iter_listens(library),
                exported_at=datetime.now(UTC),
            )
        counts["files"] += 1
        report(0.0, "your choices")
        archive.writestr("choices.json", json.dumps(export_choices(library), indent=2) + "\n")
        counts["files"] += 1
        used: set[str] = set()
        for n, playlist in enumerate(iter_playlists(library), 1):
            if is_cancelled():
                raise ImportCancelled()
            stem = safe_filename(playlist.name)
            while stem.casefold() in used:
                stem += "_"
            used.add(stem.casefold())
            for fmt, (_, ext) in FORMATS.items():
                with archive.open(f"playlists/{fmt}/{stem}.{ext}", "w") as out:
                    playlist_writer(fmt)(playlist, cast(BinaryIO, out))
                counts["files"] += 1
            report(n / max(1, len(playlists)), playlist.name)
        archive.writestr("README.txt", _README)
    return counts


_README = """Your Mixtape library, exported.

library.json      everything: tracks, playlists, liked/saved items and every listen, in
                  Mixtape's full-fidelity JSON (mixtape import library.json reads it back).
choices.json      what you decided: consents per service, identity decisions and transfer
                  match rules (a mapping pack: mixtape mapping import reads it), songs hidden
                  from recommendations and dismissed suggestions, and your settings.
playlists/m3u8    each playlist as extended M3U8 (plays in most media players)
playlists/xspf    XSPF with every known service link and ISRC
playlists/jspf    JSPF (ListenBrainz style), with added dates and who added each track
playlists/csv     CSV with Exportify's columns
playlists/json    Mixtape JSON, one playlist per file
"""
