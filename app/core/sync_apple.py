"""How Apple Music's streams are synced incrementally (shared/docs/connectors.md, "Incremental
sync"), through the same import batches as the export importers, so identity resolution and
de-duplication apply unchanged. Playlists use ``sync_streams.sync_playlists`` as is (the change
token is the library playlist's ``lastModifiedDate``).

- **Library songs** come in the library's own order, which Apple does not document as newest
  first; new songs are appended at the end. The checkpoint keeps the count of the last complete
  pass (``total``) and the key of its last song (``watermark``). A re-sync reads one page
  starting *at* that last song: if it is still there and the total did not shrink, whatever
  follows it is new, and a library with nothing new costs exactly that one request. If the
  song moved or the total shrank (songs removed), a full pass re-reads the library and
  quarantines what vanished (``sync_removal``; nothing is deleted). Library songs carry no
  ISRC: the catalog songs of the *new* songs are looked up, up to 300 ids per request, before
  each write. Pages are written (and checkpointed) in groups of three pages, one lookup each.
- **Recently played** (``recent_plays``): Apple keeps the last 50 tracks, 10 per request, and
  gives **no play times**. Inventing times would put made-up plays in History & Insights and
  count a play twice when the user also imports Apple's privacy export (whose
  ``Play Activity`` has the real times), so these are *not* imported as plays: the tracks come
  into the library as Apple Music tracks (with ISRCs: they are catalog songs), and the list
  itself is remembered in the checkpoint. A re-sync reads pages only while they hold tracks the
  last list did not, so an unchanged list costs one request and nothing is written twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from app.core.sync_streams import StreamContext
from connectors.live import Page
from domain import SavedItem, ServiceTrack

SERVICE = "apple_music"
PAGES_PER_WRITE = 3  # 3 × 100 songs = one catalog lookup of 300 ids
RECENT_KEPT = 50


class LibrarySongsSource(Protocol):
    def library_songs(self, offset: int) -> Page[SavedItem]: ...

    def with_isrcs(self, tracks: Iterable[ServiceTrack]) -> dict[str, str]: ...


class RecentlyPlayedSource(Protocol):
    def recently_played(self, offset: int) -> Page[ServiceTrack]: ...

    def with_isrcs(self, tracks: Iterable[ServiceTrack]) -> dict[str, str]: ...


@dataclass
class _LibraryPass:
    """An unfinished pass, saved in the checkpoint's ``cursor``."""

    offset: int
    full: bool  # a full pass quarantines what it did not see
    resumed: bool = False  # a full pass resumed mid-way saw only part: quarantine nothing

    def to_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> _LibraryPass:
        run = cls(**json.loads(text))
        run.resumed = run.resumed or (run.full and run.offset > 0)
        return run


def sync_library_songs(source: LibrarySongsSource, ctx: StreamContext) -> None:
    stream = "library_songs"
    cp = ctx.checkpoint(stream)
    if cp.cursor:
        run = _LibraryPass.from_json(cp.cursor)
    elif cp.total and cp.watermark:
        run = _LibraryPass(cp.total - 1, full=False)  # the tail check: start at the last song
    else:
        run = _LibraryPass(0, full=True)
    seen: set[str] = set()
    pending: list[SavedItem] = []
    pages = 0
    last_key, end = cp.watermark, cp.total or 0
    offset: int | None = run.offset
    check_anchor = not run.full and not cp.cursor  # a fresh tail pass: is the last song there?
    while offset is not None:
        page = source.library_songs(offset)
        items = list(page.items)
        if check_anchor:
            check_anchor = False
            anchor_kept = bool(items) and items[0].key == cp.watermark
            if not anchor_kept or (page.total is not None and page.total < (cp.total or 0)):
                run = _LibraryPass(0, full=True)  # songs moved or vanished: read it all
                offset, pending, pages = 0, [], 0
                continue
            items = items[1:]
        seen.update(i.key for i in items)
        pending.extend(items)
        pages += 1
        if page.items:
            last_key = page.items[-1].key
            end = page.total if page.total is not None else offset + len(page.items)
        offset = page.next_offset
        if pages >= PAGES_PER_WRITE or offset is None:
            _write_songs(source, ctx, pending, run.offset)
            pending, pages = [], 0
            if offset is not None:
                run.offset = offset
                ctx.save(replace(cp, cursor=run.to_json()))
    last_scan = cp.last_full_scan
    if run.full:
        if not run.resumed:
            local = {k for k in ctx.accounts.saved_keys(SERVICE, "track") if ":~" not in k}
            ctx.quarantine(stream, sorted(local - seen), "no longer in your Apple Music library")
        last_scan = ctx.now()
    ctx.save(
        replace(cp, cursor=None, watermark=last_key, total=end or None, last_full_scan=last_scan)
    )


def _write_songs(
    source: LibrarySongsSource, ctx: StreamContext, songs: list[SavedItem], offset: int
) -> None:
    if not songs:
        return
    isrcs = source.with_isrcs(s.track for s in songs if s.track is not None)
    enriched = [
        replace(s, track=_with_isrc(s.track, isrcs)) if s.track is not None else s for s in songs
    ]
    ctx.write(f"apple_music library songs (from {offset})", enriched)


def _with_isrc(track: ServiceTrack, isrcs: dict[str, str]) -> ServiceTrack:
    if track.isrc or not track.service_id or track.service_id not in isrcs:
        return track
    return replace(track, isrc=isrcs[track.service_id])


def sync_recently_played(source: RecentlyPlayedSource, ctx: StreamContext) -> None:
    cp = ctx.checkpoint("recent_plays")
    known: list[str] = json.loads(cp.watermark) if cp.watermark else []
    listed: list[ServiceTrack] = []
    offset: int | None = 0
    while offset is not None:
        page = source.recently_played(offset)
        listed.extend(page.items)
        if all(t.key in known for t in page.items):
            break  # the rest of the list is what the last sync saw
        offset = page.next_offset
    fresh: dict[str, ServiceTrack] = {}
    for track in listed:
        if track.key not in known:
            fresh.setdefault(track.key, track)
    if fresh:
        isrcs = source.with_isrcs(fresh.values())
        ctx.write("apple_music recently played", [_with_isrc(t, isrcs) for t in fresh.values()])
    order = list(dict.fromkeys([t.key for t in listed] + known))[:RECENT_KEPT]
    ctx.save(replace(cp, watermark=json.dumps(order)))
