"""Everything the app's track detail panel shows about one service track, in one read.

The recording's *appearances* are the service tracks sharing its ``recording_id`` (a track the
identity pipeline has not resolved yet is its own only appearance). Plays and the last play
count every source's counted listens (``duplicate_of IS NULL``) of every appearance. Evidence
is the match decisions (``match_decision`` via ``decision_member``) touching any appearance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from store.database import DB
from store.library import Library
from store.repositories import TRACK_COLUMNS, track_row
from store.rows import PlaylistRow, TrackRow, from_ms


@dataclass(frozen=True, slots=True)
class Evidence:
    """One decision that tied (or kept apart) some of the appearances."""

    verdict: str
    decided_by: str
    rule: str
    score: float | None
    details: dict[str, Any]
    undone: bool


@dataclass(frozen=True, slots=True)
class TrackDetail:
    track: TrackRow
    appearances: list[TrackRow]
    plays: int
    last_played: datetime | None
    plays_by_source: dict[str, int]
    playlists: list[PlaylistRow]
    evidence: list[Evidence] = field(default_factory=list)


def track_detail(library: Library, track_id: int) -> TrackDetail | None:
    with library.read() as db:
        row = db.execute(
            f"SELECT {TRACK_COLUMNS} FROM service_track t WHERE t.id = ?", (track_id,)
        ).fetchone()
        if row is None:
            return None
        track = track_row(row)
        if track.recording_id is None:
            appearances = [track]
        else:
            appearances = [
                track_row(r)
                for r in db.execute(
                    f"SELECT {TRACK_COLUMNS} FROM service_track t WHERE t.recording_id = ?"
                    " ORDER BY t.service, t.id",
                    (track.recording_id,),
                )
            ]
        ids = [t.id for t in appearances]
        marks = ",".join("?" * len(ids))
        by_source: dict[str, int] = {}
        last: int | None = None
        for source, count, latest in db.execute(
            f"""SELECT source, count(*), max(played_at) FROM listen
                WHERE duplicate_of IS NULL AND track_id IN ({marks}) GROUP BY source""",
            ids,
        ):
            by_source[str(source)] = int(count)
            last = latest if last is None else max(last, latest)
        playlists = [
            PlaylistRow(id=r[0], name=r[1], service=r[2], entries=r[3])
            for r in db.execute(
                f"""SELECT p.id, p.name, p.service,
                           (SELECT count(*) FROM playlist_entry x WHERE x.playlist_id = p.id)
                    FROM playlist p WHERE p.id IN
                        (SELECT playlist_id FROM playlist_entry WHERE track_id IN ({marks}))
                    ORDER BY p.name COLLATE NOCASE""",
                ids,
            )
        ]
        evidence = _evidence(db, ids)
    return TrackDetail(
        track=track,
        appearances=appearances,
        plays=sum(by_source.values()),
        last_played=from_ms(last),
        plays_by_source=dict(sorted(by_source.items())),
        playlists=playlists,
        evidence=evidence,
    )


def _evidence(db: DB, ids: list[int]) -> list[Evidence]:
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"""SELECT DISTINCT d.verdict, d.decided_by, d.rule, d.score, d.evidence, d.undone_at
            FROM match_decision d JOIN decision_member m ON m.decision_id = d.id
            WHERE m.track_key IN (SELECT key FROM service_track WHERE id IN ({marks}))
            ORDER BY d.decided_at DESC LIMIT 20""",
        ids,
    ).fetchall()
    found = []
    for verdict, by, rule, score, details, undone in rows:
        try:
            parsed = json.loads(details)
        except ValueError:
            parsed = {}
        found.append(
            Evidence(
                str(verdict),
                str(by),
                str(rule),
                score,
                parsed if isinstance(parsed, dict) else {},
                undone is not None,
            )
        )
    return found
