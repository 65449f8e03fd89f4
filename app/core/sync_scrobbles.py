"""Listening history from scrobble services, synced from a cursor (shared/docs/connectors.md,
"Incremental sync"), through the same import batches as the export importers, so listens the
user also imported from a file, or that Spotify reported too, are de-duplicated unchanged.

- ListenBrainz: ``min_ts`` is exclusive and timestamps are whole seconds, so several listens
  can share the newest second fetched, and a page can end in the middle of them (or a late
  submission can land in that second after the sync). So each request asks from *one second
  before* the newest second fetched: that second is read again, and the listens of it already
  written (their tracks are kept in the cursor) are dropped before writing. Nothing is missed,
  nothing is written twice, and an unchanged account still costs one request. Every page is
  checkpointed as it is written.
- Last.fm: ``from`` = one second after the newest scrobble of the last complete pass, ``to`` =
  the moment this pass began (so pages, which come newest first, do not shift while new
  scrobbles arrive); the page reached is checkpointed, and an interrupted pass resumes there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Protocol

from app.core.sync_streams import StreamContext
from domain import Listen

#: ListenBrainz refuses listens before this moment (``LISTEN_MINIMUM_TS``, Oct 2002).
LISTENBRAINZ_EPOCH = 1_033_430_400


class ListenSource(Protocol):
    def listens_after(
        self, user: str, min_ts: int | None, count: int = ...
    ) -> tuple[list[Listen], int | None, bool]: ...


class ScrobbleSource(Protocol):
    def scrobbles(
        self, page: int, since: int | None, until: int | None
    ) -> tuple[list[Listen], int, int | None]: ...


@dataclass
class _ListensCursor:
    """The newest second fetched, and the tracks of the listens of that second written."""

    second: int
    seen: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"second": self.second, "seen": self.seen})

    @classmethod
    def parse(cls, text: str | None) -> _ListensCursor:
        if text and text.isdigit():  # a cursor saved before the boundary second was kept
            return cls(int(text))
        if text:
            return cls(**json.loads(text))
        return cls(LISTENBRAINZ_EPOCH - 1)


def sync_listenbrainz_listens(source: ListenSource, ctx: StreamContext) -> None:
    cp = ctx.checkpoint("listens")
    cursor = _ListensCursor.parse(cp.cursor)
    step_over = False  # a full page inside one second: the API cannot page within it
    while True:
        after = cursor.second if step_over else cursor.second - 1
        listens, newest, more = source.listens_after(ctx.account_id, after)
        seen = set(cursor.seen)
        fresh = [x for x in listens if not (_second(x) == cursor.second and x.track.key in seen)]
        if fresh:
            ctx.write(f"listenbrainz listens after {after}", fresh)
        if newest is None or newest < cursor.second:
            return
        at_newest = {x.track.key for x in listens if _second(x) == newest}
        if newest == cursor.second:
            at_newest.update(cursor.seen)
        step_over = more and newest == cursor.second
        cursor = _ListensCursor(newest, sorted(at_newest))
        ctx.save(replace(cp, cursor=cursor.to_json()))
        if not more:
            return


def _second(listen: Listen) -> int:
    return int(listen.played_at.timestamp())


@dataclass
class _ScrobblePass:
    since: int | None
    until: int
    page: int = 1
    newest: int | None = None

    def to_json(self) -> str:
        return json.dumps(self.__dict__)


def sync_lastfm_scrobbles(source: ScrobbleSource, ctx: StreamContext) -> None:
    cp = ctx.checkpoint("scrobbles")
    watermark = int(cp.watermark) if cp.watermark and cp.watermark.isdigit() else None
    if cp.cursor:
        run = _ScrobblePass(**json.loads(cp.cursor))
    else:
        since = None if watermark is None else watermark + 1
        run = _ScrobblePass(since, int(ctx.now().timestamp()), newest=watermark)
    while True:
        listens, pages, newest = source.scrobbles(run.page, run.since, run.until)
        if listens:
            ctx.write(f"lastfm scrobbles (page {run.page})", listens)
        if newest is not None:
            run.newest = max(newest, run.newest or newest)
        if run.page >= pages:
            break
        run.page += 1
        ctx.save(replace(cp, cursor=run.to_json()))
    mark = None if run.newest is None else str(run.newest)
    ctx.save(replace(cp, cursor=None, watermark=mark or cp.watermark))
