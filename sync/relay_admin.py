"""The relay's HTTP endpoints (relay/PROTOCOL.md, "HTTP"): create, delete, rotate the token."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import httpx

from sync.crypto import token_hash
from sync.errors import RelayFailure

TIMEOUT_S = 10.0


def normalize_relay_url(url: str) -> str:
    """``ws://host:port`` (or ``wss://``) from a ws/wss/http/https URL, without a path."""
    parts = urlsplit(url.strip())
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise RelayFailure(f"not a relay URL: {url!r} (use ws://host:port or https://host)")
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def http_base(relay_url: str) -> str:
    parts = urlsplit(relay_url)
    scheme = "https" if parts.scheme == "wss" else "http"
    return urlunsplit((scheme, parts.netloc, parts.path, "", ""))


def ws_url(relay_url: str, doc_id: str) -> str:
    return f"{relay_url}/v1/docs/{doc_id}"


def _call(method: str, url: str, token: str | None = None, body: object = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        return httpx.request(method, url, json=body, headers=headers, timeout=TIMEOUT_S)
    except httpx.HTTPError as e:
        raise RelayFailure(f"the relay is unreachable ({type(e).__name__})") from e


def _check(response: httpx.Response, expected: int, what: str) -> None:
    if response.status_code == expected:
        return
    try:
        code = str(response.json().get("error"))
    except ValueError:
        code = f"http_{response.status_code}"
    raise RelayFailure(f"the relay refused to {what} ({code})", code)


def create_doc(relay_url: str, doc_id: str, token: str) -> None:
    body = {"doc_id": doc_id, "token_hash": token_hash(token)}
    response = _call("POST", f"{http_base(relay_url)}/v1/docs", body=body)
    _check(response, 201, "create the shared playlist")


def delete_doc(relay_url: str, doc_id: str, token: str) -> None:
    response = _call("DELETE", f"{http_base(relay_url)}/v1/docs/{doc_id}", token)
    if response.status_code != 404:  # already gone is fine
        _check(response, 204, "delete the shared playlist")


def rotate_token(relay_url: str, doc_id: str, old_token: str, new_token: str) -> None:
    url = f"{http_base(relay_url)}/v1/docs/{doc_id}/token"
    response = _call("PUT", url, old_token, {"token_hash": token_hash(new_token)})
    _check(response, 204, "rotate the access token")
