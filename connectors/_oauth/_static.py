"""Long-lived tokens the user pastes or a service hands out once (ListenBrainz user tokens,
Deezer ``offline_access`` tokens, Last.fm session keys), kept in the ``SecretStore``.

There is nothing to refresh: a token the service refuses means the user has to reconnect.
"""

from __future__ import annotations

from connectors._oauth._tokens import SecretStore
from connectors.errors import NeedsReauth


class StaticToken:
    """A token under ``secret_name``; satisfies the transport's ``BearerTokens``."""

    def __init__(self, service: str, secrets: SecretStore, secret_name: str) -> None:
        self.service = service
        self._secrets = secrets
        self._name = secret_name

    def save(self, token: str) -> None:
        self._secrets.set(self._name, token)

    def forget(self) -> None:
        self._secrets.delete(self._name)

    def access_token(self) -> str:
        token = self._secrets.get(self._name)
        if not token:
            raise NeedsReauth(self.service, "not signed in")
        return token

    def refresh_after_401(self, rejected: str) -> str:
        raise NeedsReauth(self.service, "the service refused the saved token")
