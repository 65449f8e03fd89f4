"""Transfer a playlist to another service (shared/docs/connectors.md, "Transfer").

match → (review) → write → verify, dry run by default:

- **Dry run** (the default): the match phase only. Searches are reads; not one write call.
- **Write** needs the target's "write_back" consent. The matched tracks are written in source
  order in batches within the API's limit (Spotify: 100 per request), each at an explicit
  position. After every batch the number written is checkpointed (``store.transfers``). A
  transfer that stopped (a crash, a parked rate limit) resumes from its checkpoint without
  matching again, and first reads the target's tail from the checkpoint on: a batch whose write
  landed but whose checkpoint did not is recognised there and not written twice.
- **Verify**: the target playlist is read back and compared with what was meant to be written.
- **Mirror** (``mirror=True``): make an existing playlist of the same name on the target equal
  to the source. When that would remove more than ``MIRROR_MAX_REMOVAL`` of its items, or empty
  it, nothing is written until the caller confirms (``NeedsConfirmation``).
- Review: ``choose`` saves the user's pick (or "does not exist there") as a match rule that
  every later transfer uses without searching.

Dates added cannot be set through Spotify's playlist API; order is preserved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from app.core.transfer_match import MATCHED, CatalogSearch, EntryMatch, TrackMatcher
from connectors.errors import ClientError
from connectors.live import PlaylistSummary
from domain import Playlist
from store.accounts import ServiceAccounts
from store.transfers import MatchRule, TransferItemRow, TransferRow, Transfers

MIRROR_MAX_REMOVAL = 0.25
WRITE_CONSENT = "write_back"


class TransferError(ClientError):
    """A transfer that cannot go on as asked (the message says why and what to do)."""


class NeedsConfirmation(TransferError):
    def __init__(self, service: str, removing: int, of: int) -> None:
        self.removing = removing
        self.of = of
        super().__init__(
            service,
            f"mirroring would remove {removing} of the {of} items of the target playlist;"
            " confirm to go on",
        )


class TransferTarget(CatalogSearch, Protocol):
    write_batch: int

    def create_playlist(self, name: str, description: str) -> str: ...

    def append_items(
        self, playlist_id: str, track_ids: list[str], position: int | None
    ) -> None: ...

    def replace_items(self, playlist_id: str, track_ids: list[str]) -> None: ...

    def read_item_ids(self, playlist_id: str, offset: int = ...) -> list[str | None]: ...

    def all_playlists(self) -> Iterator[PlaylistSummary]: ...


@dataclass
class TransferReport:
    playlist: str
    target_service: str
    dry_run: bool
    mirror: bool
    entries: list[EntryMatch] = field(default_factory=list)
    transfer_id: int | None = None
    target_playlist: str | None = None
    written: int = 0
    batches: int = 0
    verified: bool | None = None
    resumed: bool = False
    caveat: str | None = None  # what the target's API cannot do (Apple Music: only appends)

    def counts(self) -> dict[str, int]:
        return dict(Counter(e.outcome for e in self.entries))


class PlaylistTransfer:
    def __init__(
        self,
        target: TransferTarget,
        transfers: Transfers,
        accounts: ServiceAccounts,
        now: Callable[[], datetime],
        *,
        after_batch: Callable[[int], None] | None = None,
    ) -> None:
        self._target = target
        self._transfers = transfers
        self._accounts = accounts
        self._now = now
        self._after_batch = after_batch  # tests simulate a crash here (write done, no checkpoint)

    def choose(self, source_key: str, target_id: str | None) -> None:
        """The user's review choice: this source track is ``target_id`` (None: not there)."""
        rule = MatchRule(source_key, self._target.service, target_id)
        self._transfers.set_rule(rule, self._now())

    def run(
        self,
        playlist: Playlist,
        *,
        dry_run: bool = True,
        mirror: bool = False,
        confirm: bool = False,
    ) -> TransferReport:
        service = self._target.service
        report = TransferReport(playlist.name, service, dry_run, mirror)
        report.caveat = getattr(self._target, "write_caveat", None)
        if mirror and not getattr(self._target, "can_remove", True):
            raise TransferError(
                service, f"{service} playlists cannot have tracks removed; transfer without mirror"
            )
        if not dry_run and not self._accounts.has_consent(service, WRITE_CONSENT):
            raise TransferError(
                service,
                f"writing to {service} needs your consent (connect with --allow-write-back)",
            )
        resumed = None if dry_run else self._transfers.unfinished(playlist.key, service)
        if resumed is not None:
            rows = self._transfers.items(resumed.id)
            report.entries = _entries_from(rows, playlist)
            report.resumed = True
            planned = [r.target_id for r in rows if r.outcome in MATCHED and r.target_id]
            row = resumed
        else:
            matcher = TrackMatcher(self._target, self._transfers.rules(service))
            report.entries = [matcher.match(e.position, e.track) for e in playlist.entries]
            if dry_run:
                return report
            planned = [e.target_id for e in report.entries if e.outcome in MATCHED and e.target_id]
            target_id = self._mirror_target(playlist, planned, confirm) if mirror else None
            row = self._transfers.start(
                playlist.key, service, "mirror" if mirror else "create", _rows(report), self._now()
            )
            row.target_playlist = target_id
        self._write(row, playlist, report, planned)
        return report

    # -- write and verify -------------------------------------------------------------------
    def _write(
        self, row: TransferRow, playlist: Playlist, report: TransferReport, planned: list[str]
    ) -> None:
        report.transfer_id = row.id
        if row.target_playlist is None:
            marker = f"mixtape transfer {row.id}"
            row.target_playlist = self._find_created(marker) or self._target.create_playlist(
                playlist.name, f"{playlist.description or ''} ({marker})".strip()
            )
            self._checkpoint(row)
        elif report.resumed and (row.written > 0 or row.mode != "mirror"):
            # Also before any checkpointed batch: the first one may have landed. (A mirror's
            # first write replaces everything, so it is safe to repeat.)
            self._skip_landed_batch(row, planned)
        batch = self._target.write_batch
        while row.written < len(planned):
            ids = planned[row.written : row.written + batch]
            if row.mode == "mirror" and row.written == 0:
                self._target.replace_items(row.target_playlist, ids)  # idempotent
            else:
                self._target.append_items(row.target_playlist, ids, row.written)
            report.batches += 1
            if self._after_batch is not None:
                self._after_batch(row.written + len(ids))
            row.written += len(ids)
            self._checkpoint(row)
        if row.mode == "mirror" and not planned:
            self._target.replace_items(row.target_playlist, [])
        row.phase = "verify"
        self._checkpoint(row)
        row.verified = self._target.read_item_ids(row.target_playlist) == planned
        row.phase = "done"
        self._checkpoint(row)
        report.target_playlist = row.target_playlist
        report.written = row.written
        report.verified = row.verified

    def _skip_landed_batch(self, row: TransferRow, planned: list[str]) -> None:
        """After a crash between a write and its checkpoint: the target's tail tells."""
        assert row.target_playlist is not None
        tail = self._target.read_item_ids(row.target_playlist, row.written)
        expected = planned[row.written : row.written + len(tail)]
        if tail != expected:
            raise TransferError(
                self._target.service,
                "the target playlist changed outside Mixtape since the transfer stopped",
            )
        row.written += len(tail)
        self._checkpoint(row)

    def _find_created(self, marker: str) -> str | None:
        for summary in self._target.all_playlists():
            if marker in (summary.description or ""):
                return summary.service_id
        return None

    def _mirror_target(self, playlist: Playlist, planned: list[str], confirm: bool) -> str | None:
        existing = next((s for s in self._target.all_playlists() if s.name == playlist.name), None)
        if existing is None:
            return None
        current = [i for i in self._target.read_item_ids(existing.service_id) if i]
        removing = sum((Counter(current) - Counter(planned)).values())
        too_much = removing > MIRROR_MAX_REMOVAL * len(current) or not planned
        if current and removing and too_much and not confirm:
            raise NeedsConfirmation(self._target.service, removing, len(current))
        return existing.service_id

    def _checkpoint(self, row: TransferRow) -> None:
        self._transfers.save(row, self._now())


def _rows(report: TransferReport) -> list[TransferItemRow]:
    return [
        TransferItemRow(e.position, e.source.key, e.outcome, e.score, e.candidates, e.target_id)
        for e in report.entries
    ]


def _entries_from(rows: list[TransferItemRow], playlist: Playlist) -> list[EntryMatch]:
    """The saved plan's rows with their songs, found by key: the playlist may have changed
    since the transfer stopped, and the plan (not the new order) is what gets written."""
    by_key = {e.track.key: e.track for e in playlist.entries}
    entries = []
    for r in rows:
        track = by_key.get(r.source_key)
        if track is not None:
            entries.append(
                EntryMatch(r.position, track, r.outcome, r.target_id, r.score, r.candidates)  # type: ignore[arg-type]
            )
    return entries
