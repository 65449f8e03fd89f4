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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

import httpx

from app.core.sync_streams import STREAMS, StreamContext
from connectors._endpoints import endpoints_for
from connectors._jobs import Clock, Scheduler, ServiceGate, as_datetime
from connectors._oauth import OAuthClient, OAuthSession, SecretStore, sign_in_with_pkce
from connectors._transport import DEFAULT_TIMEOUT
from connectors.errors import ClientError
from connectors.spotify_api import SpotifyConnector, spotify_oauth_client
from domain import Account, Consent
from domain.jobs import Job
from domain.model import AccountState
from store import Library
from store.accounts import ServiceAccounts

logger = logging.getLogger(__name__)

#: Services that can be connected today (the CLI contract names more).
CONNECTABLE = ("spotify",)
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

    # -- connect / disconnect -------------------------------------------------------------
    def connect(
        self,
        service: str,
        *,
        client_id: str | None,
        open_browser: Callable[[str], bool] = webbrowser.open,
        show_url: Callable[[str], None] | None = None,
        timeout: float = 300.0,
    ) -> Account:
        """Sign in (the caller has asked the user for the import consent and records it)."""
        _require_connectable(service)
        client_id = client_id or self.accounts.setting(f"{service}.client_id")
        if not client_id:
            raise ClientError(service, "a Client ID is needed (--client-id); see the setup guide")
        oauth = self._oauth_client(service, client_id)
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
        for stale in self.accounts.accounts(service):
            if stale.account_id != info.account_id:
                self.accounts.remove_account(service)
        account = Account(
            service=service,
            account_id=info.account_id,
            display_name=info.display_name,
            scopes=tokens.scopes,
            token_ref=self.secret_name(service),
            state="ok",
        )
        self.accounts.save_account(account)
        self._requeue_sign_in_jobs(service)
        return account

    def grant(self, service: str, purpose: str, granted: bool = True) -> None:
        self.accounts.set_consent(Consent(service, purpose, granted, self.now()))

    def disconnect(self, service: str) -> list[Account]:
        """Forget the tokens and the connection. Spotify has no revocation endpoint: the user
        removes the app at spotify.com/account/apps. Library data stays."""
        self.secrets.delete(self.secret_name(service))
        return self.accounts.remove_account(service)

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
        connectors: dict[str, SpotifyConnector] = {}
        clients: list[httpx.Client] = []

        def handle(job: Job) -> None:
            connector = connectors.get(job.service)
            if connector is None:
                http = httpx.Client(timeout=DEFAULT_TIMEOUT)
                clients.append(http)
                connector = connectors[job.service] = self._connector(
                    job.service, self._session(job.service, http), http
                )
            ctx = StreamContext(self.library, self.accounts, job.service, job.account_id, self.now)
            STREAMS[job.stream](connector, ctx)

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
        for stream in STREAMS:
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

    # -- building connectors ----------------------------------------------------------------
    def gate(self, service: str) -> ServiceGate:
        if service not in self._gates:
            self._gates[service] = ServiceGate(
                service, self.clock, state=self.accounts.rate_state(service)
            )
        return self._gates[service]

    def _oauth_client(self, service: str, client_id: str) -> OAuthClient:
        return spotify_oauth_client(client_id, endpoints_for(service, self.environ))

    def _session(self, service: str, http: httpx.Client) -> OAuthSession:
        client_id = self.accounts.setting(f"{service}.client_id") or ""
        oauth = self._oauth_client(service, client_id)
        return OAuthSession(oauth, self.secrets, self.secret_name(service), http, self.clock)

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
