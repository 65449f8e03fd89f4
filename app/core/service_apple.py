"""Apple Music as a connected service: sign-in, its connector, its streams.

The user brings both credentials (shared/docs/services.md, "Apple Music"):

- a **developer token**, which needs an Apple Developer Program membership: pasted, or made by
  Mixtape from the user's MusicKit private key (``.p8``), Team ID and Key ID
  (:func:`developer_token_from_key`);
- a **Music User Token**: pasted, or obtained by the MusicKit JS page Mixtape serves on
  loopback and opens in the browser.

Both go to the keyring only (one entry); the storefront is a setting (``apple_music.storefront``,
asked of Apple when not set). Apple has no user id, so the account is "library".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from app.core.sync_apple import sync_library_songs, sync_recently_played
from app.core.sync_streams import StreamContext, sync_playlists
from connectors._endpoints import ServiceEndpoints, endpoints_for
from connectors._jobs import Clock, ServiceGate
from connectors._oauth import SecretStore
from connectors.apple_music_api import (
    AppleMusicConnector,
    AppleMusicTokens,
    check_developer_token,
    make_developer_token,
    music_user_token_from_browser,
)
from connectors.errors import ClientError, NeedsReauth

if TYPE_CHECKING:
    from app.core.service_kinds import Credentials, SignIn, SignInContext

SERVICE = "apple_music"
STOREFRONT_SETTING = "apple_music.storefront"
MAX_KEY_FILE = 16_384  # a .p8 file is a few hundred bytes

STREAMS: dict[str, Callable[[AppleMusicConnector, StreamContext], None]] = {
    "library_songs": sync_library_songs,
    "playlists": sync_playlists,
    "recent_plays": sync_recently_played,
}


def developer_token_from_key(key_file: Path, team_id: str, key_id: str, clock: Clock) -> str:
    """A six-month developer token signed with the MusicKit key in ``key_file``."""
    try:
        if key_file.stat().st_size > MAX_KEY_FILE:
            raise ClientError(SERVICE, f"{key_file.name} is too big to be a MusicKit key")
        pem = key_file.read_bytes()
    except OSError as e:
        raise ClientError(SERVICE, f"cannot read {key_file.name}: {e.strerror}") from e
    return make_developer_token(pem, team_id, key_id, clock.now())


def sign_in_apple_music(creds: Credentials, sc: SignInContext) -> SignIn:
    """``creds.secret`` is the developer token; ``creds.token`` a pasted Music User Token
    (without one the MusicKit page is opened in the browser). Saved before returning."""
    from app.core.service_kinds import SignIn

    developer_token = (creds.secret or "").strip()
    if not developer_token:
        raise ClientError(SERVICE, "a developer token is needed (or your MusicKit key to make one)")
    check_developer_token(developer_token, sc.gate.clock.now())
    user_token = (creds.token or "").strip() or music_user_token_from_browser(
        developer_token,
        sc.endpoints.auth + "musickit.js",
        open_browser=sc.open_browser,
        show_url=sc.show_url,
        timeout=sc.timeout,
    )
    tokens = AppleMusicTokens(sc.secrets, sc.secret_name, sc.gate.clock)
    tokens.save(developer_token, user_token)
    connector = AppleMusicConnector(sc.endpoints, tokens, sc.gate)
    try:
        info = connector.account()
    except NeedsReauth as e:
        tokens.forget()
        raise ClientError(SERVICE, "Apple Music refused these tokens", 401) from e
    except Exception:
        tokens.forget()
        raise
    finally:
        connector.close()
    return SignIn(info, ("library",))


def apple_music_connector(
    endpoints: ServiceEndpoints,
    gate: ServiceGate,
    secrets: SecretStore,
    secret_name: str,
    setting: Callable[[str], str | None],
    http: httpx.Client | None = None,
) -> AppleMusicConnector:
    """The signed-in connector (sync jobs and transfers); ``http`` becomes its own client."""
    tokens = AppleMusicTokens(secrets, secret_name, gate.clock)
    return AppleMusicConnector(
        endpoints, tokens, gate, storefront=setting(STOREFRONT_SETTING), client=http
    )


def open_apple_music_target(services: Any, http: httpx.Client) -> AppleMusicConnector:
    """The transfer target opener (``app.core.transfer_targets``)."""
    return apple_music_connector(
        endpoints_for(SERVICE, services.environ),
        services.gate(SERVICE),
        services.secrets,
        services.secret_name(SERVICE),
        services.accounts.setting,
        http,
    )
