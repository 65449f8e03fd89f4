"""Shared OAuth: PKCE sign-in through a loopback redirect, tokens in a ``SecretStore``."""

from connectors._oauth._login import authorize_url, sign_in_with_pkce
from connectors._oauth._loopback import (
    LoopbackRedirect,
    OneShotListener,
    OneShotServer,
    RedirectResult,
)
from connectors._oauth._pkce import challenge_for, new_state, new_verifier
from connectors._oauth._static import StaticToken
from connectors._oauth._tokens import (
    OAuthClient,
    OAuthSession,
    SecretStore,
    TokenSet,
    request_tokens,
)

__all__ = [
    "LoopbackRedirect",
    "OAuthClient",
    "OAuthSession",
    "OneShotListener",
    "OneShotServer",
    "RedirectResult",
    "SecretStore",
    "StaticToken",
    "TokenSet",
    "authorize_url",
    "challenge_for",
    "new_state",
    "new_verifier",
    "request_tokens",
    "sign_in_with_pkce",
]
