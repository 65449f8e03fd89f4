"""Service ids as the CLI contract defines them (``cli.md``, "Service names and ids")."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

_SPOTIFY_URI = re.compile(r"^spotify:(?P<kind>[a-z]+):(?P<id>[0-9A-Za-z]{22})$")
_SPOTIFY_URL = re.compile(r"^https?://open\.spotify\.com/(?P<kind>[a-z]+)/(?P<id>[0-9A-Za-z]{22})")
_MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_YOUTUBE_ID = re.compile(r"^[0-9A-Za-z_-]{11}$")
_YOUTUBE_WATCH = re.compile(r"[?&]v=(?P<id>[0-9A-Za-z_-]{11})")


def spotify_id(uri: str, kind: str) -> str:
    """The 22-character id of a ``spotify:<kind>:<id>`` URI (or an open.spotify.com URL).

    Raises ``ValueError`` for anything else, so a damaged export is reported, not half-read.
    """
    match = _SPOTIFY_URI.match(uri.strip()) or _SPOTIFY_URL.match(uri.strip())
    if not match or match.group("kind") != kind:
        raise ValueError(f"not a Spotify {kind} URI: {uri[:60]!r}")
    return match.group("id")


def spotify_local(uri: str) -> tuple[str, str, str, int | None]:
    """``spotify:local:Artist:Album:Title:Seconds`` → (artist, album, title, duration_ms).

    The parts are ``+``/percent encoded; any of them may be empty.
    """
    parts = uri.split(":")
    if len(parts) < 5 or parts[:2] != ["spotify", "local"]:
        raise ValueError(f"not a Spotify local-file URI: {uri[:60]!r}")
    artist, album, title = (unquote_plus(p) for p in parts[2:5])
    seconds = parts[5] if len(parts) > 5 else ""
    duration = int(seconds) * 1000 if seconds.isdigit() else None
    return artist, album, title, duration


def mbid(value: str | None) -> str | None:
    """A MusicBrainz id if ``value`` is one (lower-cased), else ``None``."""
    if not value:
        return None
    candidate = value.strip().lower()
    return candidate if _MBID.match(candidate) else None


def youtube_id(value: str) -> str:
    """A YouTube video id, from a bare id (Takeout may prefix it with a space) or a watch URL."""
    text = value.strip()
    if _YOUTUBE_ID.match(text):
        return text
    match = _YOUTUBE_WATCH.search(text.replace("\\u003d", "="))
    if match:
        return match.group("id")
    raise ValueError(f"not a YouTube video id: {value[:60]!r}")
