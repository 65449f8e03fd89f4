"""Connecting services and syncing them: the glue between connectors, scheduler and store.

``Services`` is built per command (or per GUI task) with the library, the secret store, a
clock and the environment (for the endpoint overrides). ``connect`` records the consent the
user gave, signs in and saves the account; ``sync`` makes sure every stream of every connected
account has a job, runs the scheduler until each job is done or parked, and writes each
account's health (what ``status`` shows). Consent gate: nothing is fetched for a service
without its "import" consent.
"""

from __future__ import annotations

import logging
import webbrowser
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import httpx

from app.core.service_kinds import (
    Credentials,
    SignInContext,
    build_connector,
    sign_in,
    streams_for,
)
from app.core.service_youtube import revoke_youtube, youtube_connector, youtube_quota
from app.core.sign_out import SignedOut
from app.core.sync_streams import StreamContext
from app.core.transfer_targets import open_target, target_services
from connectors._endpoints import endpoints_for
from connectors._jobs import Clock, DailyQuota, Scheduler, ServiceGate, as_datetime
from connectors._oauth import OAuthClient, OAuthSession, SecretStore, sign_in_with_pkce
from connectors._transport import DEFAULT_TIMEOUT
from connectors.errors import ClientError
from connectors.live import AccountInfo
from connectors.spotify_api import (
    READ_SCOPES,
    WRITE_SCOPES,
    SpotifyConnector,
    spotify_oauth_client,
)
from connectors.youtube_api import YouTubeConnector
from domain import Account, Consent
from domain.jobs import Job
from domain.model import AccountState
from store import Library
from store.accounts import ServiceAccounts
from store.quota import QuotaLedger

logger = logging.getLogger(__name__)

#: Services that can be connected today (the CLI contract names more).
CONNECTABLE = ("spotify", "deezer", "lastfm", "listenbrainz", "youtube_music", "apple_music")
JOB_KIND = "sync"


@dataclass
class SyncReport:
    jobs: list[Job] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # service → why it was not synced
    accounts: list[Account] = field(default_factory=list)

    @property
    def failed(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "failed"]


class Services:
    def __init__(
        self,
        library: Library,
        secrets: SecretStore,
        clock: Clock,
        environ: Mapping[str, str],
    ) -> None:
        self.library = library
        self.accounts = ServiceAccounts(library)
        self.secrets = secrets
        self.clock = clock
        self.environ = environ
        self._gates: dict[str, ServiceGate] = {}

    def now(self) -> datetime:
        return as_datetime(self.clock.now())

    def secret_name(self, service: str) -> str:
        return f"{self.library.profile.keyring_user}:{service}:oauth"

    def app_secret_name(self, service: str) -> str:
        """Where the secret of the user's own app (Deezer, Last.fm) is kept."""
        return f"{self.library.profile.keyring_user}:{service}:app-secret"

    # -- connect / disconnect -------------------------------------------------------------
    def connect(
        self,
        service: str,
        *,
        client_id: str | None,
        open_browser: Callable[[str], bool] = webbrowser.open,
        show_url: Callable[[str], None] | None = None,
        timeout: float = 300.0,
        credentials: Credentials | None = None,
        poll_every: float = 3.0,
        show_code: Callable[[str, str], None] | None = None,
    ) -> Account:
        """Sign in (the caller has asked the user for the import consent and records it)."""
        _require_connectable(service)
        if service != "spotify":
            creds = credentials or Credentials()
            return self._connect_other(
                service,
                replace(creds, client_id=client_id),
                open_browser,
                show_url,
                timeout,
                poll_every,
                show_code,
            )
        client_id = client_id or self.accounts.setting(f"{service}.client_id")
        if not client_id:
            raise ClientError(service, "a Client ID is needed (--client-id); see the setup guide")
        oauth = self._oauth_client(service, client_id)
        if self.accounts.has_consent(service, "write_back"):
            oauth = replace(oauth, scopes=READ_SCOPES + WRITE_SCOPES)
        with httpx.Client(timeout=DEFAULT_TIMEOUT) as http:
            tokens = sign_in_with_pkce(
                oauth,
                http,
                self.clock,
                open_browser=open_browser,
                show_url=show_url,
                timeout=timeout,
            )
            session = OAuthSession(oauth, self.secrets, self.secret_name(service), http, self.clock)
            session.save(tokens)
            connector = self._connector(service, session)
            try:
                info = connector.account()
            finally:
                connector.close()
        self.accounts.set_setting(f"{service}.client_id", client_id)
        return self._save_connection(service, info, tokens.scopes)

    def _connect_other(
        self,
        service: str,
        creds: Credentials,
        open_browser: Callable[[str], bool],
        show_url: Callable[[str], None] | None,
        timeout: float,
        poll_every: float,
        show_code: Callable[[str, str], None] | None = None,
    ) -> Account:
        with httpx.Client(timeout=DEFAULT_TIMEOUT) as http:
            done = sign_in(
                service,
                creds,
                SignInContext(
                    endpoints=endpoints_for(service, self.environ),
                    gate=self.gate(service),
                    secrets=self.secrets,
                    secret_name=self.secret_name(service),
                    app_secret_name=self.app_secret_name(service),
                    http=http,
                    open_browser=open_browser,
                    show_url=show_url,
                    timeout=timeout,
                    poll_every=poll_every,
                    show_code=show_code,
                    write_back=self.accounts.has_consent(service, "write_back"),
                    quota=self._quota(service),
                ),
            )
        if creds.client_id:
            self.accounts.set_setting(f"{service}.client_id", creds.client_id)
        return self._save_connection(service, done.info, done.scopes)

    def _save_connection(self, service: str, info: AccountInfo, scopes: tuple[str, ...]) -> Account:
        for stale in self.accounts.accounts(service):
            if stale.account_id != info.account_id:
                self.accounts.remove_account(service)
        account = Account(
            service=service,
            account_id=info.account_id,
            display_name=info.display_name,
            scopes=scopes,
            token_ref=self.secret_name(service),
            state="ok",
        )
        self.accounts.save_account(account)
        self._requeue_sign_in_jobs(service)
        return account

    def grant(self, service: str, purpose: str, granted: bool = True) -> None:
        self.accounts.set_consent(Consent(service, purpose, granted, self.now()))

    def disconnect(self, service: str) -> list[Account]:
        """Forget the tokens and the connection (``sign_out``); the accounts removed."""
        return self.sign_out(service).removed

    def sign_out(self, service: str) -> SignedOut:
        """Forget the tokens and the connection. Only Google has a revocation endpoint: the
        YouTube sign-in is revoked first (best effort: offline, it is still forgotten here,
        and ``revoked`` is False so the user is told). For the others see
        ``app.core.sign_out``. Library data stays."""
        revoked: bool | None = None
        if service == "youtube_music":  # the only one with a revocation endpoint
            revoked = revoke_youtube(
                self.secrets, self.secret_name(service), endpoints_for(service, self.environ)
            )
        self.secrets.delete(self.secret_name(service))
        self.secrets.delete(self.app_secret_name(service))
        return SignedOut(self.accounts.remove_account(service), revoked)

    # -- sync -----------------------------------------------------------------------------
    def sync(self, services: list[str] | None = None) -> SyncReport:
        report = SyncReport()
        accounts = [
            a for a in self.accounts.accounts() if services is None or a.service in services
        ]
        for wanted in services or ():
            if not any(a.service == wanted for a in accounts):
                report.skipped[wanted] = "not connected"
        jobs: list[Job] = []
        for account in accounts:
            if not self.accounts.has_consent(account.service, "import"):
                report.skipped[account.service] = "no consent to import"
                continue
            if account.service not in CONNECTABLE:
                report.skipped[account.service] = "sync not available yet"
                continue
            jobs.extend(self._jobs_for(account))
        connectors: dict[str, Any] = {}
        clients: list[httpx.Client] = []
        by_service = {a.service: a for a in accounts}

        def handle(job: Job) -> None:
            connector = connectors.get(job.service)
            if connector is None:
                http = httpx.Client(timeout=DEFAULT_TIMEOUT)
                clients.append(http)
                connector = connectors[job.service] = self._sync_connector(
                    by_service[job.service], http
                )
            ctx = StreamContext(self.library, self.accounts, job.service, job.account_id, self.now)
            stream = streams_for(by_service[job.service]).get(job.stream)
            if stream is None:
                raise ClientError(job.service, f"unknown stream {job.stream!r}")
            stream(connector, ctx)

        scheduler = Scheduler(self.clock, {JOB_KIND: handle}, self._persist)
        try:
            scheduler.run(jobs)
        finally:
            for connector in connectors.values():
                connector.close()
            for http in clients:
                http.close()
            for gate in self._gates.values():
                self.accounts.save_rate_state(gate.snapshot())
        report.jobs = jobs
        for account in accounts:
            if account.service not in report.skipped:
                mine = [j for j in jobs if j.service == account.service]
                self.accounts.save_account(_health(account, mine, self.now()))
        report.accounts = self.accounts.accounts()
        return report

    def _jobs_for(self, account: Account) -> list[Job]:
        existing = [
            j
            for j in self.accounts.unfinished_jobs(account.service)
            if j.account_id == account.account_id
        ]
        have = {j.stream for j in existing}
        for stream in streams_for(account):
            if stream not in have:
                job = Job(account.service, account.account_id, JOB_KIND, stream)
                self._persist(job)
                existing.append(job)
        return existing

    def _requeue_sign_in_jobs(self, service: str) -> None:
        for job in self.accounts.unfinished_jobs(service):
            if job.status == "parked" and job.reason == "needs_sign_in":
                job.status, job.reason, job.not_before = "queued", None, None
                self._persist(job)

    def _persist(self, job: Job) -> None:
        self.accounts.save_job(job, self.now())

    # -- transfers ----------------------------------------------------------------------------
    @contextmanager
    def transfer_target(self, service: str) -> Iterator[Any]:
        """A connected target for ``app.core.transfer`` (the registry in ``transfer_targets``)."""
        if service not in target_services():
            raise ClientError(service, "transfers to this service are not available yet")
        if not self.accounts.accounts(service):
            raise ClientError(service, f"not connected; run `mixtape connect {service}` first")
        http = httpx.Client(timeout=DEFAULT_TIMEOUT)
        try:
            connector = open_target(self, service, http)
        except BaseException:
            http.close()
            raise
        try:
            yield connector
        finally:
            connector.close()
            http.close()
            self.accounts.save_rate_state(self.gate(service).snapshot())

    # -- building connectors ----------------------------------------------------------------
    def gate(self, service: str) -> ServiceGate:
        if service not in self._gates:
            self._gates[service] = ServiceGate(
                service, self.clock, state=self.accounts.rate_state(service)
            )
        return self._gates[service]

    def _quota(self, service: str) -> DailyQuota | None:
        """The daily unit quota of a service that has one (YouTube), kept in the library."""
        if service != "youtube_music":
            return None
        return youtube_quota(QuotaLedger(self.library), self.gate(service), self.accounts.setting)

    def youtube(self, http: httpx.Client) -> YouTubeConnector:
        """The signed-in YouTube connector (sync jobs and transfers)."""
        service = "youtube_music"
        return youtube_connector(
            endpoints_for(service, self.environ),
            self.gate(service),
            self.secrets,
            self.secret_name(service),
            self.app_secret_name(service),
            self.accounts.setting,
            http,
            QuotaLedger(self.library),
        )

    def _oauth_client(self, service: str, client_id: str) -> OAuthClient:
        return spotify_oauth_client(client_id, endpoints_for(service, self.environ))

    def _session(self, service: str, http: httpx.Client) -> OAuthSession:
        client_id = self.accounts.setting(f"{service}.client_id") or ""
        oauth = self._oauth_client(service, client_id)
        return OAuthSession(oauth, self.secrets, self.secret_name(service), http, self.clock)

    def _sync_connector(self, account: Account, http: httpx.Client) -> Any:
        service = account.service
        if service == "spotify":
            return self._connector(service, self._session(service, http), http)
        if service == "youtube_music":
            return self.youtube(http)
        return build_connector(
            account,
            endpoints_for(service, self.environ),
            self.gate(service),
            self.secrets,
            self.secret_name(service),
            self.accounts.setting,
            http,
        )

    def _connector(
        self, service: str, session: OAuthSession, http: httpx.Client | None = None
    ) -> SpotifyConnector:
        endpoints = endpoints_for(service, self.environ)
        return SpotifyConnector(endpoints, session, self.gate(service), client=http)


def _require_connectable(service: str) -> None:
    if service not in CONNECTABLE:
        raise ClientError(service, "connecting this service is not available yet")


def _health(account: Account, jobs: list[Job], now: datetime) -> Account:
    parked = [j for j in jobs if j.status == "parked"]
    failed = [j for j in jobs if j.status == "failed"]
    if any(j.reason == "needs_sign_in" for j in parked):
        return _with(account, "needs_sign_in", None, "needs_sign_in")
    if parked:
        times = [j.not_before for j in parked if j.not_before is not None]
        return _with(account, "paused", max(times) if times else None, parked[0].reason)
    if failed:
        return _with(account, "error", None, failed[0].last_error)
    return Account(
        account.service,
        account.account_id,
        account.display_name,
        account.scopes,
        account.token_ref,
        "ok",
        now,
        None,
        None,
    )


def _with(
    account: Account, state: AccountState, until: datetime | None, reason: str | None
) -> Account:
    return replace(account, state=state, paused_until=until, reason=reason)
