"""Read-only questions about the whole library."""

from __future__ import annotations

from typing import Any

from store.database import DB
from store.rows import iso


def library_status(db: DB) -> dict[str, Any]:
    """The ``status`` document of the CLI contract (shared/docs/cli.md)."""

    def scalar(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    by_service: dict[str, dict[str, int]] = {}

    def tally(sql: str, field: str) -> None:
        for service, count in db.execute(sql).fetchall():
            by_service.setdefault(
                service, {"service_tracks": 0, "playlists": 0, "saved_items": 0, "listens": 0}
            )[field] = int(count)

    tally("SELECT service, count(*) FROM service_track GROUP BY service", "service_tracks")
    tally("SELECT service, count(*) FROM playlist GROUP BY service", "playlists")
    # Liked songs a dedupe hid are kept (undo brings them back) but no longer counted.
    tally(
        "SELECT service, count(*) FROM saved_item WHERE hidden_by IS NULL GROUP BY service",
        "saved_items",
    )
    tally(
        "SELECT source, count(*) FROM listen WHERE duplicate_of IS NULL GROUP BY source",
        "listens",
    )
    accounts = [
        {
            "service": r[0],
            "account": r[1],
            "state": r[2],
            "last_sync": iso(r[3]),
            "paused_until": iso(r[4]),
            "reason": r[5],
        }
        for r in db.execute(
            "SELECT service, account_id, state, last_sync, paused_until, reason FROM account"
            " ORDER BY service, account_id"
        )
    ]
    return {
        "service_tracks": scalar("SELECT count(*) FROM service_track"),
        "recordings": scalar("SELECT count(*) FROM recording"),
        "playlists": scalar("SELECT count(*) FROM playlist"),
        "playlist_entries": scalar("SELECT count(*) FROM playlist_entry"),
        "saved_items": scalar("SELECT count(*) FROM saved_item WHERE hidden_by IS NULL"),
        "listens": scalar("SELECT count(*) FROM listen WHERE duplicate_of IS NULL"),
        "duplicate_listens": scalar("SELECT count(*) FROM listen WHERE duplicate_of IS NOT NULL"),
        "import_batches": scalar("SELECT count(*) FROM import_batch WHERE complete = 1"),
        "by_service": dict(sorted(by_service.items())),
        "accounts": accounts,
    }


def artist_names(db: DB, limit: int = 500) -> list[str]:
    """Artists in the library, the most present first (tracks across all services)."""
    rows = db.execute(
        """SELECT a.value, count(*) AS n FROM service_track t, json_each(t.artists) AS a
           WHERE trim(a.value) != '' GROUP BY a.value COLLATE NOCASE
           ORDER BY n DESC, a.value COLLATE NOCASE LIMIT ?""",
        (limit,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def library_summary(db: DB) -> dict[str, Any]:
    """The few numbers the app's status bar shows, without counting every listen (``status``
    does, which takes seconds on a million listens): tracks per service, playlists, accounts."""
    by_service = {
        str(service): {"service_tracks": int(count)}
        for service, count in db.execute(
            "SELECT service, count(*) FROM service_track GROUP BY service ORDER BY service"
        )
    }
    accounts = [
        {"service": r[0], "account": r[1], "state": r[2]}
        for r in db.execute("SELECT service, account_id, state FROM account ORDER BY service")
    ]
    return {
        "service_tracks": sum(s["service_tracks"] for s in by_service.values()),
        "playlists": int(db.execute("SELECT count(*) FROM playlist").fetchone()[0]),
        "by_service": by_service,
        "accounts": accounts,
    }
