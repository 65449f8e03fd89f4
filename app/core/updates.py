"""Tells the user "a new version is available": a polite check against a releases JSON file.

It only *tells* the user (version, notes, a link to the download page they open themselves);
Mixtape never downloads or replaces itself. The user can turn the check off (a preference the
caller passes as ``enabled``), and builds can turn it off entirely: distribution packages that
update through their own channel set ``MIXTAPE_DISABLE_UPDATE_CHECK=1`` or patch
:data:`UPDATES_ENABLED`. The check runs at most once per :data:`CHECK_INTERVAL_S`, asks one URL,
sends nothing about the user but a plain ``User-Agent: Mixtape/<version>``, and any failure
(offline, bad JSON, a slow server) is silent: it is not worth a dialog.

Releases JSON (what ``releases.json`` next to the downloads looks like)::

    {"releases": [{"version": "0.2.0", "url": "https://…/0.2.0", "notes": "…",
                   "published": "2026-12-01"}, …]}
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

logger = logging.getLogger(__name__)

#: Builds may set this to False (or set MIXTAPE_DISABLE_UPDATE_CHECK=1) to remove the check.
UPDATES_ENABLED = True
DISABLE_ENV = "MIXTAPE_DISABLE_UPDATE_CHECK"
URL_ENV = "MIXTAPE_UPDATE_URL"
RELEASES_URL = "https://mixtape.example.org/releases.json"
CHECK_INTERVAL_S = 24 * 3600
TIMEOUT_S = 5.0
MAX_BYTES = 256 * 1024
MAX_NOTES_CHARS = 2000

_VERSION = re.compile(r"^v?(\d+(?:\.\d+){0,3})(?:(a|b|rc|\.dev)\d*)?$")


@dataclass(frozen=True, slots=True)
class Update:
    version: str
    url: str  # the release page; the user opens it, we never fetch what it points to
    notes: str = ""
    published: str = ""


def build_allows_checks() -> bool:
    return UPDATES_ENABLED and os.environ.get(DISABLE_ENV, "").strip() not in ("1", "true", "yes")


def releases_url() -> str:
    return os.environ.get(URL_ENV) or RELEASES_URL


def parse_version(text: str) -> tuple[tuple[int, ...], bool] | None:
    """``(numbers, is_prerelease)``, or None for something that is not a version."""
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    numbers = tuple(int(x) for x in match.group(1).split("."))
    return numbers + (0,) * (4 - len(numbers)), match.group(2) is not None


def _allowed_url(url: str) -> bool:
    """https anywhere; plain http only on loopback (tests, a local mirror)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def newest_release(document: Any, current: str, prereleases: bool = False) -> Update | None:
    """The newest release above ``current`` in a releases document, if any (untrusted input)."""
    releases = document.get("releases") if isinstance(document, dict) else None
    mine = parse_version(current)
    if not isinstance(releases, list) or mine is None:
        return None
    best: tuple[tuple[int, ...], Update] | None = None
    for entry in releases[:500]:
        if not isinstance(entry, dict):
            continue
        version, url = entry.get("version"), entry.get("url")
        if not isinstance(version, str) or not isinstance(url, str) or not _allowed_url(url):
            continue
        parsed = parse_version(version)
        if parsed is None or (parsed[1] and not prereleases) or parsed[0] <= mine[0]:
            continue
        notes = entry.get("notes") if isinstance(entry.get("notes"), str) else ""
        published = entry.get("published") if isinstance(entry.get("published"), str) else ""
        update = Update(version.strip(), url, str(notes)[:MAX_NOTES_CHARS], str(published)[:40])
        if best is None or parsed[0] > best[0]:
            best = (parsed[0], update)
    return best[1] if best else None


def fetch_releases(url: str, current: str, timeout: float = TIMEOUT_S) -> Any:
    """The releases document at ``url`` (capped in size and time); raises on any problem."""
    if not _allowed_url(url):
        raise ValueError("the releases URL must be https")
    headers = {"User-Agent": f"Mixtape/{current}", "Accept": "application/json"}
    with (
        httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client,
        client.stream("GET", url) as response,
    ):
        response.raise_for_status()
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_BYTES:
                raise ValueError("the releases file is too large")
    return json.loads(bytes(body).decode("utf-8"))


def check_for_update(
    current: str,
    *,
    enabled: bool,
    state_file: Path | None = None,
    url: str | None = None,
    now: float | None = None,
    force: bool = False,
) -> Update | None:
    """A newer release, or None (also when off, checked recently, offline or anything failed).

    ``enabled`` is the user's preference; the build can override it (:func:`build_allows_checks`).
    ``state_file`` remembers when we last asked, so the check runs at most once a day.
    """
    if not enabled or not build_allows_checks():
        return None
    now = time.time() if now is None else now
    if state_file is not None and not force:
        last = _last_check(state_file)
        if last is not None and 0 <= now - last < CHECK_INTERVAL_S:
            return None
    try:
        document = fetch_releases(url or releases_url(), current)
    except (httpx.HTTPError, ValueError, UnicodeDecodeError) as e:
        logger.info("update check failed: %s", type(e).__name__)
        return None
    finally:
        if state_file is not None:
            _remember_check(state_file, now)
    return newest_release(document, current)


def _last_check(state_file: Path) -> float | None:
    try:
        value = json.loads(state_file.read_text(encoding="utf-8")).get("last_check")
    except (OSError, ValueError, AttributeError):
        return None
    return float(value) if isinstance(value, int | float) else None


def _remember_check(state_file: Path, when: float) -> None:
    try:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps({"last_check": when}), encoding="utf-8")
    except OSError:
        logger.info("could not record the update check time")
