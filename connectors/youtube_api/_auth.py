"""Google sign-in for the YouTube Data API: the user's own OAuth client, three ways in and out.

- **Loopback + PKCE** (RFC 8252) with a "Desktop app" client: ``connectors._oauth`` does it;
  Google wants the client secret at the token step even with PKCE (for installed apps it is not
  secret, but it is the user's, so it is kept in the keyring all the same).
- **Device flow** (RFC 8628, ``_device.py``) for machines without a browser; Google only lets
  "TVs and Limited Input devices" clients use it.
- **Revoke** on sign-out: ``POST /revoke`` with the refresh token (which revokes the access
  tokens issued from it too).

Endpoints: the authorize page is on accounts.google.com, token/device/revoke on
oauth2.googleapis.com. With ``MIXTAPE_YOUTUBE_MUSIC_AUTH_URL`` set, all four live under that one
base (``o/oauth2/v2/auth``, ``token``, ``device/code``, ``revoke``), for proxies and the tests.
Refresh tokens of a Google app still in "Testing" expire after 7 days: the refresh then fails
with ``invalid_grant`` and the account shows "reconnect needed".
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from connectors._endpoints import DEFAULTS, ServiceEndpoints
from connectors._oauth import OAuthClient
from connectors.errors import ClientError, Transient

SERVICE = "youtube_music"
GOOGLE_OAUTH_HOST = "https://oauth2.googleapis.com/"

#: Reading playlists and likes.
READ_SCOPES = ("https://www.googleapis.com/auth/youtube.readonly",)
#: Writing playlists (transfers); this scope includes reading.
WRITE_SCOPES = ("https://www.googleapis.com/auth/youtube",)


@dataclass(frozen=True, slots=True)
class GoogleUrls:
    authorize: str
    token: str
    device: str
    revoke: str


def google_urls(endpoints: ServiceEndpoints) -> GoogleUrls:
    auth = endpoints.auth
    token_host = GOOGLE_OAUTH_HOST if auth == DEFAULTS[SERVICE].auth else auth
    return GoogleUrls(
        authorize=auth + "o/oauth2/v2/auth",
        token=token_host + "token",
        device=token_host + "device/code",
        revoke=token_host + "revoke",
    )


def youtube_oauth_client(
    client_id: str,
    client_secret: str | None,
    endpoints: ServiceEndpoints,
    scopes: tuple[str, ...] = READ_SCOPES,
) -> OAuthClient:
    urls = google_urls(endpoints)
    return OAuthClient(
        service=SERVICE,
        client_id=client_id,
        authorize_url=urls.authorize,
        token_url=urls.token,
        scopes=scopes,
        client_secret=client_secret,
    )


def revoke_token(http: httpx.Client, endpoints: ServiceEndpoints, token: str) -> None:
    """Revoke ``token`` at Google (https://developers.google.com/identity/protocols/oauth2/native-app#tokenrevoke).

    A 400 means the token is already invalid (revoked, expired): nothing left to revoke.
    """
    try:
        response = http.post(google_urls(endpoints).revoke, data={"token": token})
    except httpx.TimeoutException as e:
        raise Transient(SERVICE, "Google did not answer the sign-out in time") from e
    except httpx.TransportError as e:
        raise Transient(SERVICE, "could not reach Google to sign out") from e
    if response.status_code in (200, 400):
        return
    if response.status_code >= 500:
        raise Transient(SERVICE, f"Google's sign-out failed ({response.status_code})")
    raise ClientError(SERVICE, "Google refused the sign-out", response.status_code)
