"""Commands that move data in and out: import, demo, export, export-all, backup, restore, forget."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from app.cli import _context as ctx
from app.cli._context import (
    EXIT_BAD_INPUT,
    EXIT_LOCKED,
    CliError,
    ask_passphrase,
    emit,
    open_profile_library,
    progress_bar,
)
from app.core.demo import load_demo
from app.core.exporting import FORMATS, export_all, export_playlist
from app.core.importing import FileResult, import_paths
from store import Library
from store import backup as backups
from store.export import playlist_by_id


def _show_results(results: list[FileResult]) -> None:
    doc = {"batches": [r.as_json() for r in results]}

    def human() -> None:
        table = Table("file", "result", "tracks", "playlists", "saved", "listens", box=None)
        for r in results:
            if r.outcome == "not a music export":
                continue
            a = r.added
            table.add_row(
                r.source,
                r.outcome,
                str(a.get("service_tracks", "")),
                str(a.get("playlists", "")),
                str(a.get("saved_items", "")),
                str(a.get("listens", "")),
            )
        ctx.out.print(table)
        ignored = sum(r.outcome == "not a music export" for r in results)
        if ignored:
            ctx.out.print(f"{ignored} file(s) skipped: not music exports")
        dupes = sum(r.duplicate_listens for r in results)
        if dupes:
            ctx.out.print(f"{dupes} listen(s) were already known from another service")

    emit(doc, human)
    errors = [e for r in results for e in r.errors]
    if errors:
        for message in errors[:-1]:
            ctx.err.print(f"error: {message}", markup=False)
        raise CliError(errors[-1], EXIT_BAD_INPUT)


def import_(
    paths: Annotated[list[Path], typer.Argument(help="Export files, folders or zips.")],
) -> None:
    """Import export files, folders or zips; the format is detected from content."""
    with open_profile_library() as lib, progress_bar("Importing") as bar:
        results = import_paths(lib, paths, bar)
    _show_results(results)


def demo(
    open_app: Annotated[bool, typer.Option("--open", help="Open the app afterwards.")] = False,
) -> None:
    """Load the bundled demo library into the profile (idempotent)."""
    with open_profile_library() as lib, progress_bar("Loading the demo") as bar:
        results = load_demo(lib, bar)
    if not open_app:
        _show_results(results)
        return
    from app.cli import commands_app

    commands_app.open_app(demo=True)


def export(
    fmt: Annotated[str, typer.Option("--format", help="m3u8, xspf, jspf, csv or json.")],
    out: Annotated[Path, typer.Option("--out", help="File (one playlist) or folder (--all).")],
    playlist: Annotated[str | None, typer.Option("--playlist", help="Playlist name.")] = None,
    all_playlists: Annotated[bool, typer.Option("--all", help="Every playlist.")] = False,
) -> None:
    """Export one playlist, or every playlist, in an open format."""
    if fmt not in FORMATS:
        raise CliError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if (playlist is None) == (not all_playlists):
        raise CliError("say which: --playlist NAME or --all")
    written: list[str] = []
    with open_profile_library() as lib:
        rows = lib.playlists.list() if all_playlists else lib.playlists.find(playlist or "")
        if not rows:
            raise CliError(f"no playlist called “{playlist}”")
        if not all_playlists:
            rows = rows[:1]
        from app.core.exporting import safe_filename

        ext = FORMATS[fmt][1]
        for row in rows:
            target = out / f"{safe_filename(row.name)}.{ext}" if all_playlists else out
            export_playlist(playlist_by_id(lib, row.id), fmt, target)
            written.append(str(target))
    emit({"files": written}, lambda: ctx.out.print("\n".join(f"wrote {w}" for w in written)))


def export_all_(path: Annotated[Path, typer.Argument(help="The zip file to write.")]) -> None:
    """Everything you own in Mixtape, as one zip of open formats."""
    with open_profile_library() as lib, progress_bar("Exporting") as bar:
        counts = export_all(lib, path, bar)
    emit(
        {"path": str(path), **counts},
        lambda: ctx.out.print(f"wrote {path} ({counts['playlists']} playlists)"),
    )


def backup(path: Annotated[Path, typer.Argument(help="Where to write the backup.")]) -> None:
    """Write an encrypted backup (it opens with your passphrase, on any computer)."""
    with open_profile_library(create=False) as lib:
        target = backups.backup(lib, path)
    emit({"path": str(target)}, lambda: ctx.out.print(f"backup written to {target}"))


def restore(
    path: Annotated[Path, typer.Argument(help="A backup made by `mixtape backup`.")],
) -> None:
    """Replace the library with a backup, after checking the backup is whole."""
    prof = ctx.profile()
    passphrase = ask_passphrase(new=False)
    backups.restore(prof, path, passphrase)
    emit(
        {"restored": str(path), "profile": str(prof.dir)},
        lambda: ctx.out.print(f"library restored from {path}"),
    )


def forget(
    all_data: Annotated[bool, typer.Option("--all", help="Everything: library, keys, caches.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete the library, its keys, caches and index files (erasure)."""
    if not all_data:
        raise CliError("say --all to delete everything Mixtape keeps for this profile")
    prof = ctx.profile()
    if not yes:
        if not ctx.err.is_terminal:
            raise CliError("refusing to delete without confirmation; add --yes")
        answer = typer.prompt(f"Delete everything in {prof.dir}? Type 'delete' to confirm")
        if answer.strip().lower() != "delete":
            raise CliError("nothing was deleted", 1)
    removed = backups.forget(prof)
    emit(
        {"removed": [str(p) for p in removed], "profile": str(prof.dir)},
        lambda: ctx.out.print(f"deleted {len(removed)} file(s) from {prof.dir}"),
    )


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command()(demo)
    app.command()(export)
    app.command("export-all")(export_all_)
    app.command()(backup)
    app.command()(restore)
    app.command()(forget)


__all__ = ["EXIT_LOCKED", "Library", "register"]
