"""What a live service connector offers (shared/docs/connectors.md, "Interfaces").

A connector declares its capabilities and hides paging: the app's sync asks for pages and
decides, with its checkpoints, what to fetch; the connector returns domain objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

from domain import PlaylistEntry

Capability = Literal[
    "read_saved_tracks",
    "read_playlists",
    "read_history",
    "write_playlist",
    "write_library",
    "search_isrc",
    "preserve_added_at",
    "delete_items",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a collection. ``next_offset`` is ``None`` on the last page; ``total`` is what
    the service reports for the whole collection; ``limit`` the page size it actually used."""

    items: tuple[T, ...]
    next_offset: int | None
    total: int | None
    limit: int


@dataclass(frozen=True, slots=True)
class PlaylistSummary:
    """A playlist as listed in the user's library, with its change token."""

    service_id: str
    name: str
    change_token: str | None
    owner: str | None
    description: str | None
    total: int | None


@dataclass(frozen=True, slots=True)
class PlaylistContents:
    summary: PlaylistSummary
    entries: tuple[PlaylistEntry, ...]


@dataclass(frozen=True, slots=True)
class AccountInfo:
    account_id: str
    display_name: str | None


class LiveConnector(Protocol):
    service: str
    capabilities: frozenset[Capability]

    def account(self) -> AccountInfo: ...

    def close(self) -> None: ...
