"""Transfers between services and the user's match rules (shared/docs/connectors.md, "Transfer").

- ``match_rule``: the user's review choices, reused by every later transfer: "this source
  track is that target track" (``target_id``) or "does not exist there" (``target_id`` NULL).
- ``transfer``: one transfer of a playlist to a service, its phase (match → review → write →
  verify → done), the target playlist once created, and ``written``: how many target items are
  in place. ``written`` is the per-batch checkpoint: it is saved after every batch, so a resume
  starts at the next batch (after checking the target's tail for a batch whose write landed
  but whose checkpoint did not).
- ``transfer_item``: each source entry's match outcome, score, candidates and chosen target id.

Each method is one unit of work; ``now`` comes from the caller's clock.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from store.library import Library
from store.rows import to_ms
from store.transfer_rules import export_rules

UNFINISHED_PHASES = ("write", "verify")


@dataclass(frozen=True, slots=True)
class MatchRule:
    source_key: str
    target_service: str
    target_id: str | None  # None: "does not exist on this service"


@dataclass(slots=True)
class TransferItemRow:
    position: int
    source_key: str
    outcome: str
    score: float | None = None
    candidates: list[dict[str, object]] = field(default_factory=list)
    target_id: str | None = None


@dataclass(slots=True)
class TransferRow:
    id: int
    source_playlist: str
    target_service: str
    mode: str
    target_playlist: str | None
    phase: str
    written: int
    verified: bool | None


class Transfers:
    def __init__(self, library: Library) -> None:
        self._library = library

    # -- match rules ------------------------------------------------------------------------
    def set_rule(self, rule: MatchRule, now: datetime) -> None:
        with self._library.write() as db:
            db.execute(
                """INSERT INTO match_rule (source_key, target_service, target_id, decided_at)
                   VALUES (?, ?, ?, ?) ON CONFLICT (source_key, target_service) DO UPDATE SET
                   target_id = excluded.target_id, decided_at = excluded.decided_at""",
                (rule.source_key, rule.target_service, rule.target_id, to_ms(now)),
            )

    def rules(self, target_service: str) -> dict[str, MatchRule]:
        with self._library.read() as db:
            rows = db.execute(
                "SELECT source_key, target_service, target_id FROM match_rule"
                " WHERE target_service = ?",
                (target_service,),
            ).fetchall()
        return {r[0]: MatchRule(r[0], r[1], r[2]) for r in rows}

    def export_rules(self) -> list[dict[str, Any]]:
        """For mapping packs: every rule as plain JSON (``store.transfer_rules``; the mapping
        pack export and import carry them)."""
        with self._library.read() as db:
            return export_rules(db)

    # -- transfers --------------------------------------------------------------------------
    def start(
        self,
        source_playlist: str,
        target_service: str,
        mode: str,
        items: Iterable[TransferItemRow],
        now: datetime,
    ) -> TransferRow:
        """Record a matched transfer, ready to write (phase ``write``)."""
        with self._library.write() as db:
            cursor = db.execute(
                """INSERT INTO transfer (source_playlist, target_service, mode, phase,
                       created_at, updated_at) VALUES (?, ?, ?, 'write', ?, ?)""",
                (source_playlist, target_service, mode, to_ms(now), to_ms(now)),
            )
            transfer_id = int(cursor.lastrowid)
            db.executemany(
                """INSERT INTO transfer_item (transfer_id, position, source_key, outcome, score,
                       candidates, target_id) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        transfer_id,
                        i.position,
                        i.source_key,
                        i.outcome,
                        i.score,
                        json.dumps(i.candidates, ensure_ascii=False),
                        i.target_id,
                    )
                    for i in items
                ],
            )
        return TransferRow(
            transfer_id, source_playlist, target_service, mode, None, "write", 0, None
        )

    def unfinished(self, source_playlist: str, target_service: str) -> TransferRow | None:
        with self._library.read() as db:
            row = db.execute(
                """SELECT id, source_playlist, target_service, mode, target_playlist, phase,
                       written, verified FROM transfer
                   WHERE source_playlist = ? AND target_service = ? AND phase IN (?, ?)
                   ORDER BY id DESC LIMIT 1""",
                (source_playlist, target_service, *UNFINISHED_PHASES),
            ).fetchone()
        if row is None:
            return None
        verified = None if row[7] is None else bool(row[7])
        return TransferRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], verified)

    def items(self, transfer_id: int) -> list[TransferItemRow]:
        with self._library.read() as db:
            rows = db.execute(
                """SELECT position, source_key, outcome, score, candidates, target_id
                   FROM transfer_item WHERE transfer_id = ? ORDER BY position""",
                (transfer_id,),
            ).fetchall()
        return [TransferItemRow(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows]

    def save(self, transfer: TransferRow, now: datetime) -> None:
        """The checkpoint: phase, target playlist, items written, verification."""
        verified = None if transfer.verified is None else int(transfer.verified)
        with self._library.write() as db:
            db.execute(
                """UPDATE transfer SET target_playlist = ?, phase = ?, written = ?, verified = ?,
                       updated_at = ? WHERE id = ?""",
                (
                    transfer.target_playlist,
                    transfer.phase,
                    transfer.written,
                    verified,
                    to_ms(now),
                    transfer.id,
                ),
            )
