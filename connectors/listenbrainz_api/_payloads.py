"""The raw JSON of the ListenBrainz API (https://listenbrainz.readthedocs.io/en/latest/users/api/),
only the fields Mixtape reads. A listen's ``track_metadata`` is read by the export importer's
mapping (``connectors.listenbrainz``), so the live and the file paths agree."""

from __future__ import annotations

from typing import Any, TypedDict


class ValidateTokenResponse(TypedDict, total=False):
    code: int
    message: str
    valid: bool
    user_name: str


class ListensPayload(TypedDict, total=False):
    count: int
    user_id: str
    latest_listen_ts: int
    listens: list[dict[str, Any]]


class ListensResponse(TypedDict, total=False):
    payload: ListensPayload
