"""Mixtape's domain: plain dataclasses and pure functions, standard library only.

Everything above this layer (store, connectors, recommender, sync, app) speaks in these types.
"""

from domain.model import (
    PURPOSES,
    SERVICES,
    Account,
    Consent,
    ImportBatch,
    ImportRecord,
    Listen,
    MatchDecision,
    Playlist,
    PlaylistEntry,
    Recording,
    SavedItem,
    ServiceTrack,
)

__all__ = [
    "PURPOSES",
    "SERVICES",
    "Account",
    "Consent",
    "ImportBatch",
    "ImportRecord",
    "Listen",
    "MatchDecision",
    "Playlist",
    "PlaylistEntry",
    "Recording",
    "SavedItem",
    "ServiceTrack",
]
