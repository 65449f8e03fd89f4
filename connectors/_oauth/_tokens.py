"""Tokens and where they live: a ``SecretStore`` (the OS keyring, through the app).

``TokenSet`` never shows its tokens in ``repr`` or logs. ``OAuthSession`` hands out access
tokens, refreshing when under a minute is left, and saves the *new* refresh token after every
refresh before using the new access token: PKCE refresh tokens rotate, and the old one stops
working once the new one is issued. A refresh refused with ``invalid_grant`` means the sign-in
is gone: ``NeedsReauth``, once, no retry loop.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from connectors._jobs import Clock
from connectors.errors import ClientError, NeedsReauth, RateLimited, Transient

logger = logging.getLogger(__name__)

REFRESH_MARGIN = 60.0  # seconds: refresh when less than this is left


class SecretStore(Protocol):
    """The app's secret store (``store.secrets.KeyringSecrets`` in the app, a dict in tests)."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


@dataclass(frozen=True, slots=True)
class OAuthClient:
    """A service's OAuth endpoints and the (user-supplied) client."""

    service: str
    client_id: str
    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    client_secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class TokenSet:
    access_token: str = field(repr=False)
    expires_at: float
    refresh_token: str | None = field(default=None, repr=False)
    scopes: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at,
                "scopes": list(self.scopes),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> TokenSet:
        data = json.loads(text)
        return cls(
            access_token=str(data["access_token"]),
            expires_at=float(data["expires_at"]),
            refresh_token=data.get("refresh_token"),
            scopes=tuple(data.get("scopes") or ()),
        )


def request_tokens(
    http: httpx.Client,
    client: OAuthClient,
    form: dict[str, str],
    clock: Clock,
    previous_refresh: str | None = None,
) -> TokenSet:
    """POST to the token endpoint (RFC 6749 §4.1.3 / §6) and map every failure to our errors."""
    data = dict(form)
    data["client_id"] = client.client_id
    if client.client_secret:
        data["client_secret"] = client.client_secret
    try:
        response = http.post(client.token_url, data=data)
    except httpx.TimeoutException as e:
        raise Transient(client.service, "the sign-in server did not answer in time") from e
    except httpx.TransportError as e:
        raise Transient(client.service, "could not reach the sign-in server") from e
    body = _json_or_empty(response)
    if response.status_code == 200 and "access_token" in body:
        scope = body.get("scope")
        return TokenSet(
            access_token=str(body["access_token"]),
            expires_at=clock.now() + float(body.get("expires_in", 3600)),
            refresh_token=body.get("refresh_token") or previous_refresh,
            scopes=tuple(str(scope).split()) if scope else (),
        )
    error = str(body.get("error", ""))
    if error == "invalid_grant" or response.status_code == 401:
        raise NeedsReauth(client.service)
    if response.status_code == 429:
        retry = float(response.headers.get("Retry-After", "5") or 5)
        raise RateLimited(client.service, clock.now() + retry, retry)
    if response.status_code >= 500:
        raise Transient(client.service, f"sign-in server error {response.status_code}")
    raise ClientError(
        client.service,
        f"the sign-in server refused ({error or response.status_code})",
        response.status_code,
    )


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class OAuthSession:
    """Access tokens for one account, kept in a ``SecretStore`` under ``secret_name``."""

    def __init__(
        self,
        client: OAuthClient,
        secrets: SecretStore,
        secret_name: str,
        http: httpx.Client,
        clock: Clock,
    ) -> None:
        self.client = client
        self._secrets = secrets
        self._name = secret_name
        self._http = http
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: TokenSet | None = None

    def tokens(self) -> TokenSet | None:
        stored = self._secrets.get(self._name)
        if not stored:
            return None
        try:
            return TokenSet.from_json(stored)
        except (ValueError, KeyError, TypeError):
            logger.warning("the stored %s sign-in is unreadable; reconnect", self.client.service)
            return None

    def save(self, tokens: TokenSet) -> None:
        self._secrets.set(self._name, tokens.to_json())

    def forget(self) -> None:
        self._cached = None
        self._secrets.delete(self._name)

    def access_token(self) -> str:
        """A valid access token; refreshes first when under a minute is left.

        The tokens are read from the secret store once and kept in memory; before a refresh
        they are read again, because another Mixtape process may have rotated them already.
        """
        with self._lock:
            tokens = self._cached or self._require()
            if tokens.expires_at - self._clock.now() < REFRESH_MARGIN:
                tokens = self._require()
                if tokens.expires_at - self._clock.now() < REFRESH_MARGIN:
                    tokens = self._refresh(tokens)
            self._cached = tokens
            return tokens.access_token

    def refresh_after_401(self, rejected: str) -> str:
        """The service refused ``rejected``; refresh unless someone already did."""
        with self._lock:
            tokens = self._require()
            if tokens.access_token == rejected:
                tokens = self._refresh(tokens)
            self._cached = tokens
            return tokens.access_token

    def _require(self) -> TokenSet:
        tokens = self.tokens()
        if tokens is None:
            raise NeedsReauth(self.client.service, "not signed in")
        return tokens

    def _refresh(self, tokens: TokenSet) -> TokenSet:
        if not tokens.refresh_token:
            raise NeedsReauth(self.client.service)
        form = {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}
        fresh = request_tokens(self._http, self.client, form, self._clock, tokens.refresh_token)
        if not fresh.scopes:
            fresh = TokenSet(
                fresh.access_token, fresh.expires_at, fresh.refresh_token, tokens.scopes
            )
        self.save(fresh)  # before use: the old refresh token may already be dead
        logger.debug("%s access token refreshed", self.client.service)
        return fresh
