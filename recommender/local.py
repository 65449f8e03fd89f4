"""The four Discover questions over a profile's published model, as the app and CLI ask them.

:class:`LocalRecommender` opens the current index generation (memory-mapped; ``exact=True``
searches the same vectors exhaustively), wraps it in a :class:`PublishedModel` and answers with
:class:`Suggestion`\\ s. Hidden ("not for me") tracks are never returned. Time-relative queries
("for you", "rediscover") are measured from the library's own latest play, so the same library
always gives the same answer. With no history at all, "for you" falls back to cold start
(the onboarding answers), then to what is most listed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Literal

from recommender.errors import IndexUnavailable, RecommenderError
from recommender.index import open_index
from recommender.persisted import ModelRecipe, PublishedModel
from recommender.queries import Discover, Suggestion
from recommender.rerank import RerankOptions
from recommender.training import MODEL_FILE, LibrarySnapshot

logger = logging.getLogger(__name__)

#: (days quiet, plays before) tried in turn for "rediscover", strictest first.
REDISCOVER_STEPS = ((180, 5), (90, 4), (60, 3))

QueryKind = Literal["playlist", "track", "for_you", "rediscover"]


class LocalRecommender:
    """Queries over one snapshot and the model published in ``folder``; close when done."""

    def __init__(
        self,
        folder: Path,
        snapshot: LibrarySnapshot,
        hidden: Collection[str] = (),
        exact: bool = False,
    ) -> None:
        self.snapshot = snapshot
        self.hidden = frozenset(hidden)
        self._index = None
        model: PublishedModel | None = None
        if snapshot.interactions.tracks:
            self._index = open_index(folder, exact=exact)
            model = PublishedModel(self._index, _recipe(folder))
        self._discover = (
            Discover(model, snapshot.interactions, self._index, snapshot.plays, self.hidden)
            if model is not None
            else None
        )

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def __enter__(self) -> LocalRecommender:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def recommend(
        self, kind: QueryKind, seeds: Sequence[str] = (), options: RerankOptions | None = None
    ) -> list[Suggestion]:
        """Suggestions for one question; ``seeds`` are the playlist's or the one track's ids."""
        options = options or RerankOptions()
        discover = self._discover
        if discover is None:
            return []
        if kind == "playlist":
            picked = discover.continue_playlist(seeds, options)
        elif kind == "track":
            picked = discover.more_like_track(seeds[0], options)
        elif kind == "rediscover":
            picked = self._rediscover(discover, options)
        elif self.snapshot.plays:
            picked = discover.for_you(self.snapshot.now, options=options)
        else:
            picked = self._cold_start(discover, options)
        # Belt and braces: a hidden track must never come back, whatever the query did.
        return [s for s in picked if s.track_id not in self.hidden]

    def _rediscover(self, discover: Discover, options: RerankOptions) -> list[Suggestion]:
        # A short history has few tracks quiet for half a year: relax step by step.
        picked: list[Suggestion] = []
        for days, plays in REDISCOVER_STEPS:
            picked = discover.rediscover(
                self.snapshot.now, timedelta(days=days), plays, options=options
            )
            if len(picked) >= options.n:
                break
        return picked

    def _cold_start(self, discover: Discover, options: RerankOptions) -> list[Suggestion]:
        snapshot = self.snapshot
        if snapshot.onboarding_artists or snapshot.onboarding_genres or snapshot.friend_playlists:
            answers = discover.cold_start(
                snapshot.onboarding_artists,
                snapshot.onboarding_genres,
                snapshot.friend_playlists,
                options=RerankOptions(options.n, options.diversity, options.max_per_artist, False),
            )
            if answers:
                return answers
        return discover.popular(options)


def _recipe(folder: Path) -> ModelRecipe:
    try:
        raw = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexUnavailable(f"no trained model in {folder}") from e
    if not isinstance(raw, dict) or not isinstance(raw.get("recipe"), dict):
        raise RecommenderError("the saved model description cannot be read")
    return ModelRecipe.from_json(raw["recipe"])
