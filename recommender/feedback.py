""" "Not for me" as a signal: a dismissed track is never suggested, and neither is its like.

Hiding a track removes it from every list (:func:`recommender.rerank.rerank`); that alone would
let its closest neighbours, often the same artist or album, take its place at the top. So a
dismissal also counts against what resembles it: each candidate loses score in proportion to its
cosine similarity with the closest dismissed track (only above :data:`SIMILAR_FROM`, so the
rest of the library is untouched), measured on the model's item vectors.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from recommender.models.base import normalize_rows
from recommender.rerank import VectorLookup

#: How much of the candidates' score range a perfect look-alike of a dismissed track loses.
PENALTY = 0.5
#: Cosine below which a candidate is not "like" the dismissed track at all.
SIMILAR_FROM = 0.3


def penalise_dismissed(
    candidates: Sequence[tuple[str, float]],
    dismissed: Collection[str],
    vectors: VectorLookup,
    penalty: float = PENALTY,
) -> list[tuple[str, float]]:
    """The candidates with scores lowered by their likeness to dismissed tracks.

    Dismissed tracks without a vector (unknown to the model) are ignored; so is everything when
    nothing was dismissed.
    """
    if not candidates or not dismissed or penalty <= 0.0:
        return list(candidates)
    known = [t for t in sorted(dismissed) if vectors([t]) is not None]
    ids = [t for t, _ in candidates]
    found = vectors(ids) if known else None
    away = vectors(known) if known else None
    if found is None or away is None or len(found) != len(ids):
        return list(candidates)
    similarity = normalize_rows(np.asarray(found)) @ normalize_rows(np.asarray(away)).T
    closest = np.clip(similarity.max(axis=1), 0.0, 1.0)
    likeness = np.clip((closest - SIMILAR_FROM) / (1.0 - SIMILAR_FROM), 0.0, 1.0)
    scores = np.asarray([s for _, s in candidates], dtype=np.float64)
    spread = float(scores.max() - scores.min()) or 1.0
    lowered = scores - penalty * spread * likeness
    return [(t, float(s)) for t, s in zip(ids, lowered, strict=True)]
