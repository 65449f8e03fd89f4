"""PKCE (RFC 7636) and the ``state`` value: fresh, random, per sign-in attempt."""

from __future__ import annotations

import base64
import hashlib
import secrets


def new_verifier() -> str:
    """A 43–128 character verifier from the unreserved alphabet (RFC 7636 §4.1)."""
    return secrets.token_urlsafe(64)[:96]


def challenge_for(verifier: str) -> str:
    """The S256 challenge: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_state() -> str:
    return secrets.token_urlsafe(24)
