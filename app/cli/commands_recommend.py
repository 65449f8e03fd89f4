"""``mixtape recommend``: on-device recommendations with reasons (shared/docs/cli.md).

The model trains on first use, and again when the library changed enough (see
``recommender.training``) or with ``--retrain``; progress goes to stderr on a terminal.
``--exact`` searches the same vectors exhaustively instead of through the Annoy index.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from app.cli import _context as ctx
from app.cli._context import CliError, emit, open_profile_library, progress_bar
from app.cli.commands_beyond import recommend_beyond
from recommender import RecommenderError, RerankOptions, Suggestion, UnknownTrack
from recommender.local import LocalRecommender, QueryKind
from recommender.training import ensure_trained, read_snapshot
from store import Library
from store.recommend_data import (
    MemberRow,
    find_recordings,
    hidden_recordings,
    members,
    playlist_recordings,
    playlists_named,
)
from sync.recommend_inputs import shared_playlist_tracks


def recommend(
    playlist: Annotated[
        str | None, typer.Option("--playlist", help="Continue this playlist (by name).")
    ] = None,
    track: Annotated[
        str | None, typer.Option("--track", help="More like the track this finds.")
    ] = None,
    for_you: Annotated[bool, typer.Option("--for-you", help="From recent listening.")] = False,
    rediscover: Annotated[
        bool,
        typer.Option(
            "--rediscover",
            help="Tracks you played a lot (or liked) in an earlier year and not lately.",
        ),
    ] = False,
    count: Annotated[int, typer.Option("-n", "--count", min=1, max=500)] = 25,
    diversity: Annotated[
        float, typer.Option("--diversity", min=0.0, max=1.0, help="0 = closest, 1 = most varied.")
    ] = 0.3,
    exact: Annotated[
        bool, typer.Option("--exact", help="Exhaustive search instead of the index.")
    ] = False,
    retrain: Annotated[bool, typer.Option("--retrain", help="Train again first.")] = False,
    beyond: Annotated[
        bool,
        typer.Option(
            "--beyond",
            help="With --for-you: songs you do not have yet, from similar music on Last.fm / "
            "ListenBrainz (sends only a few of your songs' titles and artists; needs "
            "--allow-lookup once).",
        ),
    ] = False,
    allow_lookup: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-lookup",
            help="Consent to looking up similar music on lastfm or listenbrainz (repeatable).",
        ),
    ] = None,
    no_lookup: Annotated[
        list[str] | None,
        typer.Option("--no-lookup", help="Take that consent back for lastfm or listenbrainz."),
    ] = None,
    refresh_similar: Annotated[
        bool,
        typer.Option("--refresh-similar", help="With --beyond: fetch again, ignoring the cache."),
    ] = False,
) -> None:
    """Suggest tracks for a playlist, like a track, for you, or to rediscover.

    Learns on this computer from your playlists, listening, liked songs and friends' shared
    playlists (services you said no to for recommendations are left out). Songs you dismissed
    ("not for me" in the app) never come back, and songs like them are ranked lower.
    """
    chosen = [playlist is not None, track is not None, for_you, rediscover]
    if sum(chosen) != 1:
        raise CliError("choose one of --playlist, --track, --for-you or --rediscover")
    if beyond or allow_lookup or no_lookup or refresh_similar:
        if not (for_you and beyond):
            raise CliError("--beyond (and its options) go with --for-you")
        recommend_beyond(count, allow_lookup or [], no_lookup or [], refresh_similar)
        return
    with open_profile_library(create=False) as lib:
        snapshot = read_snapshot(lib, shared_playlist_tracks(lib))
        folder = lib.profile.index_dir
        try:
            with progress_bar("Training recommendations") as report:
                ensure_trained(folder, snapshot, retrain, lambda f: report(f, "training"))
            kind, seeds, about = _question(lib, playlist, track, for_you)
            hidden = {str(r) for r in hidden_recordings(lib)}
            options = RerankOptions(n=count, diversity=diversity)
            with LocalRecommender(folder, snapshot, hidden, exact=exact) as engine:
                picked = engine.recommend(kind, seeds, options)
        except UnknownTrack as e:
            raise CliError(
                f"{about_text(playlist, track)} is not in the trained model yet; "
                "run again with --retrain"
            ) from e
        except RecommenderError as e:
            raise CliError(f"recommendations are not available: {e}") from e
        found = members(lib, [int(s.track_id) for s in picked])
    items = [_item(s, snapshot.interactions.tracks, found[int(s.track_id)]) for s in picked]
    doc = {"query": {"kind": kind, "about": about, "exact": exact}, "items": items}
    emit(doc, lambda: _show(doc))


def about_text(playlist: str | None, track: str | None) -> str:
    if playlist is not None:
        return f"the playlist {playlist!r}"
    if track is not None:
        return f"the track {track!r}"
    return "your recent listening"


def _question(
    lib: Library, playlist: str | None, track: str | None, for_you: bool
) -> tuple[QueryKind, list[str], str]:
    if playlist is not None:
        named = playlists_named(lib, playlist)
        if not named:
            raise CliError(f"no playlist called {playlist!r}; see `mixtape playlists`")
        playlist_id, name, _service = named[0]
        seeds = [str(r) for r in playlist_recordings(lib, playlist_id)]
        if not seeds:
            raise CliError(f"the playlist {name!r} is empty")
        return "playlist", seeds, name
    if track is not None:
        matches = find_recordings(lib, track, limit=1)
        if not matches:
            raise CliError(f"no track matches {track!r}")
        hit = matches[0]
        return "track", [str(hit.recording_id)], f"{hit.title} — {', '.join(hit.artists)}"
    return ("for_you", [], "for you") if for_you else ("rediscover", [], "rediscover")


def _item(suggestion: Suggestion, tracks: Any, rows: list[MemberRow]) -> dict[str, Any]:
    info = tracks.get(suggestion.track_id)
    title = info.title if info is not None else (rows[0].title if rows else "")
    artists = list(info.artists) if info is not None else (list(rows[0].artists) if rows else [])
    return {
        "recording_id": int(suggestion.track_id),
        "title": title,
        "artists": artists,
        "score": round(float(suggestion.score), 6),
        "reason": suggestion.reason,
        "members": [
            {
                "service": m.service,
                "service_id": m.service_id,
                "title": m.title,
                "artists": list(m.artists),
                "album": m.album,
                "duration_ms": m.duration_ms,
                "isrc": m.isrc,
            }
            for m in rows
        ],
    }


def _show(doc: dict[str, Any]) -> None:
    items = doc["items"]
    if not items:
        ctx.out.print("No suggestions yet: import playlists or listening history first.")
        return
    table = Table(title=f"Suggestions: {doc['query']['about']}", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("Track")
    table.add_column("Why")
    table.add_column("On")
    for i, item in enumerate(items, 1):
        services = sorted({m["service"] for m in item["members"]})
        table.add_row(
            str(i),
            f"{item['title']} — {', '.join(item['artists'])}",
            item["reason"],
            ", ".join(services),
        )
    ctx.out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(recommend)
