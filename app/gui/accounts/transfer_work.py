"""The transfer flow's work, run in the task helper: list playlists, a dry run (the match
report), review choices saved as rules, and the write with progress per batch.

The source is a playlist (its row id) or liked songs (``"liked:<service>"``, see
:func:`liked_source`). Each call builds its own ``Services`` and target connection in the
worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from app.core.transfer import PlaylistTransfer, TransferReport
from app.core.transfer_liked import LikedSongsTransfer
from app.gui.accounts.work import ServiceEnvironment
from app.gui.tasks import Cancelled, Progress, TaskCancelled
from domain import Playlist
from store import Library
from store.export import playlist_by_id
from store.liked_songs import liked_counts, liked_songs
from store.rows import PlaylistRow
from store.transfers import Transfers

#: A transfer's source: a playlist's row id, or ``"liked:<service>"``.
Source = int | str
LIKED = "liked:"


def list_playlists(library: Library) -> list[PlaylistRow]:
    return [p for p in library.playlists.list() if p.entries > 0]


def list_sources(library: Library) -> tuple[list[PlaylistRow], dict[str, int]]:
    """The playlists, and the liked songs per service (each can be a transfer's source)."""
    return list_playlists(library), liked_counts(library)


def liked_source(service: str) -> str:
    return LIKED + service


def _source(library: Library, source: Source) -> Playlist:
    if isinstance(source, str) and source.startswith(LIKED):
        return liked_songs(library, only=source.removeprefix(LIKED))
    return playlist_by_id(library, int(source))


def _runner(
    source: Source,
    target: Any,
    library: Library,
    accounts: Any,
    now: Callable[[], datetime],
    after_batch: Callable[[int], None] | None = None,
) -> PlaylistTransfer | LikedSongsTransfer:
    if isinstance(source, str) and source.startswith(LIKED):
        return LikedSongsTransfer(
            target, Transfers(library), accounts, now, after_batch=after_batch
        )
    return PlaylistTransfer(target, Transfers(library), accounts, now, after_batch=after_batch)


def match_report(
    env: ServiceEnvironment,
    library: Library,
    playlist_id: Source,
    target: str,
    choices: Mapping[str, str | None] | None = None,
) -> TransferReport:
    """Save ``choices`` (source key → target id, None: "not there") as rules, then a dry run:
    searches only, not one write."""
    source = _source(library, playlist_id)
    services = env.services(library)
    with services.transfer_target(target) as connector:
        runner = _runner(playlist_id, connector, library, services.accounts, services.now)
        for key, target_id in (choices or {}).items():
            runner.choose(key, target_id)
        return runner.run(source, dry_run=True)


def write_playlist(
    env: ServiceEnvironment,
    library: Library,
    playlist_id: Source,
    target: str,
    planned: int,
    progress: Progress,
    cancelled: Cancelled,
) -> TransferReport:
    """Write in batches; a cancel stops after the current batch (the transfer resumes later
    from its checkpoint, without duplicates)."""
    source = _source(library, playlist_id)
    services = env.services(library)

    def after_batch(written: int) -> None:
        progress(written / max(planned, 1), f"{written} / {planned}")
        if cancelled():
            raise TaskCancelled

    with services.transfer_target(target) as connector:
        runner = _runner(
            playlist_id, connector, library, services.accounts, services.now, after_batch
        )
        progress(-1, "")
        return runner.run(source, dry_run=False)
