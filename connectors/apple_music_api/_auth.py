"""Apple Music credentials: the developer token and the Music User Token, both user-supplied.

- The **developer token** is a JWT signed ES256 with the developer's MusicKit private key
  (https://developer.apple.com/documentation/applemusicapi/generating-developer-tokens):
  header ``alg`` ES256 and ``kid`` the Key ID; claims ``iss`` the Team ID, ``iat`` and ``exp``,
  at most 15,777,000 seconds (six months) later. The user pastes one, or Mixtape makes one from
  their ``.p8`` key file with :func:`make_developer_token` (``cryptography``, no JWT library).
  It is sent as ``Authorization: Bearer …``.
- The **Music User Token** comes from MusicKit JS ``authorize()`` in a browser (see
  ``_musickit``), or is pasted; it is sent as the ``Music-User-Token`` header. Apple does not
  say how long it lasts (months in practice) and there is no refresh: a 401/403 means
  "reconnect needed".

Both live only in the ``SecretStore`` (the keyring). Neither is ever logged.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Generator

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from connectors._jobs import Clock
from connectors._oauth import SecretStore
from connectors.errors import ClientError, NeedsReauth

SERVICE = "apple_music"
#: Apple's maximum developer token lifetime: 15,777,000 seconds (six months).
MAX_LIFETIME = 15_777_000
USER_TOKEN_HEADER = "Music-User-Token"  # noqa: S105 (a header name)


def make_developer_token(
    private_key_pem: bytes,
    team_id: str,
    key_id: str,
    now: float,
    lifetime: float = MAX_LIFETIME,
) -> str:
    """A developer token signed with the MusicKit key (the ``.p8`` file's PEM bytes)."""
    team_id, key_id = team_id.strip(), key_id.strip()
    if not (team_id.isalnum() and len(team_id) == 10):
        raise ClientError(SERVICE, "a Team ID has 10 letters and digits")
    if not (key_id.isalnum() and len(key_id) == 10):
        raise ClientError(SERVICE, "a Key ID has 10 letters and digits")
    if not 0 < lifetime <= MAX_LIFETIME:
        raise ClientError(SERVICE, "a developer token may last at most six months")
    try:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
    except (ValueError, TypeError) as e:
        raise ClientError(SERVICE, "that file is not a MusicKit private key (.p8)") from e
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ClientError(SERVICE, "a MusicKit key is a P-256 elliptic-curve key; this is not")
    header = {"alg": "ES256", "kid": key_id, "typ": "JWT"}
    issued = int(now)
    claims = {"iss": team_id, "iat": issued, "exp": issued + int(lifetime)}
    signing_input = f"{_b64_json(header)}.{_b64_json(claims)}".encode("ascii")
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")  # JWS wants raw r‖s, not DER
    return f"{signing_input.decode('ascii')}.{_b64(signature)}"


def developer_token_expiry(token: str) -> float | None:
    """The ``exp`` claim of a developer token (not verified: only Apple can), or ``None``."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, TypeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) else None


def check_developer_token(token: str, now: float) -> None:
    """Refuse a pasted token that is not a JWT or has expired, before any request."""
    expiry = developer_token_expiry(token)
    if expiry is None:
        raise ClientError(SERVICE, "that is not a developer token (a JWT with an expiry)")
    if expiry <= now:
        raise ClientError(SERVICE, "that developer token has expired; make a new one")


class AppleMusicTokens:
    """Both tokens, kept together in one ``SecretStore`` entry (JSON) under ``secret_name``.

    Satisfies the transport's ``BearerTokens`` with the developer token. Nothing refreshes
    either token: a 401 means one was revoked or expired, and the user has to reconnect.
    """

    def __init__(self, secrets: SecretStore, secret_name: str, clock: Clock) -> None:
        self._secrets = secrets
        self._name = secret_name
        self._clock = clock

    def save(self, developer_token: str, user_token: str) -> None:
        value = {"developer_token": developer_token, "music_user_token": user_token}
        self._secrets.set(self._name, json.dumps(value))

    def forget(self) -> None:
        self._secrets.delete(self._name)

    def _stored(self, field: str) -> str:
        raw = self._secrets.get(self._name)
        try:
            value = json.loads(raw).get(field) if raw else None
        except (ValueError, AttributeError):
            value = None
        if not isinstance(value, str) or not value:
            raise NeedsReauth(SERVICE, "not signed in")
        return value

    def developer_token(self) -> str:
        return self._stored("developer_token")

    def user_token(self) -> str:
        return self._stored("music_user_token")

    def access_token(self) -> str:
        return self.developer_token()

    def refresh_after_401(self, rejected: str) -> str:
        expiry = developer_token_expiry(rejected)
        if expiry is not None and expiry <= self._clock.now():
            raise NeedsReauth(SERVICE, "reconnect needed: the developer token has expired")
        raise NeedsReauth(SERVICE, "reconnect needed: Apple refused the developer token")


class MusicUserTokenAuth(httpx.Auth):
    """Adds the ``Music-User-Token`` header to every request (an httpx ``Auth`` flow)."""

    def __init__(self, tokens: AppleMusicTokens) -> None:
        self._tokens = tokens

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[USER_TOKEN_HEADER] = self._tokens.user_token()
        yield request


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64_json(value: object) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())
