"""The user's matching policy and the resolver's own bookkeeping, in the ``setting`` table."""

from __future__ import annotations

import json

from domain.matching import MatchPolicy
from store.database import DB

POLICY_KEY = "identity.policy"
FULL_RESOLVE_KEY = "identity.needs_full_resolve"


def _get(db: DB, key: str) -> str | None:
    row = db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set(db: DB, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def load_policy(db: DB) -> MatchPolicy:
    stored = _get(db, POLICY_KEY)
    return MatchPolicy() if stored is None else MatchPolicy.from_json(json.loads(stored))


def save_policy(db: DB, policy: MatchPolicy) -> None:
    """Store the policy; the next resolution runs over the whole library under it."""
    _set(db, POLICY_KEY, json.dumps(policy.as_json()))
    _set(db, FULL_RESOLVE_KEY, "1")


def needs_full_resolve(db: DB) -> bool:
    return _get(db, FULL_RESOLVE_KEY) == "1"


def set_full_resolve_done(db: DB) -> None:
    _set(db, FULL_RESOLVE_KEY, "0")
