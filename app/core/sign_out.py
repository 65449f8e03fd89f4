"""What signing out of a service does, in one line a person can act on.

``Services.disconnect`` deletes the tokens (and the user's app secret) from the keyring and
forgets the connection; the library keeps everything imported. Revoking the access on the
service's side needs an API for it, and of the services Mixtape connects only Google has one
(YouTube is revoked at disconnect). For the others the user has to remove Mixtape themselves,
so the message names the page where that is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain import Account

#: Where the user removes Mixtape's access, for services with no revocation API.
REVOKE_PAGES = {
    "spotify": "https://www.spotify.com/account/apps/",
    "deezer": "https://www.deezer.com/account/apps",
    "lastfm": "https://www.last.fm/settings/applications",
    "listenbrainz": "https://listenbrainz.org/settings/resettoken/",
}
#: Services whose access Mixtape revokes itself at disconnect.
REVOKED_BY_MIXTAPE = frozenset({"youtube_music"})
#: Where to remove Mixtape by hand when revoking it at disconnect did not work (offline…).
FALLBACK_PAGES = {"youtube_music": "https://myaccount.google.com/permissions"}
#: Who revokes it (Google, for a YouTube sign-in).
REVOKERS = {"youtube_music": "Google"}
PUBLIC_SCOPE = "public"

NAMES = {
    "spotify": "Spotify",
    "deezer": "Deezer",
    "lastfm": "Last.fm",
    "listenbrainz": "ListenBrainz",
    "youtube_music": "YouTube",
    "apple_music": "Apple Music",
}


@dataclass(frozen=True)
class SignedOut:
    """What ``Services.sign_out`` did: the accounts forgotten, and whether the service
    revoked Mixtape's access (``None``: it has no way to; ``False``: asking it failed)."""

    removed: list[Account]
    revoked: bool | None


def sign_out_note(service: str, removed: Iterable[Account], revoked: bool | None = None) -> str:
    """One line: what was deleted here, and what the user still has to do on the service
    (``revoked`` is ``SignedOut.revoked``: ``False`` says the revocation did not happen)."""
    accounts = list(removed)
    name = NAMES.get(service, service)
    if not accounts:
        return f"{name} was not connected."
    if all(PUBLIC_SCOPE in a.scopes for a in accounts):
        return f"Disconnected {name}; it read public playlists only, so there is nothing to revoke."
    done = f"Disconnected {name}: its sign-in is deleted from this computer; your library stays."
    revoker = REVOKERS.get(service, name)
    if service in REVOKED_BY_MIXTAPE and revoked is False:
        by_hand = FALLBACK_PAGES[service]
        return (
            f"{done} {revoker} could not be reached to revoke access: remove Mixtape at {by_hand}"
        )
    if service in REVOKED_BY_MIXTAPE:
        return f"{done} {revoker} revoked Mixtape's access."
    page = REVOKE_PAGES.get(service)
    if service == "listenbrainz":
        return f"{done} ListenBrainz tokens cannot be revoked by an app; reset yours at {page}"
    if page is None:
        return f"{done} To revoke access too, remove Mixtape in your {name} account settings."
    return f"{done} {name} has no way for apps to revoke access: remove Mixtape at {page}"
