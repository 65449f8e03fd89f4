"""Running the identity pipeline over the library: from scratch, or for newly imported tracks.

From scratch: every track's features and blocking keys, pairs only within blocks, the user's
decisions as constraints; automatic decisions are replaced, user decisions and undone merges
kept. Incremental (the end of every import batch): only the new tracks (``recording_id IS
NULL``) are scored, against the tracks that share a block or an ISRC with them; then the
region they touch is regrouped from its links.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping

from domain import ServiceTrack
from domain.matching import FeatureMaker, Matcher, PairDecision, TrackFeatures, block_keys
from domain.matching import resolve as resolve_pairs
from domain.matching.blocking import MAX_BLOCK
from domain.matching.resolve import new_clusters
from store.database import DB
from store.identity.engine import default_feature_maker, default_matcher
from store.identity.graph import (
    NewDecision,
    all_constraints,
    constraint_pairs,
    decisions_touching,
    insert_decisions,
    region,
    regroup,
    write_groups,
)
from store.identity.settings import load_policy, needs_full_resolve, set_full_resolve_done
from store.identity.tracks import (
    all_tracks,
    chunked,
    executemany,
    ids_for_keys,
    now_ms,
    paused_gc,
    tracks_by_id,
)

logger = logging.getLogger(__name__)


def _decisions(pairs: Iterable[PairDecision], keys: Mapping[int, str]) -> list[NewDecision]:
    return [
        (
            (keys[p.a], keys[p.b]),
            "same",
            "rule",
            p.judgement.rule,
            p.judgement.score,
            p.judgement.evidence_json(),
        )
        for p in pairs
    ]


def _reviews(db: DB, pairs: Iterable[PairDecision], keys: Mapping[int, str]) -> None:
    at = now_ms()
    rows = []
    for p in pairs:
        a, b = sorted((keys[p.a], keys[p.b]))
        rows.append((a, b, p.judgement.score, p.judgement.evidence_json(), at))
    executemany(
        db,
        "INSERT OR IGNORE INTO review_item (key_a, key_b, score, evidence, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def _action(db: DB, kind: str, summary: str, payload: str = "{}") -> int:
    cursor = db.execute(
        "INSERT INTO identity_action (kind, summary, payload, created_at) VALUES (?, ?, ?, ?)",
        (kind, summary, payload, now_ms()),
    )
    return int(cursor.lastrowid)


def resolve_all(db: DB, matcher: Matcher | None = None, maker: FeatureMaker | None = None) -> int:
    """Resolve the whole library from scratch. Returns the number of recordings."""
    with paused_gc():
        return _resolve_all(db, matcher, maker)


def _resolve_all(db: DB, matcher: Matcher | None, maker: FeatureMaker | None) -> int:
    matcher = matcher or default_matcher(load_policy(db))
    maker = maker or default_feature_maker()
    keys: dict[int, str] = {}
    tracks: dict[int, ServiceTrack] = {}
    features: dict[int, TrackFeatures] = {}
    for track_id, key, track in all_tracks(db):
        keys[track_id], tracks[track_id] = key, track
        features[track_id] = maker.features(track)
    ids = {key: track_id for track_id, key in keys.items()}
    must, cannot = constraint_pairs(all_constraints(db), ids)
    block_of = {i: block_keys(f) for i, f in features.items()}
    result = resolve_pairs(features, matcher, must_link=must, cannot_link=cannot, keys=block_of)
    db.execute("DELETE FROM match_decision WHERE decided_by = 'rule' AND undone_at IS NULL")
    db.execute("DELETE FROM review_item WHERE resolved_at IS NULL")
    _rewrite_blocks(db, block_of)
    action = _action(db, "auto", f"matched the whole library ({len(result.joined)} links)")
    insert_decisions(db, _decisions(result.joined, keys), action)
    _reviews(db, result.review, keys)
    groups = result.clusters.groups(features)
    stale = {int(r[0]) for r in db.execute("SELECT id FROM recording")}
    # Episodes are not songs: each is its own recording.
    for track_id, key, track in _episodes(db):
        groups[track_id], tracks[track_id], keys[track_id] = [track_id], track, key
    write_groups(db, groups, tracks, stale)
    set_full_resolve_done(db)
    logger.info("resolved %d tracks into %d recordings", len(tracks), len(groups))
    return len(groups)


def _rewrite_blocks(db: DB, block_of: Mapping[int, Iterable[str]]) -> None:
    """Replace the blocking index. Its second index is dropped and built again afterwards:
    building it in one sorted pass is much cheaper than updating it for every row."""
    db.execute("DELETE FROM track_block")
    db.execute("DROP INDEX IF EXISTS track_block_track")
    blocks = sorted((k, i) for i, ks in block_of.items() for k in ks)
    executemany(db, "INSERT OR IGNORE INTO track_block (key, track_id) VALUES (?, ?)", blocks)
    db.execute("CREATE INDEX track_block_track ON track_block(track_id)")


def _episodes(db: DB) -> list[tuple[int, str, ServiceTrack]]:
    rows = db.execute("SELECT id FROM service_track WHERE kind = 'episode'").fetchall()
    found = tracks_by_id(db, (int(r[0]) for r in rows))
    return [(i, key, t) for i, (key, t) in found.items()]


def resolve_new(db: DB, source: str = "import") -> int:
    """Resolve the tracks that have no recording yet. Returns how many links were made."""
    with paused_gc():
        return _resolve_new(db, source)


def _resolve_new(db: DB, source: str) -> int:
    if needs_full_resolve(db):
        resolve_all(db)
        return 0
    new_ids = [
        int(r[0]) for r in db.execute("SELECT id FROM service_track WHERE recording_id IS NULL")
    ]
    if not new_ids:
        return 0
    maker = default_feature_maker()
    matcher = default_matcher(load_policy(db))
    loaded = tracks_by_id(db, new_ids)
    features = {i: maker.features(t) for i, (_, t) in loaded.items()}
    new_blocks = [(k, i) for i, f in features.items() for k in block_keys(f)]
    oversized = _oversized_blocks(db, new_blocks)
    usable = sorted({k for k, _ in new_blocks} - oversized)
    candidates = _candidates(db, usable, features)
    executemany(db, "INSERT OR IGNORE INTO track_block (key, track_id) VALUES (?, ?)", new_blocks)
    others = tracks_by_id(db, set(candidates) - set(loaded))
    loaded.update(others)
    features.update({i: maker.features(t) for i, (_, t) in others.items()})
    block_of = {
        i: tuple(k for k in block_keys(f) if k not in oversized) for i, f in features.items()
    }
    keys = {i: key for i, (key, _) in loaded.items()}
    ids = {key: i for i, key in keys.items()}
    must, cannot = constraint_pairs(decisions_touching(db, ids), ids)
    clusters = new_clusters(features, matcher)
    for group in candidates.values():
        if group is not None:
            for member in group[1:]:
                clusters.join(group[0], member, force=True)
    result = resolve_pairs(
        features,
        matcher,
        must_link=must,
        cannot_link=cannot,
        new=set(new_ids),
        clusters=clusters,
        keys=block_of,
    )
    if result.joined:
        action = _action(db, "auto", f"matched {len(result.joined)} new tracks ({source})")
        insert_decisions(db, _decisions(result.joined, keys), action)
    _reviews(db, result.review, keys)
    regroup(db, region(db, new_ids))
    return len(result.joined)


_CAPPED_COUNTS = """SELECT k.value, (SELECT count(*) FROM
    (SELECT 1 FROM track_block b WHERE b.key = k.value LIMIT ?2)) FROM json_each(?1) AS k"""


def _oversized_blocks(db: DB, new_blocks: Iterable[tuple[str, int]]) -> set[str]:
    """The new tracks' blocks that hold more than ``MAX_BLOCK`` tracks, old and new together.

    Pairing skips such a block anyway (``domain.matching.blocking``), so its members are
    neither loaded nor scored: a block every track of a big library shares (one artist's
    "a:artist:love…" key, thousands of songs called "Intro") would otherwise make every
    batch read and featurise the whole block again, and a sync of 1,000 pages quadratic.
    Counting stops at ``MAX_BLOCK + 1`` per block, so asking costs the same at any size.
    """
    members: dict[str, set[int]] = {}
    for key, track_id in new_blocks:
        members.setdefault(key, set()).add(track_id)
    oversized = {key for key, ids in members.items() if len(ids) > MAX_BLOCK}
    for part in chunked(sorted(set(members) - oversized)):
        for key, count in db.execute(_CAPPED_COUNTS, (json.dumps(part), MAX_BLOCK + 1)):
            if count + len(members[key]) <= MAX_BLOCK:
                continue
            existing = {
                int(r[0])
                for r in db.execute(
                    "SELECT track_id FROM track_block WHERE key = ? LIMIT ?", (key, MAX_BLOCK + 1)
                )
            }
            if len(existing | members[key]) > MAX_BLOCK:
                oversized.add(key)
    return oversized


def _relinked(db: DB, features: Iterable[TrackFeatures]) -> set[int]:
    """Existing tracks that are the same service track as a new one: the id a new track was
    relinked from, and tracks relinked from a new track's id (or from the same id)."""
    originals: set[str] = set()
    asked: dict[str, set[str]] = {}
    for f in features:
        for key in (f.linked_key, f.service_key if f.service_key else None):
            if key:
                service, service_id = key.split(":", 1)
                asked.setdefault(service, set()).add(service_id)
        if f.linked_key:
            originals.add(f.linked_key)
    found: set[int] = set(ids_for_keys(db, originals).values())
    for service, service_ids in asked.items():
        for part in chunked(sorted(service_ids)):
            marks = ",".join("?" * len(part))
            sql = f"SELECT id FROM service_track WHERE service = ? AND linked_from IN ({marks})"
            found.update(int(r[0]) for r in db.execute(sql, [service, *part]))
    return found


def _candidates(
    db: DB, block_keys_: list[str], features: Mapping[int, TrackFeatures]
) -> dict[int, list[int] | None]:
    """Existing tracks sharing a block or an ISRC with the new ones, with their recording's
    loaded members (so existing groups stay together while new tracks are scored)."""
    found: set[int] = set()
    for part in chunked(block_keys_):
        marks = ",".join("?" * len(part))
        sql = f"SELECT track_id FROM track_block WHERE key IN ({marks})"
        found.update(int(r[0]) for r in db.execute(sql, list(part)))
    isrcs = sorted({f.isrc for f in features.values() if f.isrc})
    for part in chunked(isrcs):
        marks = ",".join("?" * len(part))
        sql = f"SELECT id FROM service_track WHERE isrc IN ({marks})"
        found.update(int(r[0]) for r in db.execute(sql, list(part)))
    found.update(_relinked(db, features.values()))
    by_recording: dict[int, list[int]] = {}
    for part in chunked(sorted(found)):
        marks = ",".join("?" * len(part))
        sql = f"SELECT id, recording_id FROM service_track WHERE id IN ({marks})"
        for track_id, recording in db.execute(sql, list(part)):
            if recording is not None:
                by_recording.setdefault(int(recording), []).append(int(track_id))
    out: dict[int, list[int] | None] = dict.fromkeys(found)
    for members in by_recording.values():
        out[members[0]] = sorted(members)
    return out
