"""On-device recommendations: models, an Annoy index, queries with reasons, and evaluation.

The store hands in plain values (:class:`Interactions`, :class:`Play`); nothing here imports the
store, the app or Qt. Typical use, in a worker thread::

    model = default_model()
    model.fit(interactions, progress=report, cancel=should_stop)
    publish_index(folder, model.track_ids, model.item_vectors(), model.metric, model.name)
    discover = Discover(model, interactions, open_index(folder), plays, hidden)
    discover.continue_playlist(track_ids, RerankOptions(n=25, diversity=0.3))

Errors: everything raised derives from :class:`RecommenderError` (tree in
:mod:`recommender.errors`).
"""

from recommender.data import Interactions, Play, TrackInfo
from recommender.defaults import default_model
from recommender.errors import (
    CorpusFormatError,
    IndexUnavailable,
    NotFitted,
    NotIndexable,
    RecommenderError,
    TrainingCancelled,
    UnknownTrack,
)
from recommender.index import (
    AnnoyTrackIndex,
    ExactTrackIndex,
    NeighbourIndex,
    open_index,
    publish_index,
    remove_unused_generations,
)
from recommender.models import (
    ALSModel,
    BlendedModel,
    ItemKNNModel,
    Model,
    PMISVDModel,
    PopularityModel,
)
from recommender.queries import Discover, Suggestion
from recommender.rerank import RerankOptions
from recommender.sessions import SessionRules, split_sessions

__all__ = [
    "ALSModel",
    "AnnoyTrackIndex",
    "BlendedModel",
    "CorpusFormatError",
    "Discover",
    "ExactTrackIndex",
    "IndexUnavailable",
    "Interactions",
    "ItemKNNModel",
    "Model",
    "NeighbourIndex",
    "NotFitted",
    "NotIndexable",
    "PMISVDModel",
    "Play",
    "PopularityModel",
    "RecommenderError",
    "RerankOptions",
    "SessionRules",
    "Suggestion",
    "TrackInfo",
    "TrainingCancelled",
    "UnknownTrack",
    "default_model",
    "open_index",
    "publish_index",
    "remove_unused_generations",
    "split_sessions",
]
