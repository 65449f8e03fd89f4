"""One shared playlist as a pycrdt document (shared/docs/sharing.md, "Document shape").

- ``meta``: map of name and description (last writer wins per field, as Y.Map keys are).
- ``slots``: array of slot ids in list order.
- ``entries``: map entry id → map {track, slot, added_by, added_at, note}.

pycrdt has no move, and delete + re-insert duplicates a track when two friends move it at the
same time. So an entry's place is its ``slot`` field (last writer wins), and a move inserts a
fresh slot and points the entry at it (Kleppmann, "Moving elements in list CRDTs"). The old slot
is removed by the mover; only the entry that was moved ever pointed at it. Rendering walks the
slots, so an entry appears once, however many concurrent moves it saw.

Local changes are captured by an observer that only records ``event.update``; the work is done
after the transaction (pycrdt must not be re-entered from a callback).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Array, Doc, Map, TransactionEvent, merge_updates


@dataclass(frozen=True, slots=True)
class TrackRef:
    """What lets every friend find a track on their own service. Ids are strings."""

    title: str
    artists: tuple[str, ...]
    album: str | None = None
    duration_ms: int | None = None
    isrc: str | None = None
    service_ids: Mapping[str, str] = field(default_factory=dict)

    def to_plain(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "artists": list(self.artists),
            "album": self.album or "",
            # pycrdt turns ints into floats; a string keeps the value exact.
            "duration_ms": "" if self.duration_ms is None else str(self.duration_ms),
            "isrc": self.isrc or "",
            "service_ids": {k: str(v) for k, v in sorted(self.service_ids.items())},
        }

    @classmethod
    def from_plain(cls, value: Any) -> TrackRef:
        data = value if isinstance(value, dict) else {}
        duration = str(data.get("duration_ms") or "")
        ids = data.get("service_ids") or {}
        return cls(
            title=str(data.get("title") or ""),
            artists=tuple(str(a) for a in data.get("artists") or ()),
            album=str(data["album"]) if data.get("album") else None,
            duration_ms=int(float(duration)) if duration else None,
            isrc=str(data["isrc"]) if data.get("isrc") else None,
            service_ids={str(k): str(v) for k, v in ids.items()} if isinstance(ids, dict) else {},
        )


@dataclass(frozen=True, slots=True)
class SharedEntry:
    entry_id: str
    track: TrackRef
    added_by: str
    added_at: str
    note: str


def new_id() -> str:
    return uuid.uuid4().hex


class PlaylistDoc:
    """A shared playlist's CRDT state. Keep each instance on one thread."""

    def __init__(self, client_id: int, state: bytes | None = None) -> None:
        self.doc: Doc[Any] = Doc(client_id=client_id)
        self.meta = self.doc.get("meta", type=Map)
        self.slots = self.doc.get("slots", type=Array)
        self.entries = self.doc.get("entries", type=Map)
        if state:
            self.doc.apply_update(state)
        self._capturing = False
        self._captured: list[bytes] = []
        self.doc.observe(self._on_change)

    def _on_change(self, event: TransactionEvent) -> None:
        if self._capturing:
            self._captured.append(event.update)

    # -- reading ---------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.meta.get("name") or "")

    @property
    def description(self) -> str:
        return str(self.meta.get("description") or "")

    def render(self) -> list[SharedEntry]:
        """The entries in list order: each entry once, at the slot it last moved to."""
        slots: list[str] = [str(s) for s in self.slots.to_py() or []]
        raw: dict[str, Any] = self.entries.to_py() or {}
        by_slot: dict[str, list[str]] = {}
        for entry_id in sorted(raw):
            by_slot.setdefault(str(raw[entry_id].get("slot", "")), []).append(entry_id)
        order: list[str] = []
        for slot in slots:
            order.extend(by_slot.pop(slot, ()))
        # Entries whose slot is gone cannot happen through this API; shown last, sorted.
        order.extend(sorted(e for ids in by_slot.values() for e in ids))
        return [_entry(entry_id, raw[entry_id]) for entry_id in order]

    def get_state(self) -> bytes:
        return self.doc.get_state()

    def get_update(self, state: bytes | None = None) -> bytes:
        return self.doc.get_update(state)

    # -- remote ----------------------------------------------------------------------------
    def apply(self, update: bytes) -> None:
        self.doc.apply_update(update)

    # -- local edits (each returns the CRDT update it made) ----------------------------------
    def edit(self, change: Callable[[], None]) -> bytes:
        self._captured.clear()
        self._capturing = True
        try:
            with self.doc.transaction(origin="local"):
                change()
        finally:
            self._capturing = False
        updates, self._captured = self._captured, []
        if not updates:
            return b""
        return updates[0] if len(updates) == 1 else merge_updates(*updates)

    def set_meta(self, field_name: str, value: str) -> bytes:
        return self.edit(lambda: self.meta.__setitem__(field_name, value))

    def add(
        self,
        track: TrackRef,
        index: int | None = None,
        *,
        added_by: str = "",
        added_at: str = "",
        note: str = "",
        entry_id: str | None = None,
    ) -> tuple[str, bytes]:
        entry_id = entry_id or new_id()

        def change() -> None:
            slot = new_id()
            self.slots.insert(self._slot_index(index, exclude=None), slot)
            self.entries[entry_id] = Map(
                {
                    "track": track.to_plain(),
                    "slot": slot,
                    "added_by": added_by,
                    "added_at": added_at,
                    "note": note,
                }
            )

        return entry_id, self.edit(change)

    def move(self, entry_id: str, index: int) -> bytes:
        """Put ``entry_id`` at visible position ``index`` of the list without it."""
        entry = self.entries.get(entry_id)
        if not isinstance(entry, Map):
            raise KeyError(entry_id)

        def change() -> None:
            old = str(entry.get("slot", ""))
            self._delete_slot(old)
            slot = new_id()
            self.slots.insert(self._slot_index(index, exclude=entry_id), slot)
            entry["slot"] = slot

        return self.edit(change)

    def remove(self, entry_id: str) -> bytes:
        entry = self.entries.get(entry_id)
        if not isinstance(entry, Map):
            raise KeyError(entry_id)

        def change() -> None:
            self._delete_slot(str(entry.get("slot", "")))
            del self.entries[entry_id]

        return self.edit(change)

    def _delete_slot(self, slot: str) -> None:
        for i, existing in enumerate(self.slots.to_py() or []):
            if existing == slot:
                del self.slots[i]
                return

    def _slot_index(self, index: int | None, exclude: str | None) -> int:
        """The slot-array position before the entry now shown at ``index`` (or the end)."""
        visible = [e for e in self.render() if e.entry_id != exclude]
        if index is None or index >= len(visible):
            return len(self.slots)
        target_slot = self.entries[visible[max(index, 0)].entry_id]["slot"]
        for i, slot in enumerate(self.slots.to_py() or []):
            if slot == target_slot:
                return i
        return len(self.slots)


def _entry(entry_id: str, raw: Any) -> SharedEntry:
    return SharedEntry(
        entry_id=entry_id,
        track=TrackRef.from_plain(raw.get("track")),
        added_by=str(raw.get("added_by") or ""),
        added_at=str(raw.get("added_at") or ""),
        note=str(raw.get("note") or ""),
    )
