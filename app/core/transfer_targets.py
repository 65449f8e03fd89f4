"""The services a transfer can write to: a small registry of openers.

A target is a connector that satisfies ``app.core.transfer.TransferTarget`` (playlists) and,
for liked songs, ``app.core.transfer_liked.LikedSongsTarget``. Each service registers one
*opener* that builds its connector from ``Services`` and an ``httpx.Client``; the caller
(``Services.transfer_target``) checks the connection, owns the client and closes both. Adding
a target service is one ``register_target`` call here; nothing else dispatches on names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from app.core.service_apple import open_apple_music_target
from app.core.service_kinds import PUBLIC_SCOPE, build_connector
from app.core.transfer_youtube import YouTubeTarget
from connectors._endpoints import endpoints_for
from connectors.errors import ClientError

if TYPE_CHECKING:
    from app.core.syncing import Services

#: Builds the connected target connector of one service.
TargetOpener = Callable[["Services", httpx.Client], Any]

_OPENERS: dict[str, TargetOpener] = {}


def register_target(service: str, opener: TargetOpener) -> None:
    _OPENERS[service] = opener


def target_services() -> tuple[str, ...]:
    """Services a playlist or liked songs can be written to, in registration order."""
    return tuple(_OPENERS)


def open_target(services: Services, service: str, http: httpx.Client) -> Any:
    opener = _OPENERS.get(service)
    if opener is None:
        raise ClientError(service, "transfers to this service are not available yet")
    return opener(services, http)


def _open_spotify(services: Services, http: httpx.Client) -> Any:
    return services._connector("spotify", services._session("spotify", http), http)


def _open_deezer(services: Services, http: httpx.Client) -> Any:
    (account,) = services.accounts.accounts("deezer")[:1]
    if PUBLIC_SCOPE in account.scopes:
        raise ClientError(
            "deezer",
            "writing needs a sign-in with your own Deezer app"
            " (`mixtape connect deezer --client-id APP_ID --allow-write-back`)",
        )
    return build_connector(
        account,
        endpoints_for("deezer", services.environ),
        services.gate("deezer"),
        services.secrets,
        services.secret_name("deezer"),
        services.accounts.setting,
        http,
    )


register_target("spotify", _open_spotify)
register_target("deezer", _open_deezer)
register_target("apple_music", open_apple_music_target)


def _open_youtube(services: Services, http: httpx.Client) -> Any:
    return YouTubeTarget(services.youtube(http), services.library)


register_target("youtube_music", _open_youtube)
