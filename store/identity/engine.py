"""The matching rules wired to their fast implementations: rapidfuzz and anyascii.

The domain rules are pure; here they get rapidfuzz's ``ratio`` (C++, the same scale as
difflib's) for string similarity and anyascii for transliteration.
"""

from __future__ import annotations

from anyascii import anyascii
from rapidfuzz.distance import Indel

from domain.matching import FeatureMaker, Matcher, MatchPolicy


def similarity(a: str, b: str) -> float:
    return float(Indel.normalized_similarity(a, b))


def default_feature_maker() -> FeatureMaker:
    return FeatureMaker(anyascii)


def default_matcher(policy: MatchPolicy | None = None) -> Matcher:
    return Matcher(policy, similarity)
