"""Train the default model on the library and publish it beside the library, when needed.

The store hands over consent-filtered rows (:func:`store.recommend_data.training_rows`); this
module turns them into :class:`Interactions` (items are recording ids as strings), trains, and
publishes an index generation plus ``model.json`` (the fold-in recipe and a *fingerprint* of the
data it was trained on) into ``Profile.index_dir``.

When to retrain (:func:`needs_training`): when there is no model yet, when consent changed (a
refusal must take effect at once), or when the counted rows (recordings, playlist entries,
plays, saved items) moved by more than :data:`REBUILD_SHARE` since the last training. Smaller
changes wait: a model a few plays old recommends just as well, and training costs seconds.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recommender.data import Interactions, Play, TrackInfo
from recommender.defaults import DEFAULT_SEED, default_model
from recommender.errors import IndexUnavailable, TrainingCancelled
from recommender.index import current_generation, publish_index
from recommender.models.base import CancelCallback, ProgressCallback
from recommender.persisted import ModelRecipe
from recommender.sessions import split_sessions
from store.library import Library
from store.recommend_data import SharedPlaylistTracks, TrainingRows, training_rows

logger = logging.getLogger(__name__)

MODEL_FILE = "model.json"
#: Share of changed rows that makes the saved model stale.
REBUILD_SHARE = 0.05
_COUNTED = ("recordings", "playlist_entries", "plays", "saved", "shared_entries")


@dataclass(frozen=True)
class LibrarySnapshot:
    """The library as the recommender sees it: interactions, plays and cold-start answers."""

    interactions: Interactions
    plays: list[Play]
    fingerprint: dict[str, Any]
    onboarding_artists: tuple[str, ...] = ()
    onboarding_genres: tuple[str, ...] = ()
    playlist_names: dict[str, str] = field(default_factory=dict)
    #: Friends' shared playlists by name (also in ``interactions.playlists``), for cold start.
    friend_playlists: dict[str, list[str]] = field(default_factory=dict)

    @property
    def has_history(self) -> bool:
        i = self.interactions
        return bool(i.playlists or i.sessions or i.saved)

    @property
    def now(self) -> datetime:
        """The library's "now": its latest play, so the same library gives the same answers."""
        return self.plays[-1].played_at if self.plays else datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class TrainingReport:
    generation: str
    tracks: int
    seconds: float


def snapshot_from_rows(rows: TrainingRows) -> LibrarySnapshot:
    """Plain rows to the recommender's values (pure; tests build rows by hand)."""
    tracks = {
        str(r.recording_id): TrackInfo(str(r.recording_id), r.title, r.artists, r.album, r.year)
        for r in rows.recordings
    }
    plays = [
        Play(
            str(p.recording_id),
            datetime.fromtimestamp(p.played_at_ms / 1000, tz=UTC),
            p.ms_played,
            p.duration_ms,
            p.skipped,
        )
        for p in rows.plays
    ]
    friends = {p.name: [str(t) for t in p.recording_ids] for p in rows.shared if p.recording_ids}
    own = [[str(t) for t in p.recording_ids] for p in rows.playlists if p.recording_ids]
    # A playlist the user shared is also one of their own: count its co-occurrence once.
    own_sets = {frozenset(p) for p in own}
    interactions = Interactions(
        tracks=tracks,
        playlists=own + [p for p in friends.values() if frozenset(p) not in own_sets],
        sessions=split_sessions(plays),
        saved=[str(t) for t in rows.saved],
    )
    answers = rows.onboarding
    return LibrarySnapshot(
        interactions,
        plays,
        dict(rows.fingerprint),
        _strings(answers.get("artists")),
        _strings(answers.get("genres")),
        {str(p.playlist_id): p.name for p in rows.playlists},
        friends,
    )


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def read_snapshot(library: Library, shared: Sequence[SharedPlaylistTracks] = ()) -> LibrarySnapshot:
    """Read the library (consent-filtered) into a snapshot; a database read, off the UI thread.

    ``shared``: friends' shared playlists as ``sync.recommend_inputs`` resolved them.
    """
    return snapshot_from_rows(training_rows(library, shared))


def saved_model(folder: Path) -> dict[str, Any] | None:
    """The ``model.json`` of the current generation, or ``None`` when there is none (or stale)."""
    try:
        raw = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
        current = current_generation(folder)
    except (OSError, ValueError, IndexUnavailable):
        return None
    if not isinstance(raw, dict) or raw.get("generation") != current:
        return None
    return raw


def needs_training(folder: Path, fingerprint: dict[str, Any]) -> bool:
    """True when there is no usable model or the library changed enough (module docstring)."""
    saved = saved_model(folder)
    if saved is None:
        return True
    old = saved.get("fingerprint", {})
    # A new default (or new settings of it) changes the vectors' layout: retrain.
    # A new default (or new settings of it) changes the vectors' layout: retrain. The metadata
    # weight is not a setting but chosen on the library at each training, so it may differ.
    wanted = ModelRecipe.of(default_model()).to_json()
    recipe = saved.get("recipe")
    if not isinstance(old, dict) or not isinstance(recipe, dict):
        return True
    if {k: v for k, v in recipe.items() if k != "meta_weight"} != {
        k: v for k, v in wanted.items() if k != "meta_weight"
    }:
        return True
    if old.get("refused") != fingerprint.get("refused"):
        return True
    if old.get("excluded_batches") != fingerprint.get("excluded_batches"):
        return True
    before = sum(int(old.get(k, 0)) for k in _COUNTED)
    changed = sum(abs(int(fingerprint.get(k, 0)) - int(old.get(k, 0))) for k in _COUNTED)
    return changed > REBUILD_SHARE * max(before, 1)


def train(
    folder: Path,
    snapshot: LibrarySnapshot,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    seed: int = DEFAULT_SEED,
) -> TrainingReport:
    """Fit the default model and publish it as a new index generation (safe under readers).

    Raises :class:`~recommender.errors.TrainingCancelled` when ``cancel`` says so; nothing is
    published then and the previous model stays in use.
    """
    started = time.perf_counter()
    model = default_model(seed)

    def fitting(fraction: float) -> None:
        if progress is not None:
            progress(0.85 * fraction)

    model.fit(snapshot.interactions, fitting, cancel)
    if cancel is not None and cancel():
        raise TrainingCancelled("training was cancelled")
    recipe = ModelRecipe.of(model)
    generation = publish_index(
        folder, model.track_ids, model.item_vectors(), model.metric, model.name, seed=seed
    )
    _write_model_file(
        folder,
        {
            "generation": generation,
            "recipe": recipe.to_json(),
            "fingerprint": snapshot.fingerprint,
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
    if progress is not None:
        progress(1.0)
    report = TrainingReport(generation, len(model.track_ids), time.perf_counter() - started)
    logger.info("trained %s on %d tracks in %.1fs", model.name, report.tracks, report.seconds)
    return report


def _write_model_file(folder: Path, content: dict[str, Any]) -> None:
    temporary = folder / f"{MODEL_FILE}.{secrets.token_hex(4)}.tmp"
    temporary.write_text(json.dumps(content), encoding="utf-8")
    os.replace(temporary, folder / MODEL_FILE)


def ensure_trained(
    folder: Path,
    snapshot: LibrarySnapshot,
    force: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> TrainingReport | None:
    """Train when asked or when :func:`needs_training`; ``None`` when the saved model is kept."""
    if not snapshot.interactions.tracks:
        return None  # nothing to learn from: queries answer empty
    if force or needs_training(folder, snapshot.fingerprint):
        return train(folder, snapshot, progress, cancel)
    return None
