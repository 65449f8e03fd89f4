"""``Identity``: the one object the CLI and the app use for recordings, duplicates, review and
undo. Each method is one unit of work (its own read or write transaction)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from domain.matching import MatchPolicy
from store.identity import actions, dedupe, mapping
from store.identity.duplicates import duplicate_groups, group_evidence
from store.identity.resolver import resolve_all
from store.identity.settings import load_policy, save_policy
from store.rows import iso

if TYPE_CHECKING:
    from store.library import Library

_MEMBER = "key, service, service_id, title, artists, album, duration_ms, isrc, recording_id"


class Identity:
    def __init__(self, library: Library) -> None:
        self._library = library

    # -- reading ---------------------------------------------------------------------------
    def recordings(
        self, *, shared_only: bool = False, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Recordings with every service appearance (``shared_only``: two or more)."""
        having = "HAVING count(*) > 1" if shared_only else ""
        sql = (
            "SELECT r.id, r.title, r.artists, r.duration_ms, r.isrcs FROM recording r"
            f" JOIN service_track t ON t.recording_id = r.id GROUP BY r.id {having}"
            " ORDER BY r.title COLLATE NOCASE, r.id" + (f" LIMIT {int(limit)}" if limit else "")
        )
        with self._library.read() as db:
            recs = db.execute(sql).fetchall()
            members: dict[int, list[dict[str, Any]]] = {}
            ids = [int(r[0]) for r in recs]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                for row in db.execute(
                    f"SELECT {_MEMBER} FROM service_track WHERE recording_id IN ({marks})"
                    " ORDER BY service, id",
                    part,
                ):
                    members.setdefault(int(row[8]), []).append(
                        {
                            "key": row[0],
                            "service": row[1],
                            "service_id": row[2],
                            "title": row[3],
                            "artists": json.loads(row[4]),
                            "album": row[5],
                            "duration_ms": row[6],
                            "isrc": row[7],
                        }
                    )
            out = []
            for r in recs:
                group = members.get(int(r[0]), [])
                doc = {
                    "id": r[0],
                    "title": r[1],
                    "artists": json.loads(r[2]),
                    "duration_ms": r[3],
                    "isrcs": json.loads(r[4]),
                    "members": group,
                }
                if len(group) > 1:
                    doc["evidence"] = group_evidence(db, group)
                out.append(doc)
        return out

    def duplicates(self, scope: str, playlist_id: int | None = None) -> list[dict[str, Any]]:
        with self._library.read() as db:
            return duplicate_groups(db, scope, playlist_id)

    def review_queue(self) -> list[dict[str, Any]]:
        """Open suggestions whose two tracks are still apart, most likely first."""
        with self._library.read() as db:
            rows = db.execute(
                "SELECT r.id, r.key_a, r.key_b, r.score, r.evidence, r.created_at,"
                " a.title, a.artists, a.service, b.title, b.artists, b.service,"
                " a.album, a.duration_ms, b.album, b.duration_ms"
                " FROM review_item r JOIN service_track a ON a.key = r.key_a"
                " JOIN service_track b ON b.key = r.key_b"
                " WHERE r.resolved_at IS NULL"
                # a pair another answer already made one song needs no word of its own
                " AND (a.recording_id IS NULL OR b.recording_id IS NULL"
                " OR a.recording_id != b.recording_id)"
                " ORDER BY r.score DESC, r.id"
            ).fetchall()
        return [
            {
                "id": r[0],
                "score": r[3],
                "evidence": json.loads(r[4]),
                "created_at": iso(r[5]),
                "a": {
                    "key": r[1],
                    "title": r[6],
                    "artists": json.loads(r[7]),
                    "service": r[8],
                    "album": r[12],
                    "duration_ms": r[13],
                },
                "b": {
                    "key": r[2],
                    "title": r[9],
                    "artists": json.loads(r[10]),
                    "service": r[11],
                    "album": r[14],
                    "duration_ms": r[15],
                },
            }
            for r in rows
        ]

    def history(self, limit: int = 50) -> list[dict[str, Any]]:
        with self._library.read() as db:
            rows = db.execute(
                "SELECT id, kind, summary, created_at, undone_at FROM identity_action"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            {
                "id": r[0],
                "kind": r[1],
                "summary": r[2],
                "created_at": iso(r[3]),
                "undone_at": iso(r[4]),
            }
            for r in rows
        ]

    # -- deciding --------------------------------------------------------------------------
    def merge(self, keys: list[str]) -> int:
        with self._library.write() as db:
            return actions.merge(db, keys)

    def merge_recordings(self, recording_ids: list[int]) -> int:
        with self._library.write() as db:
            keys = [k for r in recording_ids for k in actions.recording_keys(db, r)]
            return actions.merge(db, keys)

    def split(self, key: str) -> int:
        with self._library.write() as db:
            return actions.split(db, key)

    def review(self, item_ids: list[int], accept: bool) -> int:
        with self._library.write() as db:
            return actions.review(db, item_ids, accept)

    def undo(self, action_id: int | None = None, decision_id: int | None = None) -> dict[str, Any]:
        with self._library.write() as db:
            if decision_id is not None:
                return actions.undo_decision(db, decision_id)
            return actions.undo_action(db, action_id)

    def dedupe_preview(
        self,
        scope: str,
        keep: str,
        playlist_id: int | None = None,
        recording_id: int | None = None,
    ) -> list[dict[str, Any]]:
        with self._library.read() as db:
            return dedupe.plan(db, scope, keep, playlist_id, recording_id)

    def dedupe_apply(
        self,
        scope: str,
        keep: str,
        playlist_id: int | None = None,
        recording_id: int | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Remove duplicates (of one recording, if given) as one undoable action."""
        with self._library.write() as db:
            return dedupe.apply(db, scope, keep, playlist_id, recording_id)

    # -- policy, packs, whole-library resolution --------------------------------------------
    def policy(self) -> MatchPolicy:
        with self._library.read() as db:
            return load_policy(db)

    def set_policy(self, policy: MatchPolicy) -> int:
        """Store the policy and re-resolve the library under it. Returns the recordings."""
        with self._library.write() as db:
            save_policy(db, policy)
            return resolve_all(db)

    def resolve_all(self) -> int:
        with self._library.write() as db:
            return resolve_all(db)

    def export_mapping(self) -> dict[str, Any]:
        with self._library.read() as db:
            return mapping.export_pack(db)

    def import_mapping(self, pack: dict[str, Any]) -> tuple[int, int, int]:
        """Apply a pack: (undo action id, decisions applied, transfer match rules applied)."""
        with self._library.write() as db:
            return mapping.import_pack(db, pack)
