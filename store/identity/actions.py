"""What a person does to identity: merge, split, accept or reject a suggestion, undo.

Every change is an ``identity_action`` holding the decisions it made (or, for a dedupe, what it
removed), so any of them can be taken back. A user's decision is stored by track keys and
always wins over the rules, on this import and every later one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from store.database import DB
from store.errors import StoreError
from store.identity.graph import insert_decisions, region, regroup
from store.identity.tracks import chunked, ids_for_keys, now_ms


class IdentityError(StoreError):
    """A merge, split, review or undo that cannot be done as asked (the message says why)."""


def new_action(db: DB, kind: str, summary: str, payload: dict[str, Any] | None = None) -> int:
    cursor = db.execute(
        "INSERT INTO identity_action (kind, summary, payload, created_at) VALUES (?, ?, ?, ?)",
        (kind, summary, json.dumps(payload or {}, ensure_ascii=False), now_ms()),
    )
    return int(cursor.lastrowid)


def _regroup_keys(db: DB, keys: Sequence[str]) -> None:
    ids = set(ids_for_keys(db, keys).values())
    if ids:
        regroup(db, region(db, ids))


def user_decision(
    db: DB, keys: Sequence[str], verdict: str, kind: str, summary: str, note: str = ""
) -> int:
    """Record the user's verdict about ``keys`` (same, or: the first differs from the rest)."""
    if len(set(keys)) < 2:
        raise IdentityError("a decision needs at least two different tracks")
    action = new_action(db, kind, summary)
    evidence = {"rule": "user", "score": 1.0 if verdict == "same" else 0.0, "summary": note}
    insert_decisions(db, [(tuple(keys), verdict, "user", "user", None, evidence)], action)
    _close_reviews(db, keys, verdict, action)
    _regroup_keys(db, keys)
    return action


def _close_reviews(db: DB, keys: Sequence[str], verdict: str, action: int) -> None:
    for part in chunked(sorted(set(keys))):
        marks = ",".join("?" * len(part))
        db.execute(
            f"UPDATE review_item SET resolved_at = ?, resolution = ?"
            f" WHERE resolved_at IS NULL AND key_a IN ({marks}) AND key_b IN ({marks})",
            [now_ms(), f"{verdict}:{action}", *part, *part],
        )


def recording_keys(db: DB, recording_id: int) -> list[str]:
    rows = db.execute(
        "SELECT key FROM service_track WHERE recording_id = ? ORDER BY id", (recording_id,)
    ).fetchall()
    if not rows:
        raise IdentityError(f"there is no recording {recording_id}")
    return [str(r[0]) for r in rows]


def merge(db: DB, keys: Sequence[str]) -> int:
    """Make these tracks one recording (the user's word: survives re-imports)."""
    return user_decision(db, keys, "same", "merge", f"merged {len(set(keys))} tracks")


def split(db: DB, key: str) -> int:
    """Take one track out of its recording: it differs from every other member."""
    row = db.execute("SELECT recording_id FROM service_track WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise IdentityError(f"no track {key}")
    others = [k for k in recording_keys(db, int(row[0])) if k != key]
    if not others:
        raise IdentityError(f"{key} is already a recording of its own")
    return user_decision(db, [key, *others], "different", "split", f"split {key} out")


def review(db: DB, item_ids: Sequence[int], accept: bool) -> int:
    """Accept (same song) or reject (different songs) review items, as one undoable action."""
    pairs = []
    for part in chunked(sorted(set(item_ids))):
        marks = ",".join("?" * len(part))
        pairs += db.execute(
            f"SELECT id, key_a, key_b FROM review_item WHERE resolved_at IS NULL"
            f" AND id IN ({marks})",
            list(part),
        ).fetchall()
    if not pairs:
        raise IdentityError("none of these review items is open")
    verdict = "same" if accept else "different"
    word = "accepted" if accept else "rejected"
    action = new_action(
        db,
        "review",
        f"{word} {len(pairs)} suggestion(s)",
        {"review_items": [int(p[0]) for p in pairs]},
    )
    evidence = {"rule": "user", "score": 1.0 if accept else 0.0, "summary": f"review {word}"}
    insert_decisions(
        db, [((p[1], p[2]), verdict, "user", "user", None, evidence) for p in pairs], action
    )
    db.executemany(
        "UPDATE review_item SET resolved_at = ?, resolution = ? WHERE id = ?",
        [(now_ms(), f"{verdict}:{action}", int(p[0])) for p in pairs],
    )
    _regroup_keys(db, [k for p in pairs for k in (p[1], p[2])])
    return action


def _decision_keys(db: DB, where: str, value: int) -> list[str]:
    rows = db.execute(
        f"SELECT m.track_key FROM decision_member m JOIN match_decision d"
        f" ON d.id = m.decision_id WHERE {where} = ?",
        (value,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def undo_decision(db: DB, decision_id: int) -> dict[str, Any]:
    row = db.execute(
        "SELECT undone_at, verdict, decided_by FROM match_decision WHERE id = ?", (decision_id,)
    ).fetchone()
    if row is None:
        raise IdentityError(f"there is no decision {decision_id}")
    if row[0] is not None:
        raise IdentityError(f"decision {decision_id} was already undone")
    db.execute("UPDATE match_decision SET undone_at = ? WHERE id = ?", (now_ms(), decision_id))
    _regroup_keys(db, _decision_keys(db, "d.id", decision_id))
    return {"undone": f"d{decision_id}", "kind": "decision", "verdict": row[1]}


def undo_action(db: DB, action_id: int | None) -> dict[str, Any]:
    """Undo ``action_id`` (or the latest action not yet undone)."""
    if action_id is None:
        row = db.execute(
            "SELECT id FROM identity_action WHERE undone_at IS NULL AND kind != 'auto'"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise IdentityError("there is nothing to undo")
        action_id = int(row[0])
    found = db.execute(
        "SELECT kind, summary, payload, undone_at FROM identity_action WHERE id = ?", (action_id,)
    ).fetchone()
    if found is None:
        raise IdentityError(f"there is no action {action_id}")
    kind, summary, payload, undone = found[0], found[1], json.loads(found[2]), found[3]
    if undone is not None:
        raise IdentityError(f"action {action_id} was already undone")
    at = now_ms()
    db.execute("UPDATE identity_action SET undone_at = ? WHERE id = ?", (at, action_id))
    if kind == "dedupe":
        from store.identity.dedupe import restore

        restore(db, action_id, payload)
    else:
        keys = _decision_keys(db, "d.action_id", action_id)
        db.execute(
            "UPDATE match_decision SET undone_at = ? WHERE action_id = ? AND undone_at IS NULL",
            (at, action_id),
        )
        for item in payload.get("review_items", []):
            db.execute(
                "UPDATE review_item SET resolved_at = NULL, resolution = NULL WHERE id = ?",
                (item,),
            )
        if payload.get("match_rules"):  # a mapping pack's transfer match rules
            from store.transfer_rules import restore_rules

            restore_rules(db, payload["match_rules"])
        _regroup_keys(db, keys)
    return {"undone": action_id, "kind": kind, "summary": summary}
