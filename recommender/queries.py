"""The questions Discover asks, each answered with re-ranked suggestions and reasons.

:class:`Discover` ties together a trained model, optionally an index (Annoy or exact) built
from that model's vectors, the listener's interactions and play history, and the hidden ("not
for me") list. Every query folds its seeds into one vector, fetches candidates, filters and
re-ranks them (:mod:`recommender.rerank`), and explains each pick (:mod:`recommender.reasons`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from recommender.data import Interactions, Play
from recommender.errors import NotIndexable, UnknownTrack
from recommender.feedback import penalise_dismissed
from recommender.index import NeighbourIndex
from recommender.models.base import FloatArray, Model, top_n
from recommender.reasons import PlaylistNeighbours, continuation_reason, onboarding_reason
from recommender.rediscover import loved_earlier
from recommender.rerank import RerankOptions, rerank
from recommender.sessions import SessionRules, play_weight

logger = logging.getLogger(__name__)

#: Candidates fetched per wanted suggestion, so filters and diversity have room to choose.
CANDIDATES_PER_RESULT = 8


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One recommended track, its score (higher is better) and why it was suggested."""

    track_id: str
    score: float
    reason: str


class Discover:
    """Recommendation queries over one profile's library."""

    def __init__(
        self,
        model: Model,
        interactions: Interactions,
        index: NeighbourIndex | None = None,
        plays: Sequence[Play] = (),
        hidden: Collection[str] = (),
    ) -> None:
        self.model = model
        self.interactions = interactions
        self.index = index
        self.plays = sorted(plays, key=lambda p: (p.played_at, p.track_id))
        self.hidden = frozenset(hidden)
        self._neighbours = PlaylistNeighbours(interactions.playlists)
        owned: set[str] = set(interactions.saved)
        for playlist in interactions.playlists:
            owned.update(playlist)
        owned.update(p.track_id for p in self.plays)
        self.owned = frozenset(owned)
        self._vector_rows: dict[str, int] | None = None

    # -- queries ---------------------------------------------------------------------------

    def continue_playlist(
        self, track_ids: Sequence[str], options: RerankOptions | None = None
    ) -> list[Suggestion]:
        """Tracks to add to a playlist, from all of its tracks as seeds.

        Raises :class:`UnknownTrack` when the model knows none of them (retrain first).
        """
        options = options or RerankOptions()
        seeds = list(dict.fromkeys(track_ids))
        picked = self._recommend(seeds, None, options, exclude=seeds)
        return [self._explained(t, s, seeds) for t, s in picked]

    def more_like_track(
        self, track_id: str, options: RerankOptions | None = None
    ) -> list[Suggestion]:
        """Tracks like one track."""
        options = options or RerankOptions()
        picked = self._recommend([track_id], None, options, exclude=[track_id])
        return [self._explained(t, s, [track_id]) for t, s in picked]

    def for_you(
        self,
        now: datetime,
        window: timedelta = timedelta(days=30),
        options: RerankOptions | None = None,
        max_seeds: int = 50,
    ) -> list[Suggestion]:
        """New tracks from recent listening: plays in ``window`` weighted by recency."""
        options = options or RerankOptions()
        weights: Counter[str] = Counter()
        rules = SessionRules()
        half_life = max(window.total_seconds() / 4.0, 1.0)
        for play in self.plays:
            age = (now - play.played_at).total_seconds()
            if 0.0 <= age <= window.total_seconds():
                weights[play.track_id] += play_weight(play, rules) * 0.5 ** (age / half_life)
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max_seeds]
        seeds = [t for t, w in top if w > 0.0]
        if not seeds:
            return self.popular(options)
        try:
            picked = self._recommend(seeds, [weights[t] for t in seeds], options, exclude=seeds)
        except UnknownTrack:
            # Everything played lately is newer than the model: fall back rather than fail.
            return self.popular(options)
        return [
            self._explained(t, s, seeds, fallback="because you've been playing {seed}")
            for t, s in picked
        ]

    def rediscover(
        self,
        now: datetime,
        quiet_for: timedelta = timedelta(days=180),
        min_plays: int = 5,
        options: RerankOptions | None = None,
    ) -> list[Suggestion]:
        """Tracks the listener loved in an earlier period and has not played in ``quiet_for``.

        "Loved" is ``min_plays`` real listens in one calendar year, or liked and listened to at
        least once; the reason names the year they were played most ("you played it 40 times in
        2023"). Hidden tracks never come back; owned ones do, that is the point.
        """
        options = options or RerankOptions()
        loved = loved_earlier(self.plays, now - quiet_for, min_plays, set(self.interactions.saved))
        candidates = [(t, entry.score) for t, entry in loved.items()]
        picked = rerank(
            candidates,
            self.interactions.tracks,
            options,
            hidden=self.hidden,
            vectors=self._vectors_of,
        )
        return [Suggestion(t, s, loved[t].reason) for t, s in picked]

    def cold_start(
        self,
        artists: Sequence[str] = (),
        genres: Sequence[str] = (),
        friend_playlists: Mapping[str, Sequence[str]] | None = None,
        options: RerankOptions | None = None,
    ) -> list[Suggestion]:
        """Suggestions for a new profile from onboarding answers and friends' playlists."""
        options = options or RerankOptions(exclude_owned=False)
        friends = dict(friend_playlists or {})
        wanted_artists = {a.casefold() for a in artists}
        wanted_genres = {g.casefold() for g in genres}
        seeds: dict[str, float] = {}
        for info in self.interactions.tracks.values():
            if any(a.casefold() in wanted_artists for a in info.artists):
                seeds[info.track_id] = max(seeds.get(info.track_id, 0.0), 1.0)
            elif any(g.casefold() in wanted_genres for g in info.genres):
                seeds[info.track_id] = max(seeds.get(info.track_id, 0.0), 0.5)
        for playlist in friends.values():
            for track_id in playlist:
                seeds[track_id] = max(seeds.get(track_id, 0.0), 1.0)
        ordered = sorted(seeds)
        if not ordered:
            return self.popular(options)
        try:
            # A new profile owns nothing: the picked artists' own tracks are fair suggestions.
            picked = self._recommend(
                ordered, [seeds[t] for t in ordered], options, exclude=(), skip_seeds=False
            )
        except UnknownTrack:
            return self.popular(options)
        return [
            Suggestion(
                t, s, onboarding_reason(t, self.interactions.tracks, artists, genres, friends)
            )
            for t, s in picked
        ]

    def popular(self, options: RerankOptions | None = None) -> list[Suggestion]:
        """The most-listed tracks, for when nothing is known about the listener's taste."""
        options = options or RerankOptions()
        counts: Counter[str] = Counter()
        for playlist in self.interactions.playlists:
            counts.update(set(playlist))
        counts.update(self.interactions.saved)
        candidates = [(t, float(c)) for t, c in counts.items()]
        exclude = self.owned if options.exclude_owned else frozenset()
        picked = rerank(candidates, self.interactions.tracks, options, self.hidden, exclude)
        return [Suggestion(t, s, "popular in your catalogue") for t, s in picked]

    # -- plumbing ------------------------------------------------------------------------

    def _recommend(
        self,
        seeds: Sequence[str],
        weights: Sequence[float] | None,
        options: RerankOptions,
        exclude: Collection[str],
        skip_seeds: bool = True,
    ) -> list[tuple[str, float]]:
        wanted = max(options.n, 1) * CANDIDATES_PER_RESULT
        excluded = set(exclude) | (self.owned if options.exclude_owned else set())
        # Fetch more until enough survive the filters: a big library owns most near neighbours.
        k = wanted
        while True:
            candidates = self._candidates(seeds, weights, k, skip_seeds)
            kept = [c for c in candidates if c[0] not in excluded and c[0] not in self.hidden]
            if len(kept) >= wanted or len(candidates) < k:
                break
            k *= 4
        # "Not for me" also counts against the dismissed tracks' look-alikes.
        kept = penalise_dismissed(kept, self.hidden, self._vectors_of)
        return rerank(
            kept,
            self.interactions.tracks,
            options,
            hidden=self.hidden,
            exclude=excluded,
            vectors=self._vectors_of,
        )

    def _candidates(
        self, seeds: Sequence[str], weights: Sequence[float] | None, k: int, skip_seeds: bool
    ) -> list[tuple[str, float]]:
        skipped = set(seeds) if skip_seeds else set()
        if self.index is not None and self.model.indexable:
            query = self.model.query_vector(seeds, weights)
            return self.index.search(query, k, exclude=sorted(skipped))
        scores = self.model.score_all(seeds, weights)
        ids = self.model.track_ids
        skip = np.asarray([i for i, t in enumerate(ids) if t in skipped], dtype=np.int64)
        return [(ids[r], float(scores[r])) for r in top_n(scores, k, skip)]

    def _vectors_of(self, track_ids: Sequence[str]) -> FloatArray | None:
        source: FloatArray
        if self.index is not None:
            source, ids = self.index.vectors(), self.index.track_ids
        else:
            try:
                source, ids = self.model.item_vectors(), self.model.track_ids
            except NotIndexable:
                return None
        if self._vector_rows is None:
            self._vector_rows = {t: i for i, t in enumerate(ids)}
        rows = [self._vector_rows.get(t) for t in track_ids]
        if any(r is None for r in rows):
            return None
        picked: FloatArray = np.asarray(source[[r for r in rows if r is not None]])
        return picked

    def _explained(
        self,
        track_id: str,
        score: float,
        seeds: Sequence[str],
        fallback: str = "in the same corner of your library as {seed}",
    ) -> Suggestion:
        tracks = self.interactions.tracks
        reason = continuation_reason(track_id, seeds, tracks, self._neighbours, fallback)
        return Suggestion(track_id, score, reason)
