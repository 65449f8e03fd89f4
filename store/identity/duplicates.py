"""Duplicates are views over recordings: the same recording twice in a playlist, in several
playlists ("this song is in 4 of your playlists"), or twice among liked songs (on one service
or across services). Each group carries the evidence that made its members one recording.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from store.database import DB
from store.identity.tracks import chunked
from store.rows import iso

_TRACK = "t.id, t.key, t.service, t.service_id, t.title, t.artists, t.album, t.duration_ms, t.isrc"


def _member(
    row: Sequence[Any], where: str, position: int | None, added: int | None
) -> dict[str, Any]:
    return {
        "track_id": row[0],
        "key": row[1],
        "service": row[2],
        "service_id": row[3],
        "title": row[4],
        "artists": json.loads(row[5]),
        "album": row[6],
        "duration_ms": row[7],
        "isrc": row[8],
        "where": where,
        "position": position,
        "added_at": iso(added),
    }


def group_evidence(db: DB, members: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Why these members are one recording: the decisions that link them, weakest first."""
    keys = sorted({m["key"] for m in members})
    if len(keys) == 1:
        return {"rule": "same track", "score": 1.0, "summary": "the same track, more than once"}
    decisions: dict[int, dict[str, Any]] = {}
    for part in chunked(keys):
        marks = ",".join("?" * len(part))
        rows = db.execute(
            f"SELECT d.id, d.rule, d.decided_by, d.score, d.evidence FROM match_decision d"
            f" JOIN decision_member m ON m.decision_id = d.id WHERE m.track_key IN ({marks})"
            f" AND d.verdict = 'same' AND d.undone_at IS NULL",
            list(part),
        ).fetchall()
        for r in rows:
            evidence = json.loads(r[4])
            decisions[int(r[0])] = {
                "id": int(r[0]),
                "rule": r[1],
                "decided_by": r[2],
                "score": r[3],
                "summary": evidence.get("summary", ""),
            }
    isrcs = {m["isrc"] for m in members if m["isrc"]}
    links = sorted(decisions.values(), key=lambda d: d["score"] if d["score"] is not None else 1)
    if not links:
        rule = "isrc" if len(isrcs) == 1 else "recording"
        return {"rule": rule, "score": 1.0, "summary": "same ISRC" if rule == "isrc" else ""}
    weakest = links[0]
    return {
        "rule": weakest["rule"],
        "score": weakest["score"] if weakest["score"] is not None else 1.0,
        "summary": "; ".join(d["summary"] for d in links if d["summary"]),
        "decisions": links,
    }


def playlist_members(db: DB, playlist_id: int | None = None) -> list[tuple[int, dict[str, Any]]]:
    """(recording id, member) for every playlist entry (of one playlist, or all)."""
    where = "WHERE e.playlist_id = ?" if playlist_id is not None else ""
    rows = db.execute(
        f"SELECT t.recording_id, p.id, p.name, e.position, e.added_at, {_TRACK}"
        f" FROM playlist_entry e JOIN playlist p ON p.id = e.playlist_id"
        f" JOIN service_track t ON t.id = e.track_id {where} ORDER BY p.id, e.position",
        () if playlist_id is None else (playlist_id,),
    ).fetchall()
    out = []
    for r in rows:
        member = _member(r[5:], r[2], r[3], r[4])
        member["playlist_id"] = r[1]
        out.append((r[0], member))
    return out


def liked_members(db: DB) -> list[tuple[int, dict[str, Any]]]:
    rows = db.execute(
        f"SELECT t.recording_id, s.id, s.added_at, {_TRACK} FROM saved_item s"
        f" JOIN service_track t ON t.id = s.track_id"
        f" WHERE s.kind = 'track' AND s.hidden_by IS NULL ORDER BY s.added_at, s.id"
    ).fetchall()
    out = []
    for r in rows:
        member = _member(r[3:], "liked", None, r[2])
        member["saved_item_id"] = r[1]
        out.append((r[0], member))
    return out


def _groups(pairs: Iterable[tuple[Any, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    by: dict[Any, list[dict[str, Any]]] = {}
    for group_key, member in pairs:
        by.setdefault(group_key, []).append(member)
    return [members for members in by.values() if len(members) > 1]


def duplicate_groups(db: DB, scope: str, playlist_id: int | None = None) -> list[dict[str, Any]]:
    """``scope``: ``playlist`` (within one or every playlist), ``liked``, ``across_playlists``."""
    if scope == "liked":
        found = _groups((rec, m) for rec, m in liked_members(db))
    elif scope == "across_playlists":
        per_recording: dict[int, dict[int, dict[str, Any]]] = {}
        for rec, m in playlist_members(db):
            per_recording.setdefault(rec, {}).setdefault(m["playlist_id"], m)
        found = [list(ms.values()) for ms in per_recording.values() if len(ms) > 1]
    else:
        found = _groups(
            ((m["playlist_id"], rec), m) for rec, m in playlist_members(db, playlist_id)
        )
    out = []
    for members in found:
        services = sorted({m["service"] for m in members})
        recording_id = db.execute(
            "SELECT recording_id FROM service_track WHERE id = ?", (members[0]["track_id"],)
        ).fetchone()[0]
        group: dict[str, Any] = {
            "recording_id": recording_id,
            "kind": scope,
            "services": services,
            "across_services": len(services) > 1,
            "members": members,
            "evidence": group_evidence(db, members),
        }
        if scope == "across_playlists":
            group["playlists"] = len(members)
            group["summary"] = f"this song is in {len(members)} of your playlists"
        out.append(group)
    out.sort(key=lambda g: (-len(g["members"]), g["recording_id"]))
    return out
