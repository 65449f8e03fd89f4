"""Where library rows came from, for the consent gates (shared/docs/services.md, Spotify's
developer policy: no training of ML models on content obtained through the platform).

Every row carries the import batch that brought it, and a batch names its importer. Batches
fetched through a service's live API are written by the importer ``<service>_api``
(``spotify_api``, ``deezer_api``, ``lastfm_api``, ``listenbrainz_api``; see
``app/core/sync_streams.py``); the user's own export files have other importers. The
recommender asks :func:`training_excluded_batches` for the batches it must leave out of
training: every API batch of a service whose "recommend" consent the user has not explicitly
granted. "recommend" is never granted by default (``store.consents``), so Spotify API data,
which its developer policy keeps out of model training, is excluded unless the user opts in.
"""

from __future__ import annotations

from store.consents import Consents
from store.library import Library

API_SUFFIX = "_api"


def api_importer(service: str) -> str:
    return service + API_SUFFIX


def api_sourced_services(library: Library) -> set[str]:
    """Services some of whose library rows were fetched through their API."""
    with library.read() as db:
        rows = db.execute(
            "SELECT DISTINCT importer FROM import_batch WHERE importer LIKE '%\\_api' ESCAPE '\\'"
        ).fetchall()
    return {str(r[0])[: -len(API_SUFFIX)] for r in rows}


def may_train_on_api_data(library: Library, service: str) -> bool:
    """Only with an explicit "recommend" consent; never by default (any service)."""
    decided = Consents(library).all().get((service, "recommend"))
    return decided is not None and decided.granted


def training_excluded_batches(library: Library) -> set[int]:
    """Import batch ids the recommender must not train on (API data without consent)."""
    excluded = {s for s in api_sourced_services(library) if not may_train_on_api_data(library, s)}
    if not excluded:
        return set()
    importers = [api_importer(s) for s in sorted(excluded)]
    marks = ",".join("?" * len(importers))
    with library.read() as db:
        rows = db.execute(
            f"SELECT id FROM import_batch WHERE importer IN ({marks})", importers
        ).fetchall()
    return {int(r[0]) for r in rows}
