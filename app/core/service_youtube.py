"""YouTube Music as a connected service: sign-in, its connector with the daily quota, sign-out.

The user brings their own Google OAuth client (services.md, "YouTube Music"): a "Desktop app"
client for the browser sign-in (loopback + PKCE), or a "TVs and Limited Input devices" client
for the device flow. Its id is a setting, its secret goes to the keyring. The daily unit budget
(10,000 by default) can be lowered or raised with the setting ``youtube_music.daily_quota``
(``mixtape connect youtube_music --daily-quota N``); the ledger is ``store.quota``.
Sign-out revokes the refresh token at Google before forgetting it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from app.core.sync_streams import StreamContext, sync_playlists, sync_saved_tracks
from connectors._endpoints import ServiceEndpoints
from connectors._jobs import DailyQuota, ServiceGate
from connectors._jobs._quota import DEFAULT_DAILY_UNITS
from connectors._oauth import OAuthSession, SecretStore, TokenSet, sign_in_with_pkce
from connectors.errors import ClientError, ServiceError
from connectors.youtube_api import (
    READ_SCOPES,
    WRITE_SCOPES,
    YouTubeConnector,
    google_urls,
    revoke_token,
    sign_in_with_device_code,
    youtube_oauth_client,
)
from store.quota import QuotaLedger

if TYPE_CHECKING:
    from app.core.service_kinds import Credentials, SignIn, SignInContext

logger = logging.getLogger(__name__)

SERVICE = "youtube_music"
CLIENT_ID_SETTING = "youtube_music.client_id"
DAILY_QUOTA_SETTING = "youtube_music.daily_quota"

STREAMS: dict[str, Callable[[YouTubeConnector, StreamContext], None]] = {
    "saved_tracks": sync_saved_tracks,
    "playlists": sync_playlists,
}


def daily_budget(setting: Callable[[str], str | None]) -> int:
    value = setting(DAILY_QUOTA_SETTING)
    return int(value) if value and value.isdigit() and int(value) > 0 else DEFAULT_DAILY_UNITS


def sign_in_youtube(
    creds: Credentials,
    sc: SignInContext,
    quota: DailyQuota,
    *,
    write_back: bool = False,
) -> SignIn:
    """Sign in through the browser (or with a device code); tokens are saved before returning."""
    from app.core.service_kinds import SignIn

    if not creds.client_id or not creds.secret:
        raise ClientError(
            SERVICE, "the Client ID and client secret of your Google OAuth client are needed"
        )
    scopes = WRITE_SCOPES if write_back else READ_SCOPES
    client = youtube_oauth_client(creds.client_id, creds.secret, sc.endpoints, scopes)
    clock = sc.gate.clock
    tokens: TokenSet
    if creds.device:
        show = sc.show_code or (lambda url, code: None)
        device_url = google_urls(sc.endpoints).device
        tokens = sign_in_with_device_code(
            client, device_url, sc.http, clock, show_code=show, timeout=sc.timeout
        )
    else:
        tokens = sign_in_with_pkce(
            client,
            sc.http,
            clock,
            open_browser=sc.open_browser,
            show_url=sc.show_url,
            timeout=sc.timeout,
        )
    session = OAuthSession(client, sc.secrets, sc.secret_name, sc.http, clock)
    session.save(tokens)
    sc.secrets.set(sc.app_secret_name, creds.secret)
    connector = YouTubeConnector(sc.endpoints, session, sc.gate, quota, client=sc.http)
    try:
        info = connector.account()
    except Exception:
        session.forget()
        raise
    return SignIn(info, tokens.scopes or scopes)


def youtube_quota(
    ledger: QuotaLedger, gate: ServiceGate, setting: Callable[[str], str | None]
) -> DailyQuota:
    return DailyQuota(SERVICE, ledger, gate.clock, budget=daily_budget(setting))


def youtube_connector(
    endpoints: ServiceEndpoints,
    gate: ServiceGate,
    secrets: SecretStore,
    secret_name: str,
    app_secret_name: str,
    setting: Callable[[str], str | None],
    http: httpx.Client,
    ledger: QuotaLedger,
) -> YouTubeConnector:
    """The connector of a sync job or a transfer, signed in with the saved tokens."""
    client = youtube_oauth_client(
        setting(CLIENT_ID_SETTING) or "", secrets.get(app_secret_name), endpoints
    )
    session = OAuthSession(client, secrets, secret_name, http, gate.clock)
    quota = youtube_quota(ledger, gate, setting)
    return YouTubeConnector(endpoints, session, gate, quota, client=http)


def revoke_youtube(secrets: SecretStore, secret_name: str, endpoints: ServiceEndpoints) -> bool:
    """Revoke the saved sign-in at Google; False when that could not be done (offline…).

    The caller forgets the tokens either way: a sign-out never fails for lack of a network.
    """
    stored = secrets.get(secret_name)
    if not stored:
        return True
    try:
        tokens = TokenSet.from_json(stored)
    except (ValueError, KeyError, TypeError):
        return False
    token = tokens.refresh_token or tokens.access_token
    try:
        with httpx.Client(timeout=httpx.Timeout(10.0)) as http:
            revoke_token(http, endpoints, token)
    except ServiceError as e:
        logger.warning("could not revoke the YouTube sign-in at Google: %s", e)
        return False
    return True
