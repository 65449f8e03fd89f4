"""Mapping packs: the user's own identity decisions as a JSON file a friend can apply.

Tracks are named by what any library can recognise, never by local row ids::

    {"format": "mixtape-mapping", "version": 1, "exported_at": "2026-11-02T10:00:00Z",
     "policy": {"remaster_is_same": true, …},
     "decisions": [{"verdict": "same", "decided_at": "…Z", "note": "…",
                    "tracks": [{"key": "spotify:4uLU…", "service": "spotify",
                                "service_id": "4uLU…", "isrc": "GBARL9300135",
                                "title": "…", "artists": ["…"]}, …]}]}

For ``different`` the first track differs from each of the others. On import a track is found
by its key, else by its ISRC; keys not in the library yet are kept, so the decision applies when
that track is imported later.

The pack also carries the user's transfer match rules (``"match_rules"``, see
``store.transfer_rules``), so the review choices made on one machine apply to the next transfer
on another. Undoing the import's action puts the previous rules back.
"""

from __future__ import annotations

import json
from typing import Any

from store.database import DB
from store.identity.actions import IdentityError, new_action
from store.identity.graph import insert_decisions, region, regroup
from store.identity.tracks import chunked, ids_for_keys
from store.rows import iso
from store.transfer_rules import export_rules, import_rules

FORMAT = "mixtape-mapping"
VERSION = 1


def export_pack(db: DB) -> dict[str, Any]:
    rows = db.execute(
        "SELECT track_keys, verdict, decided_at, evidence FROM match_decision"
        " WHERE decided_by = 'user' AND undone_at IS NULL ORDER BY id"
    ).fetchall()
    keys = sorted({k for r in rows for k in json.loads(r[0])})
    info: dict[str, dict[str, Any]] = {}
    for part in chunked(keys):
        marks = ",".join("?" * len(part))
        for key, service, service_id, isrc, title, artists in db.execute(
            "SELECT key, service, service_id, isrc, title, artists FROM service_track"
            f" WHERE key IN ({marks})",
            list(part),
        ):
            info[key] = {
                "key": key,
                "service": service,
                "service_id": service_id,
                "isrc": isrc,
                "title": title,
                "artists": json.loads(artists),
            }
    from store.identity.settings import load_policy

    decisions = [
        {
            "verdict": r[1],
            "decided_at": iso(r[2]),
            "note": json.loads(r[3]).get("summary", ""),
            "tracks": [info.get(k, {"key": k}) for k in json.loads(r[0])],
        }
        for r in rows
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(_now()),
        "policy": load_policy(db).as_json(),
        "decisions": decisions,
        "match_rules": export_rules(db),
    }


def _now() -> int:
    from store.identity.tracks import now_ms

    return now_ms()


def _local_keys(db: DB, tracks: list[dict[str, Any]]) -> list[str]:
    """The pack's tracks as keys of this library (by key, else ISRC), unknown keys kept."""
    known = ids_for_keys(db, [t["key"] for t in tracks if t.get("key")])
    out: list[str] = []
    for track in tracks:
        key = track.get("key")
        if key in known:
            out.append(key)
            continue
        isrc = track.get("isrc")
        row = None
        if isrc:
            row = db.execute(
                "SELECT key FROM service_track WHERE isrc = ? ORDER BY id LIMIT 1", (isrc,)
            ).fetchone()
        if row is not None:
            out.append(str(row[0]))
        elif key:
            out.append(str(key))
    return list(dict.fromkeys(out))


def import_pack(db: DB, pack: dict[str, Any]) -> tuple[int, int, int]:
    """Apply a friend's pack as user decisions and its transfer match rules.
    Returns (action id, decisions applied, match rules applied)."""
    if pack.get("format") != FORMAT:
        raise IdentityError("this file is not a Mixtape mapping pack")
    if int(pack.get("version", 0)) > VERSION:
        raise IdentityError("this mapping pack was written by a newer Mixtape; please update")
    new = []
    for decision in pack.get("decisions", []):
        verdict = decision.get("verdict")
        if verdict not in ("same", "different"):
            continue
        keys = _local_keys(db, list(decision.get("tracks", [])))
        if len(keys) >= 2:
            evidence = {
                "rule": "user",
                "score": 1.0 if verdict == "same" else 0.0,
                "summary": decision.get("note") or "from a mapping pack",
            }
            new.append((tuple(keys), verdict, "user", "mapping_pack", None, evidence))
    rules = [r for r in pack.get("match_rules") or [] if isinstance(r, dict)]
    if not new and not rules:
        raise IdentityError("nothing in this mapping pack applies to your library")
    before = import_rules(db, rules, _now())
    summary = f"applied {len(new)} decision(s)"
    if before:
        summary += f" and {len(before)} transfer match rule(s)"
    payload = {"match_rules": before} if before else None
    action = new_action(db, "mapping", summary + " from a mapping pack", payload)
    if new:
        insert_decisions(db, new, action)
    ids = set(ids_for_keys(db, [k for d in new for k in d[0]]).values())
    if ids:
        regroup(db, region(db, ids))
    return action, len(new), len(before)
