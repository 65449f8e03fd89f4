"""Errors raised by the recommender.

Hierarchy::

    RecommenderError                 root; catch this to handle anything from recommender/
    ├── NotFitted                    a model or query was used before ``fit``
    ├── TrainingCancelled            the caller's ``cancel`` callback asked training to stop
    ├── UnknownTrack                 a query named no track the model knows
    ├── NotIndexable                 the model has no dense item vectors (item-kNN, popularity)
    ├── IndexUnavailable             no index was published yet, or its files are unreadable
    └── CorpusFormatError            a playlist corpus file (JSPF, MPD slice) is malformed
"""

from __future__ import annotations


class RecommenderError(Exception):
    """Root of every error raised by ``recommender``."""


class NotFitted(RecommenderError):
    """A model or query was used before the model was trained."""


class TrainingCancelled(RecommenderError):
    """Training stopped because the caller's ``cancel`` callback returned true."""


class UnknownTrack(RecommenderError):
    """None of the seed tracks of a query is known to the model."""


class NotIndexable(RecommenderError):
    """The model scores items without dense item vectors, so it cannot feed an index."""


class IndexUnavailable(RecommenderError):
    """No index has been published in the folder, or its files cannot be read."""


class CorpusFormatError(RecommenderError):
    """A playlist corpus file is not valid JSPF or MPD-slice JSON."""
