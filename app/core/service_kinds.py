"""What each connectable service needs: how to sign in, how to build its connector for a
sync, and which streams it has. ``Services`` (``app.core.syncing``) dispatches through here.

Credentials the user brings (shared/docs/services.md): Spotify a Client ID; Deezer an existing
app's id and secret for the Favourites and private playlists, or just a user id for public
playlists without any sign-in; Last.fm an API key and shared secret (desktop auth); ListenBrainz
the user token from their settings page; Apple Music a developer token and a Music User Token
(``app.core.service_apple``). Secrets and tokens go to the keyring only; ids and user
names are settings.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from app.core.service_apple import STREAMS as APPLE_MUSIC_STREAMS
from app.core.service_apple import apple_music_connector, sign_in_apple_music
from app.core.service_youtube import STREAMS as YOUTUBE_STREAMS
from app.core.service_youtube import sign_in_youtube
from app.core.sync_scrobbles import sync_lastfm_scrobbles, sync_listenbrainz_listens
from app.core.sync_streams import STREAMS as SPOTIFY_STREAMS
from app.core.sync_streams import StreamContext, sync_playlists, sync_saved_tracks
from connectors._endpoints import ServiceEndpoints
from connectors._jobs import DailyQuota, ServiceGate
from connectors._oauth import SecretStore, StaticToken
from connectors.deezer_api import DeezerConnector, sign_in_with_app
from connectors.errors import ClientError, NeedsReauth
from connectors.lastfm_api import LastfmConnector, sign_in_desktop
from connectors.listenbrainz_api import ListenBrainzConnector
from connectors.live import AccountInfo
from domain import Account

StreamSync = Callable[[Any, StreamContext], None]

#: Streams per service; Deezer without a sign-in (``public`` scope) has playlists only.
STREAMS: dict[str, dict[str, StreamSync]] = {
    "spotify": dict(SPOTIFY_STREAMS),
    "deezer": {"saved_tracks": sync_saved_tracks, "playlists": sync_playlists},
    "lastfm": {"scrobbles": sync_lastfm_scrobbles, "saved_tracks": sync_saved_tracks},
    "listenbrainz": {"listens": sync_listenbrainz_listens},
    "youtube_music": dict(YOUTUBE_STREAMS),
    "apple_music": dict(APPLE_MUSIC_STREAMS),
}
PUBLIC_SCOPE = "public"


def streams_for(account: Account) -> dict[str, StreamSync]:
    streams = STREAMS.get(account.service, {})
    if account.service == "deezer" and PUBLIC_SCOPE in account.scopes:
        return {k: v for k, v in streams.items() if k == "playlists"}
    return streams


@dataclass(frozen=True)
class Credentials:
    """What the user supplied at ``connect`` (``client_id`` = app id / API key)."""

    client_id: str | None = None
    secret: str | None = None
    token: str | None = None
    user: str | None = None
    device: bool = False  # YouTube: sign in with a device code instead of the browser


@dataclass(frozen=True)
class SignIn:
    info: AccountInfo
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class SignInContext:
    endpoints: ServiceEndpoints
    gate: ServiceGate
    secrets: SecretStore
    secret_name: str
    app_secret_name: str
    http: httpx.Client
    open_browser: Callable[[str], bool] = webbrowser.open
    show_url: Callable[[str], None] | None = None
    timeout: float = 300.0
    poll_every: float = 3.0
    show_code: Callable[[str, str], None] | None = None  # device flow: URL and user code
    write_back: bool = False  # the user allowed writing: ask for the write scopes
    quota: DailyQuota | None = None  # YouTube's daily unit quota


def sign_in(service: str, creds: Credentials, sc: SignInContext) -> SignIn:
    """Sign in to Deezer, Last.fm or ListenBrainz; the token is saved before returning."""
    if service == "listenbrainz":
        if not creds.token:
            raise ClientError(service, "your ListenBrainz user token is needed (see Settings)")
        token = StaticToken(service, sc.secrets, sc.secret_name)
        connector = ListenBrainzConnector(sc.endpoints, token, sc.gate, client=sc.http)
        token.save(creds.token)
        try:
            return SignIn(connector.account(), ("token",))
        except NeedsReauth as e:
            token.forget()
            raise ClientError(service, "ListenBrainz refused this token", 401) from e
        except Exception:
            token.forget()
            raise
    if service == "deezer":
        return _sign_in_deezer(creds, sc)
    if service == "lastfm":
        return _sign_in_lastfm(creds, sc)
    if service == "youtube_music" and sc.quota is not None:
        return sign_in_youtube(creds, sc, sc.quota, write_back=sc.write_back)
    if service == "apple_music":
        return sign_in_apple_music(creds, sc)
    raise ClientError(service, "connecting this service is not available yet")


def _sign_in_deezer(creds: Credentials, sc: SignInContext) -> SignIn:
    if creds.client_id is None:
        if not creds.user:
            raise ClientError("deezer", "give --user (public playlists) or --client-id (an app)")
        public = DeezerConnector(sc.endpoints, sc.gate, user_id=creds.user, client=sc.http)
        return SignIn(public.account(), (PUBLIC_SCOPE,))
    if not creds.secret:
        raise ClientError("deezer", "the secret of your Deezer app is needed")
    access = sign_in_with_app(
        creds.client_id,
        creds.secret,
        sc.endpoints,
        sc.http,
        open_browser=sc.open_browser,
        show_url=sc.show_url,
        timeout=sc.timeout,
    )
    token = StaticToken("deezer", sc.secrets, sc.secret_name)
    token.save(access)
    sc.secrets.set(sc.app_secret_name, creds.secret)
    connector = DeezerConnector(sc.endpoints, sc.gate, user_id="me", token=token, client=sc.http)
    return SignIn(connector.account(), ("basic_access", "offline_access", "manage_library"))


def _sign_in_lastfm(creds: Credentials, sc: SignInContext) -> SignIn:
    if not creds.client_id or not creds.secret:
        raise ClientError("lastfm", "your Last.fm API key and shared secret are needed")
    connector = LastfmConnector(
        sc.endpoints, sc.gate, api_key=creds.client_id, secret=creds.secret, client=sc.http
    )
    session = sign_in_desktop(
        connector.api,
        sc.endpoints,
        open_browser=sc.open_browser,
        show_url=sc.show_url,
        timeout=sc.timeout,
        poll_every=sc.poll_every,
    )
    StaticToken("lastfm", sc.secrets, sc.secret_name).save(session["key"])
    sc.secrets.set(sc.app_secret_name, creds.secret)
    name = session.get("name") or ""
    return SignIn(AccountInfo(name, name), ("session",))


def build_connector(
    account: Account,
    endpoints: ServiceEndpoints,
    gate: ServiceGate,
    secrets: SecretStore,
    secret_name: str,
    setting: Callable[[str], str | None],
    http: httpx.Client,
) -> Any:
    """The connector a sync job of ``account`` uses (Spotify is built by ``Services``)."""
    service = account.service
    if service == "listenbrainz":
        token = StaticToken(service, secrets, secret_name)
        return ListenBrainzConnector(endpoints, token, gate, client=http)
    if service == "deezer":
        if PUBLIC_SCOPE in account.scopes:
            return DeezerConnector(endpoints, gate, user_id=account.account_id, client=http)
        token = StaticToken(service, secrets, secret_name)
        return DeezerConnector(endpoints, gate, user_id="me", token=token, client=http)
    if service == "lastfm":
        api_key = setting("lastfm.client_id") or ""
        return LastfmConnector(
            endpoints, gate, api_key=api_key, user=account.account_id, client=http
        )
    if service == "apple_music":
        return apple_music_connector(endpoints, gate, secrets, secret_name, setting, http)
    raise ClientError(service, "syncing this service is not available yet")
