"""Recommendation models behind one interface (see :mod:`recommender.models.base`)."""

from recommender.models.als import ALSModel
from recommender.models.base import BaseModel, Metric, Model, VectorModel, top_n
from recommender.models.itemknn import ItemKNNModel
from recommender.models.metadata import BlendedModel, metadata_vectors
from recommender.models.pmi_svd import PMISVDModel
from recommender.models.popularity import PopularityModel

__all__ = [
    "ALSModel",
    "BaseModel",
    "BlendedModel",
    "ItemKNNModel",
    "Metric",
    "Model",
    "PMISVDModel",
    "PopularityModel",
    "VectorModel",
    "metadata_vectors",
    "top_n",
]
