"""Helpers shared by the store tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import keyring.backend

from domain import ImportRecord, Listen, Playlist, PlaylistEntry, SavedItem, ServiceTrack

PASSPHRASE = "correct horse battery staple"
MARKER_TITLE = "Zyzzyva Marker Song"
T0 = datetime(2025, 1, 1, tzinfo=UTC)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An OS keyring stand-in (the keyring is the edge of the world)."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's plaintext file backend: must be refused."""


def track(n: int, service: str = "spotify", title: str | None = None) -> ServiceTrack:
    return ServiceTrack(
        service=service,
        service_id=f"id{n:06d}",
        title=title or f"Song {n}",
        artists=(f"Artist {n % 50}",),
        album=f"Album {n % 200}",
        duration_ms=180_000 + n,
    )


def listens(count: int, source: str = "spotify", start: int = 0) -> list[Listen]:
    return [
        Listen(track(i % 500, source), T0 + timedelta(minutes=4 * i), source, 170_000)
        for i in range(start, start + count)
    ]


def sample_records() -> list[ImportRecord]:
    marker = track(9999, title=MARKER_TITLE)
    return [
        marker,
        *listens(20),
        SavedItem("spotify", "track", track=marker, added_at=T0),
        Playlist(
            "spotify",
            "Road Trip",
            tuple(PlaylistEntry(i, track(i), T0 + timedelta(days=i), "ana") for i in range(5)),
            service_id="pl-road",
        ),
    ]
