"""Service base URLs, each overridable (shared/docs/cli.md): ``MIXTAPE_<SERVICE>_API_URL`` and
``MIXTAPE_<SERVICE>_AUTH_URL``, for self-hosted proxies and the tests' fake servers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServiceEndpoints:
    api: str
    auth: str


DEFAULTS: dict[str, ServiceEndpoints] = {
    "spotify": ServiceEndpoints("https://api.spotify.com/v1/", "https://accounts.spotify.com/"),
    "deezer": ServiceEndpoints("https://api.deezer.com/", "https://connect.deezer.com/"),
    "listenbrainz": ServiceEndpoints("https://api.listenbrainz.org/", ""),
    "lastfm": ServiceEndpoints("https://ws.audioscrobbler.com/2.0/", "https://www.last.fm/"),
    # Apple Music: the AUTH_URL is where the MusicKit JS page loads ``musickit.js`` from.
    "apple_music": ServiceEndpoints(
        "https://api.music.apple.com/", "https://js-cdn.music.apple.com/musickit/v3/"
    ),
    # Google: /o/oauth2/v2/auth here; token, device code and revoke on oauth2.googleapis.com
    # (connectors/youtube_api/_auth.py), all under the AUTH_URL override when one is set.
    "youtube_music": ServiceEndpoints(
        "https://www.googleapis.com/youtube/v3/", "https://accounts.google.com/"
    ),
}


def endpoints_for(service: str, environ: Mapping[str, str]) -> ServiceEndpoints:
    """The service's endpoints, with the environment's overrides applied (trailing ``/`` kept)."""
    default = DEFAULTS[service]
    prefix = f"MIXTAPE_{service.upper()}_"
    api = environ.get(prefix + "API_URL") or default.api
    auth = environ.get(prefix + "AUTH_URL") or default.auth
    return ServiceEndpoints(_slash(api), _slash(auth) if auth else auth)


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
