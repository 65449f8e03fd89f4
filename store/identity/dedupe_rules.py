"""Dedupe decisions that outlive re-imports.

A playlist dedupe removes entries by row; a re-import replaces every entry of the playlist, so
the removed copies would come back. Each applied group is therefore also remembered as a
*rule*, by playlist key and track keys (which survive re-imports, row ids do not): "in this
playlist, these tracks are one song; keep the copy of ``keep_key``". When a re-import replaces
the playlist, the active rules are applied to the incoming entries before they are written, and
that re-application is an undoable action of its own in the history.

Undoing a dedupe (the first one or a re-application) retires its rules: the user wants those
copies back, on this import and the next.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from domain import Playlist, PlaylistEntry
from store.database import DB
from store.identity.actions import new_action
from store.identity.tracks import executemany, now_ms
from store.rows import to_ms


@dataclass(frozen=True, slots=True)
class DedupeRule:
    id: int
    keep_key: str
    track_keys: frozenset[str]


def remember(db: DB, action_id: int, groups: Iterable[Mapping[str, Any]]) -> None:
    """Store one rule per applied playlist group (``groups`` as :func:`dedupe.plan` gives)."""
    keys: dict[int, str] = {}
    rows = []
    for group in groups:
        if not group["remove"]:
            continue
        playlist_id = int(group["keep"]["playlist_id"])
        if playlist_id not in keys:
            found = db.execute("SELECT key FROM playlist WHERE id = ?", (playlist_id,)).fetchone()
            keys[playlist_id] = str(found[0])
        members = sorted({m["key"] for m in group["members"]})
        rows.append((action_id, keys[playlist_id], group["keep"]["key"], json.dumps(members)))
    executemany(
        db,
        "INSERT INTO dedupe_rule (action_id, playlist_key, keep_key, track_keys)"
        " VALUES (?, ?, ?, ?)",
        rows,
    )


def active_rules(db: DB, playlist_key: str) -> list[DedupeRule]:
    rows = db.execute(
        "SELECT id, keep_key, track_keys FROM dedupe_rule"
        " WHERE playlist_key = ? AND undone_at IS NULL ORDER BY id",
        (playlist_key,),
    ).fetchall()
    return [DedupeRule(int(r[0]), str(r[1]), frozenset(json.loads(r[2]))) for r in rows]


def keep_deduped(
    playlist: Playlist, rules: Sequence[DedupeRule]
) -> tuple[Playlist, int, list[int]]:
    """The playlist without the copies ``rules`` removed before, renumbered in order.

    Returns (the playlist, how many entries were dropped, the ids of the rules that dropped
    any). A rule drops nothing when fewer than two of its tracks are in the playlist; it keeps
    the first copy of its ``keep_key`` track, or else the first of its tracks.
    """
    entries = playlist.entries
    dropped: set[int] = set()
    used: list[int] = []
    for rule in rules:
        members = [
            n for n, e in enumerate(entries) if n not in dropped and e.track.key in rule.track_keys
        ]
        if len(members) < 2:
            continue
        keep = next((n for n in members if entries[n].track.key == rule.keep_key), members[0])
        dropped.update(n for n in members if n != keep)
        used.append(rule.id)
    if not dropped:
        return playlist, 0, []
    kept = (e for n, e in enumerate(entries) if n not in dropped)
    renumbered = tuple(replace(e, position=n) for n, e in enumerate(kept))
    return replace(playlist, entries=renumbered), len(dropped), used


def note_reapplied(
    db: DB,
    playlist_id: int,
    imported: Sequence[PlaylistEntry],
    track_ids: Mapping[str, int],
    rule_ids: Sequence[int],
    dropped: int,
    batch_id: int,
    name: str,
) -> int:
    """Record the re-application as an undoable dedupe whose undo puts back the playlist as
    the import wrote it (``imported``: its entries, every copy included)."""
    entries = [
        [n, track_ids[e.track.key], to_ms(e.added_at), e.added_by, batch_id]
        for n, e in enumerate(imported)
    ]
    payload = {
        "scope": "playlist",
        "keep": "remembered",
        "reapplied": list(rule_ids),
        "playlists": {str(playlist_id): entries},
    }
    summary = f"kept {dropped} removed duplicate(s) out of playlist {name} on re-import"
    return new_action(db, "dedupe", summary, payload)


def retire(db: DB, action_id: int, payload: Mapping[str, Any]) -> dict[str, list[list[Any]]]:
    """Retire the rules an undone dedupe made or re-applied; return the entries to restore.

    A playlist that a re-import replaced since the dedupe goes back to what that import wrote
    (the later re-application is undone with it): the older entries belong to a version of the
    playlist that no longer exists.
    """
    at = now_ms()
    reapplied = [int(r) for r in payload.get("reapplied", [])]
    db.execute(
        "UPDATE dedupe_rule SET undone_at = ? WHERE action_id = ? AND undone_at IS NULL",
        (at, action_id),
    )
    executemany(
        db,
        "UPDATE dedupe_rule SET undone_at = ? WHERE id = ? AND undone_at IS NULL",
        [(at, r) for r in reapplied],
    )
    restore: dict[str, list[list[Any]]] = dict(payload.get("playlists", {}))
    own = {
        int(r[0])
        for r in db.execute("SELECT id FROM dedupe_rule WHERE action_id = ?", (action_id,))
    }
    if not own:
        return restore
    later = db.execute(
        "SELECT id, payload FROM identity_action WHERE kind = 'dedupe' AND undone_at IS NULL"
        " AND id > ? ORDER BY id",
        (action_id,),
    ).fetchall()
    for later_id, raw in later:
        found = json.loads(raw)
        if not own.intersection(found.get("reapplied", [])):
            continue
        db.execute("UPDATE identity_action SET undone_at = ? WHERE id = ?", (at, later_id))
        restore.update(found.get("playlists", {}))
    return restore


__all__ = ["DedupeRule", "active_rules", "keep_deduped", "note_reapplied", "remember", "retire"]
