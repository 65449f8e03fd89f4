"""Spotify sign-in: authorization code + PKCE through the loopback redirect.

https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow — the user brings
their own Client ID (Development-Mode apps are limited to 5 users since 2026) and registers
``http://127.0.0.1/callback`` as the redirect URI; the port is supplied at run time.
Refresh tokens rotate: ``OAuthSession`` saves the new one after every refresh.
"""

from __future__ import annotations

from connectors._endpoints import ServiceEndpoints
from connectors._oauth import OAuthClient

#: Read scopes for sync. Write scopes are asked for only when the user sets up a transfer.
READ_SCOPES = (
    "user-read-private",
    "user-library-read",
    "playlist-read-private",
    "playlist-read-collaborative",
    "user-read-recently-played",
)

#: Asked for when the user allows writing back (transfers): playlists only, never the library.
WRITE_SCOPES = ("playlist-modify-private", "playlist-modify-public")


def spotify_oauth_client(
    client_id: str, endpoints: ServiceEndpoints, scopes: tuple[str, ...] = READ_SCOPES
) -> OAuthClient:
    return OAuthClient(
        service="spotify",
        client_id=client_id,
        authorize_url=endpoints.auth + "authorize",
        token_url=endpoints.auth + "api/token",
        scopes=scopes,
    )
