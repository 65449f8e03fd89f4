"""What ``mixtape connect apple_music`` asks for: the developer token and the Music User Token.

Secrets are never command-line arguments. The developer token comes from
``MIXTAPE_APPLE_MUSIC_DEVELOPER_TOKEN`` (or a hidden prompt), or Mixtape makes one from the
user's MusicKit key: ``--key-file AuthKey_XXXXXXXXXX.p8 --team-id … --key-id …``. The Music
User Token comes from the MusicKit page opened in the browser, or, with ``--paste-user-token``,
from ``MIXTAPE_APPLE_MUSIC_USER_TOKEN`` (or a hidden prompt).
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from app.cli._context import CliError
from app.core.service_apple import developer_token_from_key
from app.core.service_kinds import Credentials
from connectors._jobs import Clock

DEVELOPER_TOKEN_ENV = "MIXTAPE_APPLE_MUSIC_DEVELOPER_TOKEN"  # noqa: S105 (a variable name)
USER_TOKEN_ENV = "MIXTAPE_APPLE_MUSIC_USER_TOKEN"  # noqa: S105 (a variable name)


def apple_music_credentials(
    key_file: Path | None,
    team_id: str | None,
    key_id: str | None,
    paste_user_token: bool,
    clock: Clock,
) -> Credentials:
    if key_file is not None:
        if not team_id or not key_id:
            raise CliError("--key-file needs --team-id and --key-id too")
        developer_token = developer_token_from_key(key_file, team_id, key_id, clock)
    else:
        developer_token = _secret(DEVELOPER_TOKEN_ENV, "Apple Music developer token")
    user_token = _secret(USER_TOKEN_ENV, "Music User Token") if paste_user_token else None
    return Credentials(secret=developer_token, token=user_token)


def _secret(env: str, label: str) -> str:
    value = os.environ.get(env, "").strip()
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"set {env} (the {label}) or run in a terminal")
    return getpass.getpass(f"{label}: ").strip()
