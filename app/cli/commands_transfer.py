"""``mixtape transfer``: write a playlist to another service, with a match report
(shared/docs/cli.md). A dry run by default: ``--write`` writes (with the "write_back" consent,
given at ``connect --allow-write-back``). ``--pick POSITION=ID`` and ``--not-there POSITION``
record review choices as match rules before matching. ``--mirror`` makes an existing playlist
of the same name equal to the source, asking first when that would remove too much.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from app.cli import _context as ctx
from app.cli._context import EXIT_BAD_INPUT, CliError, emit, open_profile_library
from app.cli.commands_services import _services
from app.core.transfer import NeedsConfirmation, PlaylistTransfer, TransferReport
from domain import SERVICES
from store.export import playlist_by_id
from store.transfers import Transfers


def transfer(
    playlist: Annotated[str, typer.Option("--playlist", help="The playlist to transfer.")],
    to: Annotated[str, typer.Option("--to", help="The service to write it to (spotify).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run/--write", help="Only report the matches (the default).")
    ] = True,
    mirror: Annotated[
        bool, typer.Option("--mirror", help="Make the same-named target playlist equal.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm a mirror that removes a lot.")
    ] = False,
    pick: Annotated[
        list[str] | None, typer.Option("--pick", help="POSITION=TARGET_ID: the right match.")
    ] = None,
    not_there: Annotated[
        list[int] | None, typer.Option("--not-there", help="POSITION: not on that service.")
    ] = None,
) -> None:
    """Transfer a playlist to another service (a dry run unless --write)."""
    if to not in SERVICES:
        raise CliError(f"unknown service {to!r}; one of {', '.join(SERVICES)}")
    with open_profile_library() as lib:
        rows = lib.playlists.find(playlist)
        if len(rows) != 1:
            found = "no playlist" if not rows else f"{len(rows)} playlists"
            raise CliError(f"{found} called {playlist!r}", EXIT_BAD_INPUT)
        source = playlist_by_id(lib, rows[0].id)
        services = _services(lib)
        with services.transfer_target(to) as target:
            runner = PlaylistTransfer(target, Transfers(lib), services.accounts, services.now)
            by_position = {e.position: e.track.key for e in source.entries}
            for choice in pick or ():
                position, _, target_id = choice.partition("=")
                runner.choose(_key(by_position, position), target_id or None)
            for missing in not_there or ():
                runner.choose(_key(by_position, str(missing)), None)
            try:
                report = runner.run(source, dry_run=dry_run, mirror=mirror, confirm=yes)
            except NeedsConfirmation as e:
                if not sys.stdin.isatty() or ctx.OPTIONS.json:
                    raise CliError(f"{e}: add --yes", EXIT_BAD_INPUT) from e
                typer.confirm(str(e), abort=True)
                report = runner.run(source, dry_run=dry_run, mirror=mirror, confirm=True)
    _show(report)


def _key(by_position: dict[int, str], position: str) -> str:
    try:
        return by_position[int(position)]
    except (ValueError, KeyError) as e:
        raise CliError(f"no entry at position {position!r}", EXIT_BAD_INPUT) from e


def _show(report: TransferReport) -> None:
    doc = {
        "playlist": report.playlist,
        "to": report.target_service,
        "dry_run": report.dry_run,
        "mirror": report.mirror,
        "resumed": report.resumed,
        "summary": report.counts(),
        "items": [
            {
                "position": e.position,
                "title": e.source.title,
                "artists": list(e.source.artists),
                "service": e.source.service,
                "outcome": e.outcome,
                "score": e.score,
                "target_id": e.target_id,
                "candidates": e.candidates,
                "note": e.note,
            }
            for e in report.entries
        ],
        "target_playlist": report.target_playlist,
        "written": report.written,
        "verified": report.verified,
    }

    def human() -> None:
        table = Table("#", "title", "result", "on " + report.target_service, box=None)
        for e in report.entries:
            score = "" if e.score is None or e.outcome == "isrc" else f" {e.score:.2f}"
            table.add_row(str(e.position), e.source.title, e.outcome + score, e.target_id or "")
        ctx.out.print(table)
        summary = ", ".join(f"{n} {k}" for k, n in sorted(report.counts().items()))
        ctx.out.print(summary)
        if report.dry_run:
            ctx.out.print("Dry run: nothing was written. Add --write to write.")
        else:
            state = "verified" if report.verified else "NOT verified: check the target playlist"
            ctx.out.print(f"Wrote {report.written} tracks ({state}).")

    emit(doc, human)


def register(app: typer.Typer) -> None:
    app.command()(transfer)
