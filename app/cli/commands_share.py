"""``mixtape share …``: shared playlists with friends on other services (shared/docs/cli.md).

``share create --playlist NAME --relay URL`` → ``{"link", "doc_id"}``; ``share join LINK`` →
``{"playlist", "doc_id"}``; ``share sync``; ``share members NAME``; ``share remove NAME MEMBER``;
``share leave NAME``; plus ``share show NAME``, ``share add NAME TRACK_KEY``, ``share invite NAME``
and ``share status``. A relay that cannot be reached or refuses us is exit code 4.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from app.cli import _context as ctx
from app.cli._context import EXIT_BAD_INPUT, EXIT_SERVICE, CliError, emit, open_profile_library
from store.rows import iso
from sync import sharing
from sync.errors import RelayFailure, SyncError
from sync.state import list_shares

share_app = typer.Typer(help="Keep a playlist together with friends, end-to-end encrypted.")


@contextmanager
def _sync_errors() -> Iterator[None]:
    try:
        yield
    except RelayFailure as e:
        raise CliError(str(e), EXIT_SERVICE) from e
    except SyncError as e:
        raise CliError(str(e), EXIT_BAD_INPUT) from e


@share_app.command("create")
def share_create(
    playlist: Annotated[str, typer.Option("--playlist", help="The playlist to share.")],
    relay: Annotated[str, typer.Option("--relay", help="Relay URL (ws://host:port).")],
    name: Annotated[str, typer.Option("--name", help="How friends see you.")] = "",
) -> None:
    """Start sharing a playlist; prints the invite link (single use, expires in 7 days)."""
    with open_profile_library() as library, _sync_errors():
        link = sharing.create_share(library, playlist, relay, name)
    doc = {"link": link.to_url(), "doc_id": link.doc_id, "expires_at": iso(link.expires_at)}
    emit(
        doc, lambda: ctx.out.print(f"Send this link to one friend:\n{link.to_url()}", markup=False)
    )


@share_app.command("invite")
def share_invite(name: Annotated[str, typer.Argument(help="Shared playlist.")]) -> None:
    """Another single-use invite link for a playlist you own."""
    with open_profile_library() as library, _sync_errors():
        link = sharing.invite(library, name)
    doc = {"link": link.to_url(), "doc_id": link.doc_id, "expires_at": iso(link.expires_at)}
    emit(doc, lambda: ctx.out.print(link.to_url(), markup=False))


@share_app.command("join")
def share_join(
    link: Annotated[str, typer.Argument(help="The mixtape://join link a friend sent.")],
    name: Annotated[str, typer.Option("--name", help="How friends see you.")] = "",
) -> None:
    """Join a shared playlist from an invite link."""
    with open_profile_library() as library, _sync_errors():
        playlist, doc_id = sharing.join_share(library, link, name)
    emit(
        {"playlist": playlist, "doc_id": doc_id},
        lambda: ctx.out.print(f"Joined “{playlist}”. The owner admits you on their next sync."),
    )


@share_app.command("sync")
def share_sync(
    checkpoint: Annotated[
        bool, typer.Option("--checkpoint", help="Also upload a checkpoint now.")
    ] = False,
) -> None:
    """Exchange updates for every shared playlist."""
    with open_profile_library() as library, _sync_errors():
        reports = sharing.sync_all(library, force_checkpoint=checkpoint)
        rows = {s.doc_id: s for s in list_shares(library)}
    playlists = [
        {
            "doc_id": r.doc_id,
            "name": rows[r.doc_id].name if r.doc_id in rows else "",
            "status": r.status,
            "pushed": r.pushed,
            "applied": r.applied,
            "rejected": r.rejected,
            "pending": r.pending,
            "cursor": r.cursor,
            "checkpointed": r.checkpointed,
        }
        for r in reports
    ]

    def human() -> None:
        for p in playlists:
            ctx.out.print(f"{p['name']}: {p['status']} ({p['pending']} pending)", markup=False)

    emit({"playlists": playlists}, human)


@share_app.command("status")
def share_status() -> None:
    """Sync status per shared playlist: up to date, N pending, offline since, or error."""
    with open_profile_library() as library:
        shares = list_shares(library)
    playlists = [_status(s) for s in shares]

    def human() -> None:
        for p in playlists:
            ctx.out.print(f"{p['name']}: {p['summary']}", markup=False)

    emit({"playlists": playlists}, human)


def _status(share: Any) -> dict[str, Any]:
    offline = iso(share.offline_since)
    if share.status == "error":
        summary = f"error: {share.status_detail}"
    elif share.status == "offline":
        summary = f"offline since {offline}" + (f", {share.outbox} pending" if share.outbox else "")
    elif share.outbox:
        summary = f"{share.outbox} pending"
    else:
        summary = "up to date"
    return {
        "doc_id": share.doc_id,
        "name": share.name,
        "status": share.status,
        "pending": share.outbox,
        "offline_since": offline,
        "last_sync": iso(share.last_sync),
        "detail": share.status_detail,
        "summary": summary,
    }


@share_app.command("show")
def share_show(name: Annotated[str, typer.Argument(help="Shared playlist.")]) -> None:
    """The shared entries, each resolved against your own library."""
    with open_profile_library() as library, _sync_errors():
        rows = sharing.entries(library, name)
    entries = [
        {
            "position": i,
            "entry_id": e.entry_id,
            "title": e.track.title,
            "artists": list(e.track.artists),
            "album": e.track.album,
            "duration_ms": e.track.duration_ms,
            "isrc": e.track.isrc,
            "service_ids": dict(e.track.service_ids),
            "added_by": e.added_by,
            "in_library": r.in_library,
            "service": r.track.service if r.track else None,
            "service_id": r.track.service_id if r.track else None,
        }
        for i, (e, r) in enumerate(rows)
    ]

    def human() -> None:
        for i, (e, r) in enumerate(rows):
            where = r.track.service if r.track else "not in your library"
            artists = ", ".join(e.track.artists)
            ctx.out.print(f"{i + 1:>3}. {e.track.title} — {artists} [{where}]", markup=False)

    emit({"name": name, "entries": entries}, human)


@share_app.command("add")
def share_add(
    name: Annotated[str, typer.Argument(help="Shared playlist.")],
    track: Annotated[str, typer.Argument(help="Track key from your library, e.g. deezer:3135556.")],
    position: Annotated[int | None, typer.Option("--position", min=0)] = None,
) -> None:
    """Add a track from any of your services (sent on the next sync)."""
    with open_profile_library() as library, _sync_errors():
        entry_id = sharing.add_track(library, name, track, position)
    emit({"entry_id": entry_id}, lambda: ctx.out.print("Added; it goes out on the next sync."))


@share_app.command("members")
def share_members(name: Annotated[str, typer.Argument(help="Shared playlist.")]) -> None:
    """Who shares this playlist, and when each device was last heard from."""
    with open_profile_library() as library, _sync_errors():
        members = sharing.members(library, name)
    doc = {
        "members": [
            {
                "name": m.name,
                "device": m.device,
                "role": m.role,
                "active": m.active,
                "me": m.is_me,
                "last_seen": iso(m.last_seen),
            }
            for m in members
        ]
    }

    def human() -> None:
        for m in members:
            state = "" if m.active else " (removed)"
            ctx.out.print(f"{m.name} — {m.role}{state} {m.device[:12]}", markup=False)

    emit(doc, human)


@share_app.command("remove")
def share_remove(
    name: Annotated[str, typer.Argument(help="Shared playlist.")],
    member: Annotated[str, typer.Argument(help="Member name or device key prefix.")],
) -> None:
    """Remove a member: new key for everyone else, new relay token; they read nothing new."""
    with open_profile_library() as library, _sync_errors():
        removed = sharing.remove_member(library, name, member)
    emit(
        {"removed": removed.name, "device": removed.device},
        lambda: ctx.out.print(f"Removed {removed.name}; the key was rotated.", markup=False),
    )


@share_app.command("leave")
def share_leave(name: Annotated[str, typer.Argument(help="Shared playlist.")]) -> None:
    """Stop sharing. As the owner this deletes the relay's copy for everyone."""
    with open_profile_library() as library, _sync_errors():
        deleted = sharing.leave(library, name)
    emit(
        {"left": name, "deleted_on_relay": deleted},
        lambda: ctx.out.print("Left." + (" The relay's copy is deleted." if deleted else "")),
    )


def register(app: typer.Typer) -> None:
    app.add_typer(share_app, name="share")
