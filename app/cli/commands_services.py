"""Commands that talk to streaming services: connect, disconnect, sync (shared/docs/cli.md).

Tokens live only in the OS keyring: without one, these commands refuse rather than write a
token anywhere else. ``connect`` asks for the "import" consent (or takes ``--allow-import``)
before anything is fetched; ``sync`` returns when every job is done or parked, and a parked job
is not an error: it shows in ``status`` with ``paused_until`` and ``reason``.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from app.cli import _context as ctx
from app.cli._apple_music import apple_music_credentials
from app.cli._context import EXIT_BAD_INPUT, EXIT_SERVICE, CliError, emit, open_profile_library
from app.core.service_apple import STOREFRONT_SETTING
from app.core.service_kinds import Credentials
from app.core.sign_out import sign_out_note
from app.core.syncing import CONNECTABLE, Services, SyncReport
from connectors._jobs import SystemClock
from domain import SERVICES, Account
from store import Library
from store.rows import iso, to_ms
from store.secrets import KeyringSecrets

_WHAT_IS_IMPORTED = {
    "spotify": "your liked songs, playlists and recently played tracks",
    "deezer": "your playlists (and, signed in, your Favourite tracks)",
    "lastfm": "your scrobbles and loved tracks",
    "listenbrainz": "your listens",
    "youtube_music": "your playlists and liked videos",
    "apple_music": "your library songs, playlists and recently played tracks",
}

#: Secrets are never command-line arguments: they come from the environment or a hidden prompt.
_SECRET_ENV = {
    "listenbrainz": ("MIXTAPE_LISTENBRAINZ_TOKEN", "ListenBrainz user token"),
    "deezer": ("MIXTAPE_DEEZER_SECRET", "Secret of your Deezer app"),
    "lastfm": ("MIXTAPE_LASTFM_SECRET", "Shared secret of your Last.fm API account"),
    "youtube_music": ("MIXTAPE_YOUTUBE_MUSIC_SECRET", "Client secret of your Google OAuth client"),
}


def _secret_for(service: str, needed: bool) -> str | None:
    if service not in _SECRET_ENV or not needed:
        return None
    env, label = _SECRET_ENV[service]
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"set {env} (the {label.lower()}) or run in a terminal")
    return getpass.getpass(f"{label}: ")


def _services(lib: Library) -> Services:
    secrets = KeyringSecrets.available()
    if secrets is None:
        raise CliError(
            "no OS keyring is available; Mixtape keeps service sign-ins only in the keyring",
            EXIT_SERVICE,
        )
    return Services(lib, secrets, SystemClock(), os.environ)


def _check_service(service: str) -> None:
    if service not in SERVICES:
        raise CliError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    if service not in CONNECTABLE:
        raise CliError(f"connecting {service} is not available yet", EXIT_BAD_INPUT)


def _account_json(account: Account) -> dict[str, object]:
    return {
        "service": account.service,
        "account": account.account_id,
        "display_name": account.display_name,
        "state": account.state,
        "last_sync": iso(to_ms(account.last_sync)),
        "paused_until": iso(to_ms(account.paused_until)),
        "reason": account.reason,
    }


def connect(
    service: Annotated[
        str,
        typer.Argument(help="spotify, deezer, lastfm, listenbrainz, youtube_music or apple_music."),
    ],
    client_id: Annotated[
        str | None,
        typer.Option(
            "--client-id",
            help="Your app's Client ID (Spotify, YouTube Music), app id (Deezer) or API key"
            " (Last.fm).",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="Deezer without an app: whose public playlists to read."),
    ] = None,
    allow_import: Annotated[
        bool | None,
        typer.Option(
            "--allow-import/--no-import",
            help="Consent to importing this service's library (asked when not given).",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds to wait for the browser sign-in.")
    ] = 300.0,
    allow_write_back: Annotated[
        bool,
        typer.Option(
            "--allow-write-back",
            help="Consent to writing playlists to this service (transfers).",
        ),
    ] = False,
    device: Annotated[
        bool,
        typer.Option(
            "--device",
            help="YouTube Music: sign in with a code on another device instead of a browser"
            " here (needs a “TVs and Limited Input devices” OAuth client).",
        ),
    ] = False,
    daily_quota: Annotated[
        int | None,
        typer.Option(
            "--daily-quota",
            min=1,
            help="YouTube Music: the daily quota units of your Google project (10000).",
        ),
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            help="Apple Music: make the developer token from your MusicKit key"
            " (AuthKey_KEYID.p8); else MIXTAPE_APPLE_MUSIC_DEVELOPER_TOKEN or a prompt.",
        ),
    ] = None,
    team_id: Annotated[
        str | None, typer.Option("--team-id", help="Apple Music: your Apple Developer Team ID.")
    ] = None,
    key_id: Annotated[
        str | None, typer.Option("--key-id", help="Apple Music: the MusicKit key's Key ID.")
    ] = None,
    storefront: Annotated[
        str | None,
        typer.Option("--storefront", help="Apple Music: the catalog country (us, gb…)."),
    ] = None,
    paste_user_token: Annotated[
        bool,
        typer.Option(
            "--paste-user-token",
            help="Apple Music: give the Music User Token (MIXTAPE_APPLE_MUSIC_USER_TOKEN or a"
            " prompt) instead of signing in on the MusicKit page in your browser.",
        ),
    ] = False,
) -> None:
    """Sign in to a service in your browser and connect it to this library."""
    _check_service(service)
    if allow_import is None:
        if not sys.stdin.isatty():
            raise CliError("say --allow-import (or --no-import) to decide about importing")
        allow_import = typer.confirm(
            f"Allow Mixtape to import {_WHAT_IS_IMPORTED.get(service, 'your library')} "
            f"from {service} into this library?",
            default=True,
        )
    with open_profile_library() as lib:
        services = _services(lib)
        services.grant(service, "import", allow_import)
        if allow_write_back:
            services.grant(service, "write_back", True)

        def show_url(url: str) -> None:
            if not ctx.OPTIONS.json:
                ctx.err.print("Opening your browser to sign in. If it does not open, visit:")
                ctx.err.print(url, markup=False, soft_wrap=True)

        needs_secret = service in ("listenbrainz", "youtube_music") or (
            service in ("deezer", "lastfm") and client_id is not None
        )
        if daily_quota is not None and service == "youtube_music":
            services.accounts.set_setting("youtube_music.daily_quota", str(daily_quota))

        def show_code(url: str, code: str) -> None:
            # Even with --json: the person at the terminal needs it (stderr, not the JSON).
            ctx.err.print(f"On any device, open {url} and enter the code: {code}", markup=False)

        secret = _secret_for(service, needs_secret)
        creds = Credentials(
            client_id=client_id,
            secret=None if service == "listenbrainz" else secret,
            token=secret if service == "listenbrainz" else None,
            user=user,
            device=device,
        )
        if service == "apple_music":
            creds = apple_music_credentials(
                key_file, team_id, key_id, paste_user_token, services.clock
            )
            if storefront:
                services.accounts.set_setting(STOREFRONT_SETTING, storefront.strip().lower())
        account = services.connect(
            service,
            client_id=client_id,
            show_url=show_url,
            timeout=timeout,
            credentials=creds,
            show_code=show_code,
        )
    consents = {"import": allow_import, **({"write_back": True} if allow_write_back else {})}
    doc = {**_account_json(account), "consents": consents}
    emit(
        doc,
        lambda: ctx.out.print(
            f"Connected {service} as {account.display_name or account.account_id}"
        ),
    )


def disconnect(service: Annotated[str, typer.Argument(help="The service to disconnect.")]) -> None:
    """Sign out of a service: its tokens are deleted from the keyring (and revoked where the
    service allows it; otherwise the line printed says where to remove Mixtape's access); the
    library keeps what was imported."""
    if service not in SERVICES:
        raise CliError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    with open_profile_library() as lib:
        done = _services(lib).sign_out(service)
    note = sign_out_note(service, done.removed, done.revoked)
    doc = {
        "service": service,
        "removed": [_account_json(a) for a in done.removed],
        "revoked": done.revoked,
        "note": note,
    }
    emit(doc, lambda: ctx.out.print(note, markup=False))


def sync(
    service: Annotated[str | None, typer.Argument(help="Only this service.")] = None,
) -> None:
    """Bring the library up to date with connected services (incremental)."""
    if service is not None and service not in SERVICES:
        raise CliError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    with open_profile_library() as lib:
        report = _services(lib).sync([service] if service else None)
    _show_sync(report)


def _show_sync(report: SyncReport) -> None:
    doc = {
        "jobs": [
            {
                "service": j.service,
                "account": j.account_id,
                "stream": j.stream,
                "status": j.status,
                "reason": j.reason,
                "not_before": iso(to_ms(j.not_before)),
                "error": j.last_error if j.status == "failed" else None,
            }
            for j in report.jobs
        ],
        "skipped": report.skipped,
        "accounts": [_account_json(a) for a in report.accounts],
    }

    def human() -> None:
        table = Table("service", "what", "result", box=None)
        for j in report.jobs:
            result: str = j.status
            if j.status == "parked":
                until = iso(to_ms(j.not_before))
                result = f"paused ({j.reason})" + (f" until {until}" if until else "")
            table.add_row(j.service, j.stream.replace("_", " "), result)
        ctx.out.print(table)
        for skipped, why in report.skipped.items():
            ctx.out.print(f"{skipped}: not synced ({why})")

    emit(doc, human)
    if report.failed:
        raise CliError(report.failed[0].last_error or "a sync job failed", EXIT_SERVICE)


def register(app: typer.Typer) -> None:
    app.command()(connect)
    app.command()(disconnect)
    app.command()(sync)
