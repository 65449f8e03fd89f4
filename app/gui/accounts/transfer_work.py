"""The transfer flow's work, run in the task helper: list playlists, a dry run (the match
report), review choices saved as rules, and the write with progress per batch.

Each call builds its own ``Services`` and target connection in the worker thread.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.core.transfer import PlaylistTransfer, TransferReport
from app.gui.accounts.work import ServiceEnvironment
from app.gui.tasks import Cancelled, Progress, TaskCancelled
from store import Library
from store.export import playlist_by_id
from store.rows import PlaylistRow
from store.transfers import Transfers


def list_playlists(library: Library) -> list[PlaylistRow]:
    return [p for p in library.playlists.list() if p.entries > 0]


def match_report(
    env: ServiceEnvironment,
    library: Library,
    playlist_id: int,
    target: str,
    choices: Mapping[str, str | None] | None = None,
) -> TransferReport:
    """Save ``choices`` (source key → target id, None: "not there") as rules, then a dry run:
    searches only, not one write."""
    source = playlist_by_id(library, playlist_id)
    services = env.services(library)
    with services.transfer_target(target) as connector:
        runner = PlaylistTransfer(connector, Transfers(library), services.accounts, services.now)
        for key, target_id in (choices or {}).items():
            runner.choose(key, target_id)
        return runner.run(source, dry_run=True)


def write_playlist(
    env: ServiceEnvironment,
    library: Library,
    playlist_id: int,
    target: str,
    planned: int,
    progress: Progress,
    cancelled: Cancelled,
) -> TransferReport:
    """Write in batches; a cancel stops after the current batch (the transfer resumes later
    from its checkpoint, without duplicates)."""
    source = playlist_by_id(library, playlist_id)
    services = env.services(library)

    def after_batch(written: int) -> None:
        progress(written / max(planned, 1), f"{written} / {planned}")
        if cancelled():
            raise TaskCancelled

    with services.transfer_target(target) as connector:
        runner = PlaylistTransfer(
            connector, Transfers(library), services.accounts, services.now, after_batch=after_batch
        )
        progress(-1, "")
        return runner.run(source, dry_run=False)
