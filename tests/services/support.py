"""Helpers for the live-service tests: an in-memory secret store and a connected library."""

from __future__ import annotations

from app.core.syncing import Services
from tests.fakes.browser import open_in_thread
from tests.fakes.spotify import FakeSpotify


class MemorySecrets:
    """A ``SecretStore`` in a dict (the keyring is the edge of the world)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.writes: list[str] = []

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value
        self.writes.append(name)

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def connect(services: Services, fake: FakeSpotify) -> None:
    services.grant("spotify", "import")
    services.connect("spotify", client_id=fake.client_id, open_browser=open_in_thread, timeout=10)


def api_paths(fake: FakeSpotify) -> list[str]:
    return [r.path for r in fake.api_requests()]
