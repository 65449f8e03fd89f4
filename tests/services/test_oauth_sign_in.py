"""Sign-in through the real loopback helper against the fake's /authorize and /api/token."""

from __future__ import annotations

import json

import httpx
import pytest

from app.core.syncing import Services
from connectors._endpoints import endpoints_for
from connectors._oauth import LoopbackRedirect, OAuthClient, OAuthSession, sign_in_with_pkce
from connectors.errors import LoginCancelled, NeedsReauth
from connectors.spotify_api import spotify_oauth_client
from tests.fakes.browser import open_in_thread, visit
from tests.fakes.clock import FakeClock
from tests.fakes.spotify import FakeSpotify
from tests.services.support import MemorySecrets, connect


def _client(fake: FakeSpotify) -> OAuthClient:
    return spotify_oauth_client(fake.client_id, endpoints_for("spotify", fake.environ))


def test_pkce_sign_in_through_the_loopback_gets_tokens(fake: FakeSpotify, clock: FakeClock) -> None:
    with httpx.Client() as http:
        tokens = sign_in_with_pkce(_client(fake), http, clock, open_browser=open_in_thread)
    assert tokens.access_token in fake.access_tokens
    assert tokens.refresh_token in fake.refresh_tokens
    assert tokens.expires_at == pytest.approx(clock.now() + 3600)
    assert "AT-" not in repr(tokens)


def test_a_redirect_with_the_wrong_state_is_rejected_and_the_attempt_times_out(
    fake: FakeSpotify, clock: FakeClock
) -> None:
    fake.tamper_state = True
    with httpx.Client() as http, pytest.raises(LoginCancelled, match="timed out"):
        sign_in_with_pkce(_client(fake), http, clock, open_browser=open_in_thread, timeout=1.0)
    assert fake.token_requests == []  # the forged code was never exchanged


def test_the_loopback_answers_400_to_a_foreign_state_and_keeps_waiting() -> None:
    with LoopbackRedirect("expected-state") as redirect:
        assert visit(redirect.redirect_uri + "?code=x&state=other") == 400
        assert redirect.wait(0.2) is None
        open_in_thread(redirect.redirect_uri + "?code=good&state=expected-state")
        result = redirect.wait(5)
    assert result is not None
    assert result.code == "good"
    assert redirect.redirect_uri.startswith("http://127.0.0.1:")


def test_timeout_is_a_clean_cancel_that_saves_nothing(
    services: Services, secrets: MemorySecrets
) -> None:
    services.grant("spotify", "import")
    with pytest.raises(LoginCancelled):
        services.connect(
            "spotify", client_id="fake-client-id", open_browser=lambda url: True, timeout=0.3
        )
    assert secrets.values == {}
    assert services.accounts.accounts() == []


def test_declining_in_the_browser_cancels(fake: FakeSpotify, clock: FakeClock) -> None:
    fake.deny = True
    with httpx.Client() as http, pytest.raises(LoginCancelled, match="declined"):
        sign_in_with_pkce(_client(fake), http, clock, open_browser=open_in_thread, timeout=5)


def test_connect_saves_the_account_and_keeps_tokens_only_in_the_secret_store(
    services: Services, fake: FakeSpotify, secrets: MemorySecrets
) -> None:
    connect(services, fake)
    (account,) = services.accounts.accounts()
    assert (account.service, account.account_id, account.display_name) == (
        "spotify",
        "wizzler",
        "Wizzler",
    )
    stored = json.loads(secrets.values[account.token_ref or ""])
    assert stored["refresh_token"] in fake.refresh_tokens
    raw = services.library.profile.db_path.read_bytes()
    assert stored["access_token"].encode() not in raw


def test_refresh_rotates_and_saves_the_new_refresh_token(
    services: Services, fake: FakeSpotify, secrets: MemorySecrets, clock: FakeClock
) -> None:
    connect(services, fake)
    name = services.secret_name("spotify")
    first = json.loads(secrets.values[name])["refresh_token"]
    clock.advance(3600)  # the access token is now expired
    with httpx.Client() as http:
        session = OAuthSession(_client(fake), secrets, name, http, clock)
        session.access_token()
    second = json.loads(secrets.values[name])["refresh_token"]
    assert second != first
    assert second in fake.refresh_tokens
    assert first not in fake.refresh_tokens


def test_invalid_grant_means_reconnect_needed_without_a_retry_loop(
    fake: FakeSpotify, secrets: MemorySecrets, clock: FakeClock, services: Services
) -> None:
    connect(services, fake)
    fake.revoke_refresh_tokens()
    clock.advance(3600)
    before = len(fake.token_requests)
    with httpx.Client() as http:
        session = OAuthSession(_client(fake), secrets, services.secret_name("spotify"), http, clock)
        with pytest.raises(NeedsReauth):
            session.access_token()
    assert len(fake.token_requests) - before == 1
