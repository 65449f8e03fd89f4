"""Consent gates on data fetched through APIs: the recommender's training filter."""

from __future__ import annotations

from app.core.syncing import Services
from store.provenance import api_sourced_services, training_excluded_batches
from tests.fakes.spotify import FakeSpotify
from tests.services.support import connect


def test_spotify_api_data_is_excluded_from_training_unless_the_user_opts_in(
    services: Services, fake: FakeSpotify
) -> None:
    connect(services, fake)
    services.sync()
    assert api_sourced_services(services.library) == {"spotify"}
    assert training_excluded_batches(services.library)
    services.grant("spotify", "recommend")
    assert training_excluded_batches(services.library) == set()
