"""What each service may be used for (``consent``) and the library's own settings (``setting``).

A consent is per service and purpose (``domain.PURPOSES``: import, write back, use for
recommendations, share). A purpose the user never decided on is *not* granted, except
``import`` (bringing in a file the user chose to import is consent by the act itself) and
``recommend`` (recommendations are worked out on this computer and nothing leaves it; the user
can turn it off per service). Data fetched through a service's API is still left out of
recommendations until the user ticks "recommend" for that service (``store.recommend_data``).
Settings are small JSON or text values under a key (``onboarding`` holds the first-run taste
answers the recommender reads for cold start).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from domain import PURPOSES, Consent
from store.library import Library
from store.rows import from_ms, to_ms

#: Purposes granted until the user says otherwise.
DEFAULT_GRANTED = frozenset({"import", "recommend"})


class Consents:
    def __init__(self, library: Library) -> None:
        self._library = library

    def all(self) -> dict[tuple[str, str], Consent]:
        """Every decision the user made, by (service, purpose)."""
        with self._library.read() as db:
            rows = db.execute("SELECT service, purpose, granted, decided_at FROM consent")
            return {(r[0], r[1]): Consent(r[0], r[1], bool(r[2]), from_ms(r[3])) for r in rows}

    def granted(self, service: str, purpose: str) -> bool:
        decided = self.all().get((service, purpose))
        return purpose in DEFAULT_GRANTED if decided is None else decided.granted

    def set(self, service: str, purpose: str, granted: bool) -> Consent:
        if purpose not in PURPOSES:
            raise ValueError(f"unknown purpose {purpose!r}")
        consent = Consent(service, purpose, granted, datetime.now(UTC))
        with self._library.write() as db:
            db.execute(
                """INSERT INTO consent (service, purpose, granted, decided_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (service, purpose) DO UPDATE SET
                       granted = excluded.granted, decided_at = excluded.decided_at""",
                (service, purpose, int(granted), to_ms(consent.decided_at)),
            )
        return consent


class Settings:
    """The ``setting`` table as JSON values."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def get(self, key: str, default: Any = None) -> Any:
        with self._library.read() as db:
            row = db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return row[0]

    def set(self, key: str, value: Any) -> None:
        with self._library.write() as db:
            db.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )
