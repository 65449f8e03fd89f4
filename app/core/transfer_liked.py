"""Transfer liked songs to another service (shared/docs/connectors.md, "Transfer").

The same phases as a playlist transfer (``app.core.transfer``): a dry run by default (searches
only, not one write), the same match report and review rules, the "write back" consent, a
checkpoint after every batch, and a read-back at the end. What differs:

- **Write**: liked songs are *saved*, not appended: oldest first, so a service that dates each
  save at the moment of the call still lists them newest first in the source's order.
  Spotify keeps the source's dates (``timestamped_ids``, 50 per call); Deezer saves one song per
  call and dates it "now" (its API cannot set a date), which the report says (``dates_kept``).
- **No duplicates, even after a crash**: before writing, the target's liked songs are read and
  every song already there is skipped. A batch whose save landed but whose checkpoint did not
  is therefore never sent twice, and a song the user already liked keeps its own date.
- **Verify**: every planned song is read back among the target's liked songs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, cast

from app.core.transfer import WRITE_CONSENT, TransferError, TransferReport, _rows
from app.core.transfer_match import MATCHED, CatalogSearch, EntryMatch, Outcome, TrackMatcher
from domain import Playlist
from store.accounts import ServiceAccounts
from store.transfers import MatchRule, TransferItemRow, TransferRow, Transfers

MODE = "liked"


class LikedSongsTarget(CatalogSearch, Protocol):
    #: Songs per save request (Spotify 50, Deezer 1).
    save_batch: int

    def saved_track_ids(self) -> list[str]: ...

    def save_tracks(self, items: list[tuple[str, datetime | None]]) -> bool: ...


@dataclass
class LikedSongsReport(TransferReport):
    #: Songs of the plan that were liked on the target before this run (not sent again).
    already_there: int = 0
    #: Whether the target kept the source's dates (``None``: nothing was saved).
    dates_kept: bool | None = None


class LikedSongsTransfer:
    def __init__(
        self,
        target: LikedSongsTarget,
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
        self._after_batch = after_batch  # tests simulate a crash here (saved, no checkpoint)

    def choose(self, source_key: str, target_id: str | None) -> None:
        """The user's review choice, saved as a match rule (see ``PlaylistTransfer.choose``)."""
        rule = MatchRule(source_key, self._target.service, target_id)
        self._transfers.set_rule(rule, self._now())

    def run(self, liked: Playlist, *, dry_run: bool = True) -> LikedSongsReport:
        service = self._target.service
        report = LikedSongsReport(liked.name, service, dry_run, mirror=False)
        report.caveat = getattr(self._target, "liked_caveat", None)
        if not dry_run and not self._accounts.has_consent(service, WRITE_CONSENT):
            raise TransferError(
                service,
                f"writing to {service} needs your consent (connect with --allow-write-back)",
            )
        resumed = None if dry_run else self._transfers.unfinished(liked.key, service)
        if resumed is not None:
            report.entries = _resumed_entries(self._transfers.items(resumed.id), liked)
            report.resumed = True
            row = resumed
        else:
            matcher = TrackMatcher(self._target, self._transfers.rules(service))
            report.entries = [matcher.match(e.position, e.track) for e in liked.entries]
            if dry_run:
                return report
            row = self._transfers.start(liked.key, service, MODE, _rows(report), self._now())
        self._save(row, liked, report)
        return report

    def _save(self, row: TransferRow, liked: Playlist, report: LikedSongsReport) -> None:
        report.transfer_id = row.id
        dates = {e.track.key: e.added_at for e in liked.entries}
        planned: dict[str, datetime | None] = {}  # newest first; one save per target song
        for e in report.entries:
            if e.outcome in MATCHED and e.target_id and e.target_id not in planned:
                planned[e.target_id] = dates.get(e.source.key)
        there = set(self._target.saved_track_ids())
        todo = [(i, at) for i, at in reversed(planned.items()) if i not in there]
        report.already_there = len(planned) - len(todo)
        row.written = report.already_there
        self._checkpoint(row)
        batch = max(1, self._target.save_batch)
        for start in range(0, len(todo), batch):
            items = todo[start : start + batch]
            kept = self._target.save_tracks(items)
            report.dates_kept = kept if report.dates_kept is None else report.dates_kept and kept
            report.batches += 1
            report.written += len(items)
            if self._after_batch is not None:
                self._after_batch(row.written + len(items))
            row.written += len(items)
            self._checkpoint(row)
        row.phase = "verify"
        self._checkpoint(row)
        saved = set(self._target.saved_track_ids())
        row.verified = all(i in saved for i in planned)
        row.phase = "done"
        self._checkpoint(row)
        report.verified = row.verified
        if report.dates_kept is False and report.caveat is None:
            report.caveat = (
                f"{self._target.service} did not keep the dates the songs were liked;"
                " the order is kept"
            )

    def _checkpoint(self, row: TransferRow) -> None:
        self._transfers.save(row, self._now())


def _resumed_entries(rows: list[TransferItemRow], liked: Playlist) -> list[EntryMatch]:
    """The stored matches, joined to today's liked songs by track key: new likes since the
    transfer started shift every position, and a song unliked since is not saved."""
    by_key = {e.track.key: e for e in liked.entries}
    entries = []
    for r in rows:
        entry = by_key.get(r.source_key)
        if entry is not None:
            outcome = cast(Outcome, r.outcome)
            entries.append(
                EntryMatch(entry.position, entry.track, outcome, r.target_id, r.score, r.candidates)
            )
    return entries
