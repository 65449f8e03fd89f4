"""Identity rules: is this Spotify track the same song as that Apple Music track?

Pure functions and small classes, standard library only. String similarity and transliteration
are injected (the store passes rapidfuzz and anyascii), with difflib and Unicode decomposition
as fallbacks so the rules run anywhere.

- :mod:`domain.matching.tags` — version tags in titles and albums ("- Remastered 2011", "(Live)")
- :mod:`domain.matching.features` — what the matcher knows about one track
- :mod:`domain.matching.policy` — what the user says counts as the same song
- :mod:`domain.matching.scoring` — the weighted distance with named penalties, and its evidence
- :mod:`domain.matching.blocking` — which pairs are compared at all (never O(n²))
- :mod:`domain.matching.resolve` — the pipeline: user decisions → relinks → ISRC → scored candidates
"""

from domain.matching.blocking import block_keys, candidate_pairs, group_blocks
from domain.matching.clusters import Clusters
from domain.matching.features import (
    FeatureMaker,
    Similarity,
    TrackFeatures,
    Transliterate,
    difflib_similarity,
)
from domain.matching.policy import MatchPolicy, compare_tags
from domain.matching.resolve import PairDecision, Resolution, new_clusters, resolve
from domain.matching.scoring import Judgement, Matcher, Penalty, same_isrc, same_service_track
from domain.matching.tags import ParsedTitle, VersionTag, album_tags, parse_title

__all__ = [
    "Clusters",
    "FeatureMaker",
    "Judgement",
    "MatchPolicy",
    "Matcher",
    "PairDecision",
    "ParsedTitle",
    "Penalty",
    "Resolution",
    "Similarity",
    "TrackFeatures",
    "Transliterate",
    "VersionTag",
    "album_tags",
    "block_keys",
    "candidate_pairs",
    "compare_tags",
    "difflib_similarity",
    "group_blocks",
    "new_clusters",
    "parse_title",
    "resolve",
    "same_isrc",
    "same_service_track",
]
