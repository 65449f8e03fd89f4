"""The daily quota ledger (table ``quota_ledger``): units spent per service, day and bucket.

It satisfies ``connectors._jobs._quota.QuotaBook`` (structurally: the store never imports the
connectors). A charge reads and books in one ``BEGIN IMMEDIATE`` transaction, so two Mixtape
processes sharing a library can never spend more than the budget between them, and the
ledger survives a restart. ``day`` is whatever calendar the service counts in (YouTube:
Pacific-time dates); the store does not interpret it.
"""

from __future__ import annotations

from store.library import Library


class QuotaLedger:
    def __init__(self, library: Library) -> None:
        self._library = library

    def charge(self, service: str, day: str, bucket: str, units: int, budget: int) -> bool:
        """Book ``units`` unless the day would go past ``budget``; True when booked."""
        with self._library.write() as db:
            row = db.execute(
                "SELECT units FROM quota_ledger WHERE service = ? AND day = ? AND bucket = ?",
                (service, day, bucket),
            ).fetchone()
            spent = int(row[0]) if row else 0
            if spent + units > budget:
                return False
            db.execute(
                """INSERT INTO quota_ledger (service, day, bucket, units) VALUES (?, ?, ?, ?)
                   ON CONFLICT (service, day, bucket)
                   DO UPDATE SET units = units + excluded.units""",
                (service, day, bucket, units),
            )
        return True

    def spent(self, service: str, day: str, bucket: str) -> int:
        with self._library.read() as db:
            row = db.execute(
                "SELECT units FROM quota_ledger WHERE service = ? AND day = ? AND bucket = ?",
                (service, day, bucket),
            ).fetchone()
        return int(row[0]) if row else 0

    def use_up(self, service: str, day: str, bucket: str, budget: int) -> None:
        """The service said the day's quota is gone: record at least ``budget`` as spent."""
        with self._library.write() as db:
            db.execute(
                """INSERT INTO quota_ledger (service, day, bucket, units) VALUES (?, ?, ?, ?)
                   ON CONFLICT (service, day, bucket)
                   DO UPDATE SET units = max(units, excluded.units)""",
                (service, day, bucket, budget),
            )
