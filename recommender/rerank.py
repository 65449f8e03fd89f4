"""Turn scored candidates into a short list a person wants to see.

Order of operations: drop hidden ("not for me") tracks, always; drop what the listener already
has, unless the query says otherwise; then pick greedily by maximal marginal relevance
(Carbonell & Goldstein 1998) with a cap per artist. ``diversity`` 0 keeps the model's order,
1 picks whatever is least like what was already picked. The result depends only on the input:
candidates are put in (score, track id) order first, and ties keep that order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from recommender.data import TrackInfo
from recommender.models.base import FloatArray, normalize_rows

#: Given track ids, their item vectors (one row each), or ``None`` when there are none.
VectorLookup = Callable[[Sequence[str]], FloatArray | None]


@dataclass(frozen=True, slots=True)
class RerankOptions:
    """The knobs of re-ranking a user can turn."""

    n: int = 25
    diversity: float = 0.3
    max_per_artist: int = 2
    exclude_owned: bool = True


def rerank(
    candidates: Sequence[tuple[str, float]],
    tracks: Mapping[str, TrackInfo],
    options: RerankOptions,
    hidden: Collection[str] = (),
    exclude: Collection[str] = (),
    vectors: VectorLookup | None = None,
) -> list[tuple[str, float]]:
    """The best ``options.n`` candidates after filtering, artist caps and MMR diversity."""
    hidden_set, excluded = set(hidden), set(exclude)
    pool = sorted(
        {t: s for t, s in candidates if t not in hidden_set and t not in excluded}.items(),
        key=lambda pair: (-pair[1], pair[0]),
    )
    if not pool or options.n <= 0:
        return []
    ids = [t for t, _ in pool]
    scores = np.asarray([s for _, s in pool], dtype=np.float64)
    spread = float(scores.max() - scores.min())
    relevance = (scores - scores.min()) / spread if spread > 0 else np.ones_like(scores)
    similarity = _similarity(ids, tracks, vectors)
    diversity = min(max(options.diversity, 0.0), 1.0)
    artists = [_artist(tracks, t) for t in ids]

    chosen: list[int] = []
    per_artist: dict[str, int] = {}
    closest = np.zeros(len(ids))  # max similarity to anything chosen so far
    available = np.ones(len(ids), dtype=bool)
    while len(chosen) < options.n and available.any():
        value = (1.0 - diversity) * relevance - diversity * closest
        value[~available] = -np.inf
        pick = int(np.argmax(value))
        available[pick] = False
        artist = artists[pick]
        if artist and per_artist.get(artist, 0) >= options.max_per_artist:
            continue
        per_artist[artist] = per_artist.get(artist, 0) + 1
        chosen.append(pick)
        closest = np.maximum(closest, similarity[pick])
    return [pool[i] for i in chosen]


def _artist(tracks: Mapping[str, TrackInfo], track_id: str) -> str:
    info = tracks.get(track_id)
    return info.main_artist.casefold() if info is not None else ""


def _similarity(
    ids: Sequence[str], tracks: Mapping[str, TrackInfo], vectors: VectorLookup | None
) -> FloatArray:
    """Pairwise similarity of candidates: cosine of item vectors, else same artist."""
    found = vectors(ids) if vectors is not None else None
    if found is not None and len(found) == len(ids):
        unit = normalize_rows(np.asarray(found, dtype=np.float32))
        cosine: FloatArray = np.clip(unit @ unit.T, 0.0, 1.0)
        return cosine
    artists = np.asarray([_artist(tracks, t) or f"?{i}" for i, t in enumerate(ids)])
    same: FloatArray = (artists[:, None] == artists[None, :]).astype(np.float32)
    return same
