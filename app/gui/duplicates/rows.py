"""Plain rows for the Duplicates section, built from the store's documents in a worker thread.

The models hold lists of these and never touch the store; :func:`snapshot` reads everything the
section shows in one background task.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from store.identity import Identity

#: What the scope selector offers; dedupe (removing copies) works within the first two.
SCOPES = ("playlist", "liked", "across_playlists", "services")
REMOVABLE = frozenset({"playlist", "liked"})


@dataclass(frozen=True)
class Member:
    """One copy of a song: a playlist entry, a liked song, or a service appearance."""

    key: str
    service: str
    title: str
    artists: tuple[str, ...]
    album: str | None
    duration_ms: int | None
    where: str  # playlist name, "liked" or "library"
    position: int | None
    added_at: str | None
    isrc: str | None = None
    outcome: str = ""  # in a clean-up preview: "keep" or "remove"


@dataclass(frozen=True)
class Group:
    """One song found more than once, with the words that say why its copies are one song."""

    recording_id: int
    scope: str
    members: tuple[Member, ...]
    evidence: str
    rule: str
    score: float
    services: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.members[0].title if self.members else ""

    @property
    def artists(self) -> tuple[str, ...]:
        return self.members[0].artists if self.members else ()

    @property
    def removes(self) -> int:
        return sum(1 for m in self.members if m.outcome == "remove")


@dataclass(frozen=True)
class Suggestion:
    """A grey-zone pair waiting for the user's word."""

    id: int
    score: float
    evidence: str
    a: Member
    b: Member


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    kind: str  # auto, merge, split, review, dedupe
    summary: str
    created_at: str | None
    undone_at: str | None

    @property
    def undoable(self) -> bool:
        return self.undone_at is None and self.kind != "auto"


@dataclass(frozen=True)
class Snapshot:
    """Everything the section shows, read in one go."""

    scope: str
    groups: tuple[Group, ...]
    suggestions: tuple[Suggestion, ...]
    history: tuple[HistoryEntry, ...]
    keep: str | None = None  # set when ``groups`` is a clean-up preview
    counts: dict[str, int] = field(default_factory=dict)


def member(doc: Mapping[str, Any], outcome: str = "") -> Member:
    return Member(
        key=str(doc["key"]),
        service=str(doc["service"]),
        title=str(doc["title"]),
        artists=tuple(doc.get("artists") or ()),
        album=doc.get("album"),
        duration_ms=doc.get("duration_ms"),
        where=str(doc.get("where") or "library"),
        position=doc.get("position"),
        added_at=doc.get("added_at"),
        isrc=doc.get("isrc"),
        outcome=outcome,
    )


def group(doc: Mapping[str, Any], scope: str) -> Group:
    kept = doc.get("keep")
    members = []
    for m in doc["members"]:
        outcome = ""
        if kept is not None:
            outcome = "keep" if m is kept or m == kept else "remove"
        members.append(member(m, outcome))
    evidence = doc.get("evidence") or {}
    return Group(
        recording_id=int(doc.get("recording_id", doc.get("id", 0))),
        scope=scope,
        members=tuple(members),
        evidence=str(evidence.get("summary") or ""),
        rule=str(evidence.get("rule") or ""),
        score=float(evidence.get("score") or 1.0),
        services=tuple(sorted({m.service for m in members})),
    )


def suggestion(doc: Mapping[str, Any]) -> Suggestion:
    evidence = doc.get("evidence") or {}
    return Suggestion(
        id=int(doc["id"]),
        score=float(doc.get("score") or 0.0),
        evidence=str(evidence.get("summary") or ""),
        a=member(doc["a"]),
        b=member(doc["b"]),
    )


def history_entry(doc: Mapping[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        id=int(doc["id"]),
        kind=str(doc["kind"]),
        summary=str(doc["summary"]),
        created_at=doc.get("created_at"),
        undone_at=doc.get("undone_at"),
    )


def read_groups(identity: Identity, scope: str, keep: str | None) -> list[Group]:
    if scope == "services":
        docs = identity.recordings(shared_only=True)
        return [group(d, scope) for d in docs if len({m["service"] for m in d["members"]}) > 1]
    if keep is not None and scope in REMOVABLE:
        return [group(d, scope) for d in identity.dedupe_preview(scope, keep)]
    return [group(d, scope) for d in identity.duplicates(scope)]


def snapshot(identity: Identity, scope: str, keep: str | None = None) -> Snapshot:
    """Read the groups of ``scope`` (a clean-up preview when ``keep`` is set), the review
    queue and the undo history."""
    groups = read_groups(identity, scope, keep)
    suggestions = [suggestion(d) for d in identity.review_queue()]
    history = [history_entry(d) for d in identity.history(100)]
    return Snapshot(
        scope=scope,
        groups=tuple(groups),
        suggestions=tuple(suggestions),
        history=tuple(history),
        keep=keep if scope in REMOVABLE else None,
        counts={"groups": len(groups), "review": len(suggestions)},
    )
