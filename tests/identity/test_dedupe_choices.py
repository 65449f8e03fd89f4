"""Dedupe from the app: keep the copy the user points at, hidden liked songs leave the counts,
and the stored evidence reads exactly as the judgement says."""

from __future__ import annotations

import json

from app.core.demo import load_demo
from domain import ServiceTrack
from store import Library
from store.identity import Identity
from store.identity.engine import default_feature_maker, default_matcher


def test_hidden_liked_songs_leave_the_status_counts_until_undone(library: Library) -> None:
    load_demo(library)
    identity = Identity(library)
    liked = library.status()["saved_items"]
    action, groups = identity.dedupe_apply("liked", "earliest")
    removed = sum(len(g["remove"]) for g in groups)
    assert removed > 0
    status = library.status()
    assert status["saved_items"] == liked - removed
    assert sum(s["saved_items"] for s in status["by_service"].values()) == liked - removed
    identity.undo(action)
    assert library.status()["saved_items"] == liked


def test_keep_the_copy_the_user_points_at_in_one_group_only(library: Library) -> None:
    load_demo(library)
    identity = Identity(library)
    first, second, *_ = identity.duplicates("liked")
    wanted = first["members"][-1]
    (planned,) = identity.dedupe_preview(
        "liked", f"key:{wanted['key']}", recording_id=first["recording_id"]
    )
    assert planned["keep"]["key"] == wanted["key"]
    identity.dedupe_apply("liked", f"key:{wanted['key']}", recording_id=first["recording_id"])
    left = {g["recording_id"] for g in identity.duplicates("liked")}
    assert first["recording_id"] not in left
    assert second["recording_id"] in left


def test_stored_evidence_is_the_judgement_in_json() -> None:
    maker, matcher = default_feature_maker(), default_matcher()
    a = maker.features(ServiceTrack("spotify", "1", "Héroes - Remastered", ("Bowie",), None, 1000))
    b = maker.features(ServiceTrack("deezer", "2", "Héroes (Live)", ("David Bowie",), None, 9000))
    for judgement in (matcher.judge(a, b), matcher.judge(a, a)):
        assert json.loads(judgement.evidence_json()) == judgement.evidence()
        assert judgement.evidence_json() == json.dumps(judgement.evidence(), ensure_ascii=False)
