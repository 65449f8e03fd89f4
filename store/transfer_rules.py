"""Transfer match rules in mapping packs: exported with the identity decisions, applied on import.

A rule is the user's review choice in a transfer: "this source track is that track on the
target service" or "it does not exist there" (``target_id`` null). In a pack::

    "match_rules": [{"source_key": "apple_music:am1001", "target_service": "spotify",
                     "target_id": "4uLU6hMCjMI75M1A2tKUQC", "decided_at": "2026-11-02T10:00:00Z"}]

Source tracks are named by their key, as the pack's decisions are; a key that is not in the
library yet is kept, so the rule applies when that track is imported later. On import the newer
choice wins when both libraries decided about the same track and service. What an import
changed is returned, so undoing the pack's action puts the previous rules back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from store.database import DB
from store.rows import iso, to_ms


def export_rules(db: DB) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT source_key, target_service, target_id, decided_at FROM match_rule ORDER BY 1, 2"
    ).fetchall()
    return [
        {"source_key": r[0], "target_service": r[1], "target_id": r[2], "decided_at": iso(r[3])}
        for r in rows
    ]


def import_rules(db: DB, rules: list[dict[str, Any]], now_ms: int) -> list[dict[str, Any]]:
    """Apply a pack's rules; returns what each changed rule was before (``target_id`` absent:
    there was no rule), for undo."""
    before: list[dict[str, Any]] = []
    for rule in rules:
        key, service = rule.get("source_key"), rule.get("target_service")
        if not isinstance(key, str) or not isinstance(service, str) or not key or not service:
            continue
        target = rule.get("target_id")
        target = str(target) if target else None
        decided = _ms(rule.get("decided_at")) or now_ms
        old = db.execute(
            "SELECT target_id, decided_at FROM match_rule"
            " WHERE source_key = ? AND target_service = ?",
            (key, service),
        ).fetchone()
        if old is not None and (old[1] >= decided or old[0] == target):
            continue  # this library's own choice is as new or newer, or the same
        db.execute(
            """INSERT INTO match_rule (source_key, target_service, target_id, decided_at)
               VALUES (?, ?, ?, ?) ON CONFLICT (source_key, target_service) DO UPDATE SET
               target_id = excluded.target_id, decided_at = excluded.decided_at""",
            (key, service, target, decided),
        )
        previous: dict[str, Any] = {"source_key": key, "target_service": service}
        if old is not None:
            previous.update(target_id=old[0], decided_at=old[1])
        before.append(previous)
    return before


def restore_rules(db: DB, before: list[dict[str, Any]]) -> None:
    """Undo an import: each rule back to what it was, or gone if there was none."""
    for rule in before:
        if "decided_at" in rule:
            db.execute(
                "UPDATE match_rule SET target_id = ?, decided_at = ?"
                " WHERE source_key = ? AND target_service = ?",
                (rule["target_id"], rule["decided_at"], rule["source_key"], rule["target_service"]),
            )
        else:
            db.execute(
                "DELETE FROM match_rule WHERE source_key = ? AND target_service = ?",
                (rule["source_key"], rule["target_service"]),
            )


def _ms(value: Any) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return to_ms(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None
