"""``mixtape transfer``: write a playlist to another service, with a match report
(shared/docs/cli.md). A dry run by default: ``--write`` writes (with the "write_back" consent,
given at ``connect --allow-write-back``). ``--pick POSITION=ID`` and ``--not-there POSITION``
record review choices as match rules before matching. ``--mirror`` makes an existing playlist
of the same name equal to the source, asking first when that would remove too much.
``--liked`` transfers liked songs instead of a playlist: those of ``--from SERVICE``, or of
every service but the target (one per song); Spotify keeps the dates they were liked, Deezer
and YouTube cannot (they are saved oldest first, so the order is kept), and on Apple Music,
which has no liked-songs list in its API, they are added to the library.
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
from app.core.transfer_liked import LikedSongsReport, LikedSongsTransfer
from app.core.transfer_targets import target_services
from domain import SERVICES
from store.export import playlist_by_id
from store.liked_songs import liked_songs
from store.transfers import Transfers


def transfer(
    to: Annotated[
        str,
        typer.Option("--to", help=f"The service to write it to ({', '.join(target_services())})."),
    ],
    playlist: Annotated[
        str | None, typer.Option("--playlist", help="The playlist to transfer.")
    ] = None,
    liked: Annotated[
        bool,
        typer.Option(
            "--liked",
            help="Transfer liked songs instead of a playlist (on Apple Music: library songs).",
        ),
    ] = False,
    from_service: Annotated[
        str | None,
        typer.Option("--from", help="With --liked: only this service's liked songs."),
    ] = None,
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
    """Transfer a playlist or your liked songs to another service (a dry run unless --write)."""
    if to not in SERVICES:
        raise CliError(f"unknown service {to!r}; one of {', '.join(SERVICES)}")
    if liked or playlist is None:
        _transfer_liked(to, liked, playlist, from_service, dry_run, mirror, pick, not_there)
        return
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


def _transfer_liked(
    to: str,
    liked: bool,
    playlist: str | None,
    from_service: str | None,
    dry_run: bool,
    mirror: bool,
    pick: list[str] | None,
    not_there: list[int] | None,
) -> None:
    if not liked or playlist is not None:
        raise CliError("say --playlist NAME or --liked (one of them)", EXIT_BAD_INPUT)
    if mirror:
        raise CliError("--mirror is for playlists; liked songs are only ever added", EXIT_BAD_INPUT)
    if from_service is not None and from_service not in SERVICES:
        raise CliError(f"unknown service {from_service!r}; one of {', '.join(SERVICES)}")
    with open_profile_library() as lib:
        source = liked_songs(lib, only=from_service, exclude=to)
        if not source.entries:
            where = f" on {from_service}" if from_service else " on other services"
            raise CliError(f"no liked songs{where} in this library", EXIT_BAD_INPUT)
        services = _services(lib)
        with services.transfer_target(to) as target:
            runner = LikedSongsTransfer(target, Transfers(lib), services.accounts, services.now)
            by_position = {e.position: e.track.key for e in source.entries}
            for choice in pick or ():
                position, _, target_id = choice.partition("=")
                runner.choose(_key(by_position, position), target_id or None)
            for missing in not_there or ():
                runner.choose(_key(by_position, str(missing)), None)
            report = runner.run(source, dry_run=dry_run)
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
        "caveat": report.caveat,
    }
    if isinstance(report, LikedSongsReport):
        doc["liked"] = True
        doc["already_there"] = report.already_there
        doc["dates_kept"] = report.dates_kept

    def human() -> None:
        table = Table("#", "title", "result", "on " + report.target_service, box=None)
        for e in report.entries:
            score = "" if e.score is None or e.outcome == "isrc" else f" {e.score:.2f}"
            table.add_row(str(e.position), e.source.title, e.outcome + score, e.target_id or "")
        ctx.out.print(table)
        summary = ", ".join(f"{n} {k}" for k, n in sorted(report.counts().items()))
        ctx.out.print(summary)
        if report.caveat:
            ctx.out.print(report.caveat)
        if report.dry_run:
            ctx.out.print("Dry run: nothing was written. Add --write to write.")
        else:
            where = "them there" if isinstance(report, LikedSongsReport) else "the target playlist"
            state = "verified" if report.verified else f"NOT verified: check {where}"
            ctx.out.print(f"Wrote {report.written} tracks ({state}).")
            if isinstance(report, LikedSongsReport) and report.already_there:
                ctx.out.print(f"{report.already_there} were already liked there (not sent again).")

    emit(doc, human)


def register(app: typer.Typer) -> None:
    app.command()(transfer)
