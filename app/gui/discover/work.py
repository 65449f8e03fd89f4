"""What the Discover section asks of the library and the recommender; run in worker threads.

Nothing here touches Qt: each function is a task body for ``app.gui.tasks`` (or is called from
one) and returns plain rows the widgets show as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from recommender import RerankOptions, UnknownTrack
from recommender.local import LocalRecommender, QueryKind
from recommender.training import ensure_trained, read_snapshot
from store import Library
from store.local_playlists import LocalPlaylists
from store.recommend_data import (
    MemberRow,
    all_playlists,
    find_recordings,
    hidden_recordings,
    hide_recording,
    members,
    playlist_recordings,
)
from sync.recommend_inputs import shared_playlist_tracks

Mode = Literal["for_you", "rediscover", "playlist", "track"]


@dataclass(frozen=True, slots=True)
class Question:
    mode: Mode
    playlist_id: int | None = None
    track_query: str = ""
    diversity: float = 0.3
    count: int = 25
    retrain: bool = False
    #: "More like this track" for a song picked elsewhere (the Library): its recording, and
    #: how to call it; ``track_query`` is not searched when this is set.
    recording_id: int | None = None
    about: str = ""


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    recording_id: int
    title: str
    artists: tuple[str, ...]
    album: str | None
    reason: str
    score: float
    services: tuple[str, ...]
    #: The service track added to a playlist for this suggestion (the first one held).
    track_id: int | None


@dataclass(frozen=True, slots=True)
class Answer:
    question: Question
    about: str
    rows: tuple[SuggestionRow, ...]
    trained_seconds: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlaylistChoice:
    playlist_id: int
    name: str
    service: str


def playlist_choices(library: Library) -> list[PlaylistChoice]:
    """Every playlist, by name: seeds for "continue", and (local ones) targets for "add"."""
    return [PlaylistChoice(*row) for row in all_playlists(library)]


def answer(
    library: Library,
    question: Question,
    progress: Callable[[float, str], None],
    cancelled: Callable[[], bool],
) -> Answer:
    """Train when needed (with progress, cancellable), then ask the question."""
    progress(-1.0, "Reading your library")
    snapshot = read_snapshot(library, shared_playlist_tracks(library))
    folder = library.profile.index_dir
    report = ensure_trained(
        folder,
        snapshot,
        question.retrain,
        lambda f: progress(f, "Learning what goes together"),
        cancelled,
    )
    kind, seeds, about = _seeds(library, question)
    if kind == "track" and not seeds:
        return Answer(question, about, (), note=f"Nothing in your library matches “{about}”.")
    hidden = {str(r) for r in hidden_recordings(library)}
    options = RerankOptions(n=question.count, diversity=question.diversity)
    try:
        with LocalRecommender(folder, snapshot, hidden) as engine:
            picked = engine.recommend(kind, seeds, options)
    except UnknownTrack:
        note = "This is newer than what Mixtape has learned. Refresh to include it."
        return Answer(question, about, (), note=note)
    found = members(library, [int(s.track_id) for s in picked])
    tracks = snapshot.interactions.tracks
    rows = []
    for s in picked:
        held = found[int(s.track_id)]
        info = tracks.get(s.track_id)
        rows.append(
            SuggestionRow(
                int(s.track_id),
                info.title if info else (held[0].title if held else ""),
                info.artists if info else (held[0].artists if held else ()),
                info.album if info else None,
                s.reason,
                s.score,
                _services(held),
                held[0].track_id if held else None,
            )
        )
    seconds = report.seconds if report is not None else None
    return Answer(question, about, tuple(rows), seconds)


def _services(held: Sequence[MemberRow]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.service for m in held))


def _seeds(library: Library, question: Question) -> tuple[QueryKind, list[str], str]:
    if question.mode == "playlist" and question.playlist_id is not None:
        seeds = [str(r) for r in playlist_recordings(library, question.playlist_id)]
        return "playlist", seeds, "this playlist"
    if question.mode == "track" and question.recording_id is not None:
        return "track", [str(question.recording_id)], question.about or question.track_query
    if question.mode == "track":
        hits = find_recordings(library, question.track_query, limit=1)
        if not hits:
            return "track", [], question.track_query
        hit = hits[0]
        return "track", [str(hit.recording_id)], f"{hit.title} — {', '.join(hit.artists)}"
    if question.mode == "rediscover":
        return "rediscover", [], "songs you loved"
    return "for_you", [], "you"


def hide(library: Library, recording_id: int) -> None:
    hide_recording(library, recording_id)


def add_to_playlist(library: Library, playlist_id: int, track_ids: Sequence[int]) -> int:
    """Append to a local playlist; returns how many were added."""
    LocalPlaylists(library).insert(playlist_id, list(track_ids))
    return len(track_ids)


def new_playlist(library: Library, name: str, track_ids: Sequence[int]) -> int:
    """A new local playlist holding ``track_ids``; returns its id."""
    local = LocalPlaylists(library)
    playlist_id = local.create(name)
    local.insert(playlist_id, list(track_ids))
    return playlist_id
