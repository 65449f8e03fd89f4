"""Connected service accounts and their background work: consents, jobs, checkpoints,
quarantined removals, rate state and the daily quota ledger.

Tokens are never here: ``account.token_ref`` names the keyring entry that holds them.
Each method is its own unit of work (one transaction); ``now`` is passed in by the caller, whose
clock is injectable, so the store never reads the time for these rows itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from domain import Account, Consent
from domain.jobs import Checkpoint, Job, RateState, Removal
from store.database import DB
from store.library import Library
from store.rows import from_ms, to_ms

_UNFINISHED = ("queued", "running", "parked")


class ServiceAccounts:
    def __init__(self, library: Library) -> None:
        self._library = library

    # -- accounts ---------------------------------------------------------------------------
    def save_account(self, account: Account) -> None:
        with self._library.write() as db:
            db.execute(
                """INSERT INTO account (service, account_id, display_name, scopes, token_ref,
                       state, last_sync, paused_until, reason)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (service, account_id) DO UPDATE SET
                       display_name = excluded.display_name, scopes = excluded.scopes,
                       token_ref = excluded.token_ref, state = excluded.state,
                       last_sync = excluded.last_sync, paused_until = excluded.paused_until,
                       reason = excluded.reason""",
                (
                    account.service,
                    account.account_id,
                    account.display_name,
                    json.dumps(list(account.scopes)),
                    account.token_ref,
                    account.state,
                    to_ms(account.last_sync),
                    to_ms(account.paused_until),
                    account.reason,
                ),
            )

    def accounts(self, service: str | None = None) -> list[Account]:
        sql = (
            "SELECT service, account_id, display_name, scopes, token_ref, state, last_sync,"
            " paused_until, reason FROM account"
        )
        args: tuple[str, ...] = ()
        if service is not None:
            sql += " WHERE service = ?"
            args = (service,)
        with self._library.read() as db:
            rows = db.execute(sql + " ORDER BY service, account_id", args).fetchall()
        return [
            Account(
                service=r[0],
                account_id=r[1],
                display_name=r[2],
                scopes=tuple(json.loads(r[3])),
                token_ref=r[4],
                state=r[5],
                last_sync=from_ms(r[6]),
                paused_until=from_ms(r[7]),
                reason=r[8],
            )
            for r in rows
        ]

    def remove_account(self, service: str) -> list[Account]:
        """Forget the connection (not the library data it brought); returns what was removed."""
        removed = self.accounts(service)
        with self._library.write() as db:
            db.execute("DELETE FROM account WHERE service = ?", (service,))
            db.execute(
                "UPDATE service_job SET status = 'cancelled' WHERE service = ?"
                " AND status IN ('queued', 'running', 'parked')",
                (service,),
            )
        return removed

    # -- consents ---------------------------------------------------------------------------
    def set_consent(self, consent: Consent) -> None:
        with self._library.write() as db:
            db.execute(
                """INSERT INTO consent (service, purpose, granted, decided_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (service, purpose) DO UPDATE SET
                       granted = excluded.granted, decided_at = excluded.decided_at""",
                (consent.service, consent.purpose, int(consent.granted), to_ms(consent.decided_at)),
            )

    def has_consent(self, service: str, purpose: str) -> bool:
        with self._library.read() as db:
            row = db.execute(
                "SELECT granted FROM consent WHERE service = ? AND purpose = ?", (service, purpose)
            ).fetchone()
        return bool(row and row[0])

    # -- settings (non-secret per-service configuration, e.g. a user's Client ID) ------------
    def setting(self, key: str) -> str | None:
        with self._library.read() as db:
            row = db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._library.write() as db:
            db.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- jobs -------------------------------------------------------------------------------
    def save_job(self, job: Job, now: datetime) -> None:
        """Insert (``job.id`` is then set) or update one job."""
        values = (
            job.status,
            job.reason,
            to_ms(job.not_before),
            job.attempts,
            job.last_error,
            to_ms(now),
        )
        with self._library.write() as db:
            if job.id is None:
                cursor = db.execute(
                    """INSERT INTO service_job (service, account_id, kind, stream, status, reason,
                           not_before, attempts, last_error, updated_at, created_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (job.service, job.account_id, job.kind, job.stream, *values, to_ms(now)),
                )
                job.id = int(cursor.lastrowid)
            else:
                db.execute(
                    """UPDATE service_job SET status = ?, reason = ?, not_before = ?,
                           attempts = ?, last_error = ?, updated_at = ? WHERE id = ?""",
                    (*values, job.id),
                )

    def unfinished_jobs(self, service: str | None = None) -> list[Job]:
        """Queued, running (a crash left them so) and parked jobs, oldest first."""
        sql = (
            "SELECT id, service, account_id, kind, stream, status, reason, not_before, attempts,"
            " last_error FROM service_job WHERE status IN (?, ?, ?)"
        )
        args: tuple[str, ...] = _UNFINISHED
        if service is not None:
            sql += " AND service = ?"
            args = (*args, service)
        with self._library.read() as db:
            rows = db.execute(sql + " ORDER BY id", args).fetchall()
        return [
            Job(
                id=r[0],
                service=r[1],
                account_id=r[2],
                kind=r[3],
                stream=r[4],
                status=r[5],
                reason=r[6],
                not_before=from_ms(r[7]),
                attempts=r[8],
                last_error=r[9],
            )
            for r in rows
        ]

    # -- checkpoints ------------------------------------------------------------------------
    def checkpoint(self, service: str, account_id: str, stream: str) -> Checkpoint:
        with self._library.read() as db:
            row = db.execute(
                "SELECT cursor, watermark, change_token, total, last_full_scan"
                " FROM sync_checkpoint WHERE service = ? AND account_id = ? AND stream = ?",
                (service, account_id, stream),
            ).fetchone()
        if row is None:
            return Checkpoint(service, account_id, stream)
        return Checkpoint(
            service, account_id, stream, row[0], row[1], row[2], row[3], from_ms(row[4])
        )

    def checkpoints(self, service: str, account_id: str, prefix: str) -> list[Checkpoint]:
        with self._library.read() as db:
            rows = db.execute(
                "SELECT stream FROM sync_checkpoint WHERE service = ? AND account_id = ?"
                " AND substr(stream, 1, ?) = ? ORDER BY stream",
                (service, account_id, len(prefix), prefix),
            ).fetchall()
        return [self.checkpoint(service, account_id, r[0]) for r in rows]

    def save_checkpoint(self, checkpoint: Checkpoint, now: datetime) -> None:
        with self._library.write() as db:
            put_checkpoint(db, checkpoint, now)

    # -- removals ---------------------------------------------------------------------------
    def record_removals(self, removals: Iterable[Removal]) -> int:
        """Quarantine: remember what vanished on the service (once); returns how many are new."""
        rows = [
            (r.service, r.account_id, r.stream, r.item_key, r.detail, to_ms(r.detected_at))
            for r in removals
        ]
        if not rows:
            return 0
        with self._library.write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO sync_removal"
                " (service, account_id, stream, item_key, detail, detected_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            return int(db.total_changes - before)

    def open_removals(self, service: str) -> list[Removal]:
        with self._library.read() as db:
            rows = db.execute(
                "SELECT service, account_id, stream, item_key, detail, detected_at"
                " FROM sync_removal WHERE service = ? AND resolved_at IS NULL ORDER BY id",
                (service,),
            ).fetchall()
        return [Removal(r[0], r[1], r[2], r[3], r[4], from_ms(r[5]) or datetime.min) for r in rows]

    # -- what the library already holds from a service (for incremental sync) ---------------
    def saved_keys(self, service: str, kind: str) -> set[str]:
        with self._library.read() as db:
            rows = db.execute(
                "SELECT key FROM saved_item WHERE service = ? AND kind = ?", (service, kind)
            ).fetchall()
        return {r[0] for r in rows}

    def playlist_track_keys(self, playlist_key: str) -> list[str]:
        with self._library.read() as db:
            rows = db.execute(
                """SELECT t.key FROM playlist p
                   JOIN playlist_entry e ON e.playlist_id = p.id
                   JOIN service_track t ON t.id = e.track_id
                   WHERE p.key = ? ORDER BY e.position""",
                (playlist_key,),
            ).fetchall()
        return [r[0] for r in rows]

    # -- rate state and quota ---------------------------------------------------------------
    def rate_state(self, service: str) -> RateState | None:
        with self._library.read() as db:
            row = db.execute(
                "SELECT blocked_until, delay, breaker, failures, open_until FROM rate_state"
                " WHERE service = ?",
                (service,),
            ).fetchone()
        if row is None:
            return None
        return RateState(service, row[0], float(row[1]), row[2], int(row[3]), row[4])

    def save_rate_state(self, state: RateState) -> None:
        with self._library.write() as db:
            db.execute(
                """INSERT INTO rate_state (service, blocked_until, delay, breaker, failures,
                       open_until) VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (service) DO UPDATE SET blocked_until = excluded.blocked_until,
                       delay = excluded.delay, breaker = excluded.breaker,
                       failures = excluded.failures, open_until = excluded.open_until""",
                (
                    state.service,
                    state.blocked_until,
                    state.delay,
                    state.breaker,
                    state.failures,
                    state.open_until,
                ),
            )

    def spend_quota(self, service: str, day: str, bucket: str, units: int) -> int:
        """Add ``units`` to the day's ledger; returns the day's total for the bucket."""
        with self._library.write() as db:
            db.execute(
                """INSERT INTO quota_ledger (service, day, bucket, units) VALUES (?, ?, ?, ?)
                   ON CONFLICT (service, day, bucket)
                   DO UPDATE SET units = units + excluded.units""",
                (service, day, bucket, units),
            )
            row = db.execute(
                "SELECT units FROM quota_ledger WHERE service = ? AND day = ? AND bucket = ?",
                (service, day, bucket),
            ).fetchone()
        return int(row[0])


def put_checkpoint(db: DB, checkpoint: Checkpoint, now: datetime) -> None:
    """Write a checkpoint inside the caller's transaction."""
    db.execute(
        """INSERT INTO sync_checkpoint (service, account_id, stream, cursor, watermark,
               change_token, total, last_full_scan, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (service, account_id, stream) DO UPDATE SET cursor = excluded.cursor,
               watermark = excluded.watermark, change_token = excluded.change_token,
               total = excluded.total, last_full_scan = excluded.last_full_scan,
               updated_at = excluded.updated_at""",
        (
            checkpoint.service,
            checkpoint.account_id,
            checkpoint.stream,
            checkpoint.cursor,
            checkpoint.watermark,
            checkpoint.change_token,
            checkpoint.total,
            to_ms(checkpoint.last_full_scan),
            to_ms(now),
        ),
    )
