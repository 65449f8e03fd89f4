"""Recordings as the connected groups of a graph: tracks linked by a shared ISRC and by the
active "same" decisions, kept apart by the active "different" decisions and undone merges.

Decisions name tracks by key (``service:id``), so they outlive the rows they were made about.
Regrouping a *region* (the tracks reachable from a few seeds) is how every change lands:
an import, a merge, a split, an undo. The recording of a group is its smallest track id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from domain import ServiceTrack
from domain.matching import Clusters
from store.database import DB
from store.identity.tracks import chunked, executemany, ids_for_keys, now_ms, tracks_by_id

#: Service order for choosing the recording's title and artists (richest metadata first).
SERVICE_RANK = ("spotify", "apple_music", "deezer", "tidal", "youtube_music", "soundcloud")
MAX_REGION = 50_000
#: Above this many tracks to point at their recordings, the recording index is rebuilt.
REBUILD_INDEX_AT = 20_000


@dataclass(frozen=True, slots=True)
class StoredDecision:
    id: int
    keys: tuple[str, ...]
    verdict: str
    decided_by: str
    rule: str
    score: float | None
    evidence: dict[str, Any]
    undone: bool


#: ``(keys, verdict, decided_by, rule, score, evidence)``; the evidence as a dict, or already
#: encoded as JSON (the resolver encodes its own, faster, when it stores thousands at once).
NewDecision = tuple[tuple[str, ...], str, str, str, float | None, dict[str, Any] | str]


def _keys_json(keys: tuple[str, ...]) -> str:
    return "[" + ", ".join(encode_basestring(k) for k in keys) + "]"


def insert_decisions(db: DB, decisions: Sequence[NewDecision], action_id: int | None) -> list[int]:
    """Insert ``(keys, verdict, decided_by, rule, score, evidence)`` rows; return their ids."""
    if not decisions:
        return []
    start = int(db.execute("SELECT coalesce(max(id), 0) FROM match_decision").fetchone()[0]) + 1
    at = now_ms()
    rows = [
        (
            start + n,
            _keys_json(keys),
            verdict,
            by,
            rule,
            score,
            evidence if isinstance(evidence, str) else json.dumps(evidence, ensure_ascii=False),
            at,
            action_id,
        )
        for n, (keys, verdict, by, rule, score, evidence) in enumerate(decisions)
    ]
    executemany(
        db,
        "INSERT INTO match_decision (id, track_keys, verdict, decided_by, rule, score, evidence,"
        " decided_at, action_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    members = [(start + n, key) for n, d in enumerate(decisions) for key in set(d[0])]
    executemany(db, "INSERT INTO decision_member (decision_id, track_key) VALUES (?, ?)", members)
    return [start + n for n in range(len(decisions))]


def _decision(row: Sequence[Any]) -> StoredDecision:
    return StoredDecision(
        id=int(row[0]),
        keys=tuple(json.loads(row[1])),
        verdict=row[2],
        decided_by=row[3],
        rule=row[4],
        score=row[5],
        evidence=json.loads(row[6]),
        undone=row[7] is not None,
    )


_DECISION_COLUMNS = (
    "d.id, d.track_keys, d.verdict, d.decided_by, d.rule, d.score, d.evidence, d.undone_at"
)


def decisions_touching(db: DB, keys: Iterable[str]) -> list[StoredDecision]:
    found: dict[int, StoredDecision] = {}
    for part in chunked(sorted(set(keys))):
        marks = ",".join("?" * len(part))
        sql = (
            f"SELECT DISTINCT {_DECISION_COLUMNS} FROM decision_member m"
            f" JOIN match_decision d ON d.id = m.decision_id WHERE m.track_key IN ({marks})"
        )
        for row in db.execute(sql, list(part)):
            decision = _decision(row)
            found[decision.id] = decision
    return list(found.values())


def all_constraints(db: DB) -> list[StoredDecision]:
    """Every user decision and every undone merge: what a full re-resolve must respect."""
    sql = (
        f"SELECT {_DECISION_COLUMNS} FROM match_decision d"
        " WHERE d.decided_by = 'user' OR d.undone_at IS NOT NULL"
    )
    return [_decision(row) for row in db.execute(sql)]


def constraint_pairs(
    decisions: Iterable[StoredDecision], ids: Mapping[str, int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(must-link, cannot-link) id pairs: active user "same" decisions link their tracks;
    active "different" decisions and undone merges keep the first track from each other one."""
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    for d in decisions:
        present = [ids[k] for k in d.keys if k in ids]
        if len(present) < 2:
            continue
        if d.verdict == "same" and d.decided_by == "user" and not d.undone:
            must.extend((present[0], other) for other in present[1:])
        elif d.keys[0] in ids and (
            (d.verdict == "different" and not d.undone) or (d.verdict == "same" and d.undone)
        ):
            first = ids[d.keys[0]]
            cannot.extend((first, other) for other in present if other != first)
    return must, cannot


def region(db: DB, seeds: Iterable[int]) -> set[int]:
    """The seeds and every track linked to them by recording, ISRC or decision."""
    ids: set[int] = set(seeds)
    frontier = set(ids)
    while frontier and len(ids) < MAX_REGION:
        found: set[int] = set()
        keys, isrcs, recordings = [], set(), set()
        for part in chunked(sorted(frontier)):
            marks = ",".join("?" * len(part))
            sql = f"SELECT key, isrc, recording_id FROM service_track WHERE id IN ({marks})"
            for key, isrc, recording in db.execute(sql, list(part)):
                keys.append(key)
                if isrc:
                    isrcs.add(isrc)
                if recording is not None:
                    recordings.add(recording)
        for column, values in (("recording_id", recordings), ("isrc", isrcs)):
            for part in chunked(sorted(values)):
                marks = ",".join("?" * len(part))
                sql = f"SELECT id FROM service_track WHERE {column} IN ({marks})"
                found.update(int(r[0]) for r in db.execute(sql, list(part)))
        linked = {k for d in decisions_touching(db, keys) for k in d.keys}
        found.update(ids_for_keys(db, linked).values())
        frontier = found - ids
        ids |= frontier
    return ids


def regroup(db: DB, ids: set[int]) -> dict[int, list[int]]:
    """Recompute the recordings of a closed region from its links; write them."""
    tracks = tracks_by_id(db, ids)
    key_to_id = {key: track_id for track_id, (key, _) in tracks.items()}
    decisions = decisions_touching(db, key_to_id)
    must, cannot = constraint_pairs(decisions, key_to_id)
    clusters = Clusters()
    for track_id in tracks:
        clusters.add(track_id)
    for a, b in cannot:
        clusters.forbid(a, b)
    for a, b in must:
        clusters.join(a, b, force=True)
    by_isrc: dict[str, list[int]] = {}
    for track_id, (_, track) in tracks.items():
        if track.isrc:
            by_isrc.setdefault(track.isrc.upper(), []).append(track_id)
    for members in by_isrc.values():
        for other in sorted(members)[1:]:
            clusters.join(min(members), other)
    rule_links = sorted(
        (d for d in decisions if d.verdict == "same" and d.decided_by == "rule" and not d.undone),
        key=lambda d: -(d.score or 0.0),
    )
    for d in rule_links:
        present = [key_to_id[k] for k in d.keys if k in key_to_id]
        for other in present[1:]:
            clusters.join(present[0], other)
    old = {r[0] for r in _recording_ids(db, ids)}
    groups = clusters.groups(tracks)
    write_groups(db, groups, {i: t for i, (_, t) in tracks.items()}, stale=old)
    return groups


def _recording_ids(db: DB, ids: set[int]) -> list[tuple[int]]:
    found: list[tuple[int]] = []
    for part in chunked(sorted(ids)):
        marks = ",".join("?" * len(part))
        sql = f"SELECT DISTINCT recording_id FROM service_track WHERE id IN ({marks})"
        found.extend((int(r[0]),) for r in db.execute(sql, list(part)) if r[0] is not None)
    return found


def _rank(item: tuple[int, ServiceTrack]) -> tuple[int, int, int, int]:
    track_id, t = item
    service = SERVICE_RANK.index(t.service) if t.service in SERVICE_RANK else len(SERVICE_RANK)
    return (t.duration_ms is None, -len(t.artists), service, track_id)


def write_groups(
    db: DB,
    groups: Mapping[int, list[int]],
    tracks: Mapping[int, ServiceTrack],
    stale: set[int],
) -> None:
    """Point every track at its group's recording; rewrite those recordings."""
    recordings: list[tuple[int, str, str, int | None, str]] = []
    links: list[tuple[int, int]] = []
    for rep, members in groups.items():
        best = min(((m, tracks[m]) for m in members), key=_rank)[1]
        isrcs = sorted({isrc.upper() for m in members if (isrc := tracks[m].isrc)})
        recordings.append(
            (
                rep,
                best.title,
                json.dumps(list(best.artists), ensure_ascii=False),
                best.duration_ms,
                json.dumps(isrcs) if isrcs else "[]",
            )
        )
        links.extend((rep, m) for m in members)
    gone = sorted(stale - set(groups))
    for part in chunked(gone):
        marks = ",".join("?" * len(part))
        db.execute(f"DELETE FROM recording WHERE id IN ({marks})", list(part))
    executemany(
        db,
        "INSERT OR REPLACE INTO recording (id, title, artists, duration_ms, isrcs)"
        " VALUES (?, ?, ?, ?, ?)",
        recordings,
    )
    # In row order, so the updates walk the table's pages once. A whole library's worth is
    # cheaper with the recording index built again afterwards in one sorted pass.
    links.sort(key=_second)
    rebuild = len(links) >= REBUILD_INDEX_AT
    if rebuild:
        db.execute("DROP INDEX IF EXISTS service_track_recording")
    executemany(db, "UPDATE service_track SET recording_id = ? WHERE id = ?", links)
    if rebuild:
        db.execute("CREATE INDEX service_track_recording ON service_track(recording_id)")


def _second(link: tuple[int, int]) -> int:
    return link[1]
