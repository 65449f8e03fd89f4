"""``mixtape recommend --for-you --beyond``: songs you do not have yet, from similar music on
Last.fm and ListenBrainz, ranked on this computer (``app.core.beyond``).

Asking a source needs its "look up similar music" consent, given once with
``--allow-lookup lastfm`` / ``--allow-lookup listenbrainz`` (and taken back with
``--no-lookup SERVICE``). Only the titles and artists of a few of your songs are sent; answers
are kept for a week, so asking again sends nothing. Last.fm needs an API key: the one of a
connected Last.fm account, or ``MIXTAPE_LASTFM_API_KEY``.
"""

from __future__ import annotations

import os
from typing import Any

from rich.table import Table

from app.cli import _context as ctx
from app.cli._context import CliError, emit, open_profile_library, progress_bar
from app.core.beyond import Beyond, BeyondAnswer
from connectors._jobs import SystemClock
from domain.similar import SIMILAR_SOURCES
from recommender.candidates import SOURCE_NAMES
from store.rows import iso, to_ms


def recommend_beyond(
    count: int, allow: list[str], refuse: list[str], refresh: bool = False
) -> None:
    for source in (*allow, *refuse):
        if source not in SIMILAR_SOURCES:
            raise CliError(
                f"similar music comes from {' or '.join(SIMILAR_SOURCES)}, not {source!r}"
            )
    with open_profile_library(create=False) as lib:
        beyond = Beyond(lib, SystemClock(), os.environ)
        for source in allow:
            beyond.allow(source, True)
        for source in refuse:
            beyond.allow(source, False)
        if not any(beyond.allowed().values()):
            raise CliError(
                "looking up similar music sends the titles and artists of a few of your songs "
                "to the service; allow it with --allow-lookup listenbrainz (or lastfm)"
            )
        with progress_bar("Looking up similar music") as report:
            answer = beyond.suggest(count, refresh=refresh, progress=report)
    doc = _document(answer)
    emit(doc, lambda: _show(doc))


def _document(answer: BeyondAnswer) -> dict[str, Any]:
    return {
        "query": {"kind": "for_you", "about": "beyond your library", "beyond": True},
        "items": [
            {
                "title": s.title,
                "artists": list(s.artists),
                "score": round(float(s.score), 6),
                "reason": s.reason,
                "members": [],  # not in the library yet
                "sources": list(s.sources),
                "seeds": list(s.seeds),
                "mbid": s.mbid,
                "url": s.url,
            }
            for s in answer.items
        ],
        "seeds": [{"title": s.title, "artist": s.artist} for s in answer.seeds],
        "sources": list(answer.sources),
        "requests": answer.requests,
        "skipped": answer.skipped,
        "paused": {s: iso(to_ms(t)) for s, t in answer.paused.items()},
        "note": answer.note,
    }


def _show(doc: dict[str, Any]) -> None:
    items = doc["items"]
    for source, why in doc["skipped"].items():
        ctx.err.print(f"{SOURCE_NAMES.get(source, source)}: {why}", markup=False)
    if doc["note"]:
        ctx.err.print(doc["note"], markup=False)
    if not items:
        ctx.out.print("No suggestions from beyond your library yet.")
        return
    table = Table(title="Beyond your library", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("Track")
    table.add_column("Why")
    for i, item in enumerate(items, 1):
        table.add_row(str(i), f"{item['title']} — {', '.join(item['artists'])}", item["reason"])
    ctx.out.print(table)
