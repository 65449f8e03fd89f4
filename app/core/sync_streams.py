"""How each stream of a library service is synced incrementally (shared/docs/connectors.md,
"Incremental sync"), writing through the same import batches as the export importers, so identity
resolution and listen de-duplication apply unchanged.

- Saved tracks come newest first: read until the item the last pass saw first (the
  watermark). When the service's total disagrees with what we know plus what is new, or the
  watermark is gone, a full pass compares keys and *quarantines* what vanished (recorded in
  ``sync_removal``; the saved item stays in the library).
- Playlists: a playlist whose ``snapshot_id`` is unchanged is skipped without reading a single
  item; a changed one is re-read whole and replaced, with the entries it lost quarantined.
  Playlists that left the user's library are quarantined too, never deleted.
- Recent plays: the ``after`` cursor (Spotify keeps only the last 50 plays).

Saved tracks and playlists are written against small protocols, so Deezer's Favourites and
playlists (checksum as the change token) and Last.fm's loved tracks use the same rules.
Every batch is written by the importer ``<service>_api``: that name marks rows fetched through a
service's API (see ``store.provenance.api_sourced_services``), so the recommender can leave them
out of training unless the user allowed it.

A pass interrupted by a parked job resumes from ``cursor``. Each page is one batch; its
checkpoint is written right after it: if the process dies in between, the page is fetched
again and its rows are upserts, so nothing is duplicated.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from connectors.live import Page, PlaylistContents, PlaylistSummary
from connectors.spotify_api import SpotifyConnector
from domain import Playlist, SavedItem
from domain.jobs import Checkpoint, Removal
from domain.model import ImportRecord
from store import Library
from store.accounts import ServiceAccounts
from store.importing import BatchCounts

IMPORTER = "spotify_api"


def api_importer(service: str) -> str:
    """The importer name of batches fetched through ``service``'s API (``spotify_api``…)."""
    return f"{service}_api"


class SavedTracksSource(Protocol):
    def saved_tracks(self, offset: int) -> Page[SavedItem]: ...


class PlaylistSource(Protocol):
    def all_playlists(self) -> Iterator[PlaylistSummary]: ...

    def playlist_contents(self, summary: PlaylistSummary) -> PlaylistContents: ...


_LABELS = {
    "spotify": "Spotify",
    "deezer": "Deezer",
    "lastfm": "Last.fm",
    "youtube_music": "YouTube Music",
    "apple_music": "Apple Music",
}
_LIKED = {
    "spotify": "Liked Songs",
    "deezer": "Favourite tracks",
    "lastfm": "loved tracks",
    "youtube_music": "liked videos",
}


@dataclass
class StreamContext:
    library: Library
    accounts: ServiceAccounts
    service: str
    account_id: str
    now: Callable[[], datetime]

    def checkpoint(self, stream: str) -> Checkpoint:
        return self.accounts.checkpoint(self.service, self.account_id, stream)

    def save(self, checkpoint: Checkpoint) -> None:
        self.accounts.save_checkpoint(checkpoint, self.now())

    def write(self, source: str, records: Iterable[ImportRecord]) -> BatchCounts:
        """One import batch (its own provenance row), like one imported file."""
        digest = hashlib.sha256(f"{source}\0{uuid.uuid4()}".encode()).hexdigest()
        with self.library.begin_import(api_importer(self.service), source, digest) as writer:
            for record in records:
                writer.add(record)
        return writer.counts

    def quarantine(self, stream: str, keys: Iterable[str], detail: str | None) -> int:
        moment = self.now()
        return self.accounts.record_removals(
            Removal(self.service, self.account_id, stream, key, detail, moment) for key in keys
        )


@dataclass
class _Pass:
    """A pass over saved tracks, saved in the checkpoint's ``cursor`` while it is unfinished."""

    offset: int | None = 0
    head: str | None = None  # the newest item's key when the pass began
    total: int | None = None  # the service's count when the pass began
    new: int = 0  # items not known before

    def to_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str | None) -> _Pass:
        return cls(**json.loads(text)) if text else cls()


def sync_saved_tracks(source: SavedTracksSource, ctx: StreamContext) -> None:
    stream = "saved_tracks"
    cp = ctx.checkpoint(stream)
    run = _Pass.from_json(cp.cursor)
    from_start = run.offset == 0
    seen: set[str] = set()
    reached = False
    while run.offset is not None:
        offset = run.offset
        page = source.saved_tracks(offset)
        if offset == 0 or run.head is None:
            run.head = page.items[0].key if page.items else None
            run.total = page.total
        fresh = []
        for item in page.items:
            if cp.watermark is not None and item.key == cp.watermark:
                reached = True
                break
            fresh.append(item)
            seen.add(item.key)
        if fresh:
            ctx.write(f"{ctx.service} saved tracks (offset {offset})", fresh)
        run.new += len(fresh)
        run.offset = None if reached else page.next_offset
        if run.offset is not None:
            ctx.save(replace(cp, cursor=run.to_json()))
    watermark_gone = cp.watermark is not None and not reached
    total_off = (
        cp.watermark is not None
        and run.total is not None
        and cp.total is not None
        and run.total != cp.total + run.new
    )
    last_scan = cp.last_full_scan
    if watermark_gone or total_off:
        if not (from_start and watermark_gone):
            seen = _all_saved_keys(source)
        local = {k for k in ctx.accounts.saved_keys(ctx.service, "track") if ":~" not in k}
        where = f"{_LIKED.get(ctx.service, 'saved tracks')} on {_label(ctx.service)}"
        ctx.quarantine(stream, sorted(local - seen), f"no longer in {where}")
        last_scan = ctx.now()
    ctx.save(
        replace(
            cp,
            cursor=None,
            watermark=run.head or cp.watermark,
            total=run.total,
            last_full_scan=last_scan,
        )
    )


def _label(service: str) -> str:
    return _LABELS.get(service, service)


def _all_saved_keys(source: SavedTracksSource) -> set[str]:
    keys: set[str] = set()
    offset: int | None = 0
    while offset is not None:
        page = source.saved_tracks(offset)
        keys.update(item.key for item in page.items)
        offset = page.next_offset
    return keys


def sync_playlists(source: PlaylistSource, ctx: StreamContext) -> None:
    listed: dict[str, PlaylistSummary] = {}
    for summary in source.all_playlists():
        listed[summary.service_id] = summary
        stream = f"playlist:{summary.service_id}"
        cp = ctx.checkpoint(stream)
        if cp.change_token is not None and cp.change_token == summary.change_token:
            continue  # unchanged: not one item request
        contents = source.playlist_contents(summary)
        playlist = Playlist(
            service=ctx.service,
            name=summary.name,
            entries=contents.entries,
            service_id=summary.service_id,
            description=summary.description,
            owner=summary.owner,
        )
        before = Counter(ctx.accounts.playlist_track_keys(playlist.key))
        ctx.write(f"{ctx.service} playlist {summary.service_id}", [playlist])
        lost = before - Counter(e.track.key for e in contents.entries)
        where = f"“{summary.name}” on {_label(ctx.service)}"
        ctx.quarantine(stream, sorted(lost), f"removed from {where}")
        ctx.save(replace(cp, change_token=summary.change_token, total=len(contents.entries)))
    for cp in ctx.accounts.checkpoints(ctx.service, ctx.account_id, "playlist:"):
        playlist_id = cp.stream.split(":", 1)[1]
        if playlist_id not in listed:
            ctx.quarantine(
                "playlists",
                [f"{ctx.service}:{playlist_id}"],
                f"no longer in your {_label(ctx.service)} library",
            )


def sync_recent_plays(spotify: SpotifyConnector, ctx: StreamContext) -> None:
    cp = ctx.checkpoint("recent_plays")
    after = int(cp.cursor) if cp.cursor and cp.cursor.isdigit() else None
    listens, cursor = spotify.recent_plays(after)
    if listens:
        ctx.write("spotify recently played", listens)
    if cursor:
        ctx.save(replace(cp, cursor=cursor))


STREAMS: dict[str, Callable[[SpotifyConnector, StreamContext], None]] = {
    "saved_tracks": sync_saved_tracks,
    "playlists": sync_playlists,
    "recent_plays": sync_recent_plays,
}
