"""Listening history from scrobble services, synced from a cursor (shared/docs/connectors.md,
"Incremental sync"), through the same import batches as the export importers, so listens the
user also imported from a file, or that Spotify reported too, are de-duplicated unchanged.

- ListenBrainz: ``min_ts`` = the newest ``listened_at`` already fetched; the server answers
  the (up to) 1,000 listens right after it, so every page moves the cursor forward and is
  checkpointed as it is written.
- Last.fm: ``from`` = one second after the newest scrobble of the last complete pass, ``to`` =
  the moment this pass began (so pages, which come newest first, do not shift while new
  scrobbles arrive); the page reached is checkpointed, and an interrupted pass resumes there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
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


def sync_listenbrainz_listens(source: ListenSource, ctx: StreamContext) -> None:
    cp = ctx.checkpoint("listens")
    cursor = int(cp.cursor) if cp.cursor and cp.cursor.isdigit() else LISTENBRAINZ_EPOCH - 1
    while True:
        listens, newest, more = source.listens_after(ctx.account_id, cursor)
        if listens:
            ctx.write(f"listenbrainz listens after {cursor}", listens)
        if newest is None or newest <= cursor:
            return
        cursor = newest
        ctx.save(replace(cp, cursor=str(cursor)))
        if not more:
            return


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
