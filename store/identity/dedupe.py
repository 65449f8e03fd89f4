"""Dedupe: keep one copy of each duplicated recording in a playlist or among liked songs.

A preview says what would go; applying it is one undoable action. Removing playlist entries
renumbers the rest (the playlist's order is kept); undo puts back exactly the entries that were
there. A playlist dedupe is also remembered by track keys and applied again when a re-import
replaces the playlist (see :mod:`store.identity.dedupe_rules`). Liked songs are *hidden*,
never deleted, and no listen or provenance row is touched.
"""

from __future__ import annotations

from typing import Any

from store.database import DB
from store.identity.actions import IdentityError, new_action
from store.identity.dedupe_rules import remember, retire
from store.identity.duplicates import duplicate_groups
from store.identity.graph import SERVICE_RANK
from store.identity.tracks import executemany


def _earliest(member: dict[str, Any]) -> tuple[Any, ...]:
    return (member["added_at"] is None, member["added_at"] or "", member["position"] or 0)


def _best(member: dict[str, Any]) -> tuple[Any, ...]:
    service = member["service"]
    rank = SERVICE_RANK.index(service) if service in SERVICE_RANK else len(SERVICE_RANK)
    richness = (
        member["isrc"] is None,
        member["duration_ms"] is None,
        -len(member["artists"]),
        member["album"] is None,
        rank,
    )
    return (*richness, *_earliest(member))


def choose(members: list[dict[str, Any]], keep: str) -> dict[str, Any]:
    """The copy to keep: ``earliest`` added, ``service:NAME`` (else earliest), ``best``, or
    ``key:TRACK_KEY`` (the copy the user pointed at; else earliest)."""
    if keep.startswith("key:"):
        wanted = keep.split(":", 1)[1]
        return min(members, key=lambda m: (m["key"] != wanted, *_earliest(m)))
    if keep == "earliest":
        return min(members, key=_earliest)
    if keep == "best":
        return min(members, key=_best)
    if keep.startswith("service:"):
        wanted = keep.split(":", 1)[1]
        return min(members, key=lambda m: (m["service"] != wanted, *_earliest(m)))
    raise IdentityError(f"unknown keep rule {keep!r} (earliest, best or service:NAME)")


def plan(
    db: DB,
    scope: str,
    keep: str,
    playlist_id: int | None = None,
    recording_id: int | None = None,
) -> list[dict[str, Any]]:
    """The preview: each duplicate group (of one recording, if given) with the member kept
    and those removed."""
    if scope not in ("playlist", "liked"):
        raise IdentityError("only duplicates within a playlist or among liked songs are removed")
    groups = duplicate_groups(db, scope, playlist_id)
    if recording_id is not None:
        groups = [g for g in groups if g["recording_id"] == recording_id]
    for group in groups:
        kept = choose(group["members"], keep)
        group["keep"] = kept
        group["remove"] = [m for m in group["members"] if m is not kept]
    return groups


def apply(
    db: DB,
    scope: str,
    keep: str,
    playlist_id: int | None = None,
    recording_id: int | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """Remove the duplicates of the preview. Returns (action id, the groups)."""
    groups = plan(db, scope, keep, playlist_id, recording_id)
    removed = [m for g in groups for m in g["remove"]]
    if not removed:
        raise IdentityError("there are no duplicates to remove")
    where = "liked songs" if scope == "liked" else f"playlist {removed[0]['where']}"
    payload: dict[str, Any] = {"scope": scope, "keep": keep}
    if scope == "liked":
        action = new_action(db, "dedupe", f"hid {len(removed)} duplicate(s) in {where}", payload)
        executemany(
            db,
            "UPDATE saved_item SET hidden_by = ? WHERE id = ?",
            [(action, m["saved_item_id"]) for m in removed],
        )
        return action, groups
    by_playlist: dict[int, set[int]] = {}
    for m in removed:
        by_playlist.setdefault(m["playlist_id"], set()).add(m["position"])
    payload["playlists"] = {str(p): _entries(db, p) for p in by_playlist}
    action = new_action(db, "dedupe", f"removed {len(removed)} duplicate(s) in {where}", payload)
    remember(db, action, groups)  # so that a re-import does not bring them back
    for playlist, positions in by_playlist.items():
        before = payload["playlists"][str(playlist)]
        after = [e for e in before if e[0] not in positions]
        _replace_entries(db, playlist, [[n, *e[1:]] for n, e in enumerate(after)])
    return action, groups


def _entries(db: DB, playlist_id: int) -> list[list[Any]]:
    rows = db.execute(
        "SELECT position, track_id, added_at, added_by, batch_id FROM playlist_entry"
        " WHERE playlist_id = ? ORDER BY position",
        (playlist_id,),
    ).fetchall()
    return [list(r) for r in rows]


def _replace_entries(db: DB, playlist_id: int, entries: list[list[Any]]) -> None:
    db.execute("DELETE FROM playlist_entry WHERE playlist_id = ?", (playlist_id,))
    executemany(
        db,
        "INSERT INTO playlist_entry (playlist_id, position, track_id, added_at, added_by,"
        " batch_id) VALUES (?, ?, ?, ?, ?, ?)",
        [(playlist_id, *e) for e in entries],
    )


def restore(db: DB, action_id: int, payload: dict[str, Any]) -> None:
    """Undo a dedupe: the hidden liked songs come back; playlists get their entries back."""
    if payload.get("scope") == "liked":
        db.execute("UPDATE saved_item SET hidden_by = NULL WHERE hidden_by = ?", (action_id,))
        return
    for playlist, entries in retire(db, action_id, payload).items():
        _replace_entries(db, int(playlist), entries)


__all__ = ["apply", "choose", "plan", "restore"]
