"""ListenBrainz sign-in: the user's own token (https://listenbrainz.org/settings/), sent as
``Authorization: Token …`` and checked with ``GET /1/validate-token``. Nothing to refresh; a
refused token means "reconnect needed"."""

from __future__ import annotations

from connectors._oauth import StaticToken

#: The header scheme ListenBrainz expects instead of ``Bearer``.
AUTH_SCHEME = "Token"

ListenBrainzToken = StaticToken
