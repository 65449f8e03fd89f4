"""Commands that look at the library: init, status, search, playlists."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from app.cli import _context as ctx
from app.cli._context import CliError, emit, open_profile_library
from store import Library, TrackRow
from store.rows import iso, to_ms


def _duration(ms: int | None) -> str:
    if ms is None:
        return ""
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _track_json(row: TrackRow) -> dict[str, object]:
    return {
        "id": row.id,
        "title": row.title,
        "artists": list(row.artists),
        "album": row.album,
        "duration_ms": row.duration_ms,
        "service": row.service,
        "service_id": row.service_id,
        "isrc": row.isrc,
        "recording_id": row.recording_id,
        "plays": row.plays,
    }


def init() -> None:
    """Create the encrypted library."""
    prof = ctx.profile()
    existed = Library.exists(prof)
    with open_profile_library() as lib:
        location = str(lib.profile.db_path)
    emit(
        {"created": not existed, "path": location},
        lambda: ctx.out.print(
            f"{'Library already exists' if existed else 'Created your library'} at {location}"
        ),
    )


def status() -> None:
    """What the library holds, per service; accounts and their health."""
    with open_profile_library() as lib:
        doc = lib.status()

    def human() -> None:
        ctx.out.print(
            f"{doc['service_tracks']} tracks ({doc['recordings']} recordings), "
            f"{doc['playlists']} playlists with {doc['playlist_entries']} entries, "
            f"{doc['saved_items']} saved items, {doc['listens']} listens"
            + (
                f" ({doc['duplicate_listens']} reported twice, counted once)"
                if doc["duplicate_listens"]
                else ""
            )
        )
        if doc["by_service"]:
            table = Table("service", "tracks", "playlists", "saved", "listens", box=None)
            for service, c in doc["by_service"].items():
                table.add_row(
                    service,
                    str(c["service_tracks"]),
                    str(c["playlists"]),
                    str(c["saved_items"]),
                    str(c["listens"]),
                )
            ctx.out.print(table)
        else:
            ctx.out.print("The library is empty. Try `mixtape demo` or `mixtape import PATH`.")
        for a in doc["accounts"]:
            health = a["state"]
            if a["paused_until"]:
                health += f" until {a['paused_until']}"
            if a["reason"]:
                health += f" ({a['reason']})"
            synced = f", last sync {a['last_sync']}" if a["last_sync"] else ""
            ctx.out.print(f"{a['service']} account {a['account']}: {health}{synced}")

    emit(doc, human)


def search(
    query: Annotated[str, typer.Argument(help="Words to find in titles, artists, albums.")],
    limit: Annotated[int, typer.Option("-n", "--limit", min=1, max=1000)] = 25,
) -> None:
    """Full-text search over tracks, artists, albums and playlists."""
    with open_profile_library() as lib:
        tracks = lib.tracks.page(0, limit, query=query, sort="plays", descending=True)
        total = lib.tracks.count(query=query)
        playlists = lib.playlists.search(query, limit=limit)
    doc = {
        "query": query,
        "total_tracks": total,
        "tracks": [_track_json(t) for t in tracks],
        "playlists": [
            {"id": p.id, "name": p.name, "service": p.service, "entries": p.entries}
            for p in playlists
        ],
    }

    def human() -> None:
        if not tracks and not playlists:
            ctx.out.print(f"Nothing matches “{query}”.")
            return
        if tracks:
            table = Table("title", "artists", "album", "time", "service", "plays", box=None)
            for t in tracks:
                table.add_row(
                    t.title,
                    ", ".join(t.artists),
                    t.album or "",
                    _duration(t.duration_ms),
                    t.service,
                    str(t.plays),
                )
            ctx.out.print(table)
            if total > len(tracks):
                ctx.out.print(f"… and {total - len(tracks)} more tracks (use --limit)")
        for p in playlists:
            ctx.out.print(f"playlist: {p.name} ({p.service}, {p.entries} entries)")

    emit(doc, human)


def playlists(
    name: Annotated[str | None, typer.Argument(help="Show this playlist's entries.")] = None,
) -> None:
    """List playlists, or show one with its entries."""
    with open_profile_library() as lib:
        if name is None:
            rows = lib.playlists.list()
            doc: dict[str, object] = {
                "playlists": [
                    {"id": p.id, "name": p.name, "service": p.service, "entries": p.entries}
                    for p in rows
                ]
            }

            def human() -> None:
                if not rows:
                    ctx.out.print("No playlists yet. Import an export with `mixtape import`.")
                    return
                table = Table("name", "service", "entries", box=None)
                for p in rows:
                    table.add_row(p.name, p.service, str(p.entries))
                ctx.out.print(table)

            emit(doc, human)
            return
        found = lib.playlists.find(name)
        if not found:
            raise CliError(f"no playlist called “{name}”")
        if len(found) > 1 and found[0].name.casefold() != name.casefold():
            names = ", ".join(f"“{p.name}”" for p in found[:5])
            raise CliError(f"“{name}” matches several playlists: {names}")
        playlist = found[0]
        entries = lib.playlists.entries(playlist.id)
    doc = {
        "name": playlist.name,
        "service": playlist.service,
        "entries": [
            {
                "position": e.position,
                "title": e.track.title,
                "artists": list(e.track.artists),
                "album": e.track.album,
                "duration_ms": e.track.duration_ms,
                "added_at": iso(to_ms(e.added_at)),
                "added_by": e.added_by,
                "service": e.track.service,
                "service_id": e.track.service_id,
            }
            for e in entries
        ],
    }

    def show() -> None:
        ctx.out.print(f"{playlist.name} · {playlist.service} · {len(entries)} entries")
        table = Table("#", "title", "artists", "time", "added", "by", box=None)
        for e in entries:
            table.add_row(
                str(e.position + 1),
                e.track.title,
                ", ".join(e.track.artists),
                _duration(e.track.duration_ms),
                e.added_at.date().isoformat() if e.added_at else "",
                e.added_by or "",
            )
        ctx.out.print(table)

    emit(doc, show)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(status)
    app.command()(search)
    app.command()(playlists)
