"""Everything the user decided, as one JSON document for ``export-all``.

The library JSON holds what was imported; this holds what the user *said*: consents per
service and purpose, identity decisions and transfer match rules (the mapping pack, which
``mixtape mapping import`` reads back), songs hidden from recommendations ("not for me",
written as the songs, not as internal ids), songs and artists dismissed from "beyond your
library", and the library's settings (first-run taste answers, preferences). Secrets are
never here: tokens and keys live in the keyring, not in the library.
"""

from __future__ import annotations

import json
from typing import Any

from store.consents import Consents
from store.database import DB
from store.identity.service import Identity
from store.library import Library
from store.recommend_data import HIDDEN_KEY, hidden_recordings
from store.rows import iso

FORMAT = "mixtape-choices/1"


def export_choices(library: Library) -> dict[str, Any]:
    consents = [
        {
            "service": c.service,
            "purpose": c.purpose,
            "granted": c.granted,
            "decided_at": c.decided_at.isoformat() if c.decided_at else None,
        }
        for c in sorted(Consents(library).all().values(), key=lambda c: (c.service, c.purpose))
    ]
    with library.read() as db:
        settings = {
            str(key): _value(str(raw))
            for key, raw in db.execute("SELECT key, value FROM setting ORDER BY key")
            if key != HIDDEN_KEY
        }
        dismissed = [
            {"kind": kind, "key": key, "label": label, "decided_at": iso(at)}
            for kind, key, label, at in db.execute(
                "SELECT kind, key, label, decided_at FROM similar_dismissed ORDER BY kind, key"
            )
        ]
        hidden = _hidden_songs(db, sorted(hidden_recordings(library)))
    return {
        "format": FORMAT,
        "consents": consents,
        "mapping_pack": Identity(library).export_mapping(),
        "hidden_from_recommendations": hidden,
        "dismissed_beyond_library": dismissed,
        "settings": settings,
    }


def _value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _hidden_songs(db: DB, recording_ids: list[int]) -> list[dict[str, Any]]:
    """Each hidden recording as its songs on every service (the ids mean nothing elsewhere)."""
    out = []
    for recording_id in recording_ids:
        rows = db.execute(
            "SELECT key, title, artists FROM service_track WHERE recording_id = ? ORDER BY key",
            (recording_id,),
        ).fetchall()
        if rows:
            out.append(
                {
                    "title": rows[0][1],
                    "artists": _value(rows[0][2]),
                    "tracks": [r[0] for r in rows],
                }
            )
    return out
