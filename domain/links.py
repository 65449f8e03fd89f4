"""Service links: a track's public URL from ``(service, id)``, and ``(service, id)`` from a URL.

Playlist files (M3U, XSPF, JSPF) identify tracks by URL, so this is how a file written by one
listener finds its way back to a service track in another listener's library. Parsing is lenient
(any host alias, country prefix, tracking query); writing always gives one canonical form:

=============  ==============================================  =================================
service        canonical URL                                   also read
=============  ==============================================  =================================
spotify        https://open.spotify.com/track/ID               ``spotify:track:ID``, /intl-xx/
apple_music    https://music.apple.com/song/ID                 /cc/album/slug/N?i=ID, /cc/song/…
youtube_music  https://music.youtube.com/watch?v=ID            youtube.com/watch, youtu.be/ID
deezer         https://www.deezer.com/track/ID                 /fr/track/ID
tidal          https://tidal.com/browse/track/ID               tidal.com/track, listen.tidal.com
soundcloud     https://soundcloud.com/USER/SLUG                (the id *is* ``USER/SLUG``)
listenbrainz   https://musicbrainz.org/recording/MBID          (scrobbles identified by MBID)
lastfm         https://musicbrainz.org/recording/MBID          (read back as listenbrainz)
=============  ==============================================  =================================

ISRCs travel as ``isrc:CCXXXYYNNNNN`` (the form XSPF/JSPF identifiers use).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from domain.model import ServiceTrack

_SPOTIFY_ID = re.compile(r"[0-9A-Za-z]{22}")
_NUMERIC_ID = re.compile(r"[0-9]{1,20}")
_YOUTUBE_ID = re.compile(r"[0-9A-Za-z_-]{11}")
_MBID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ISRC = re.compile(r"[A-Z]{2}[0-9A-Z]{3}[0-9]{7}")
_SOUNDCLOUD_RESERVED = {"discover", "search", "you", "stream", "upload", "charts", "pages"}

ISRC_PREFIX = "isrc:"


def service_url(track: ServiceTrack) -> str | None:
    """The public URL of ``track`` on its service, or ``None`` when it has none (local files,
    scrobbles without an MBID)."""
    if not track.service_id:
        return None
    return track_url(track.service, track.service_id)


def track_url(service: str, service_id: str) -> str | None:
    """The canonical URL for a track id on a service, or ``None`` for services without URLs."""
    templates = {
        "spotify": "https://open.spotify.com/track/{}",
        "apple_music": "https://music.apple.com/song/{}",
        "youtube_music": "https://music.youtube.com/watch?v={}",
        "deezer": "https://www.deezer.com/track/{}",
        "tidal": "https://tidal.com/browse/track/{}",
        "soundcloud": "https://soundcloud.com/{}",
        "listenbrainz": "https://musicbrainz.org/recording/{}",
        "lastfm": "https://musicbrainz.org/recording/{}",
    }
    template = templates.get(service)
    if template is None:
        return None
    if service in ("listenbrainz", "lastfm") and not _MBID.fullmatch(service_id):
        return None
    return template.format(service_id)


def parse_service_url(url: str) -> tuple[str, str] | None:
    """``(service, service_id)`` for a track URL or URI, or ``None`` if it is not one we know."""
    url = url.strip()
    if url.startswith("spotify:"):
        parts = url.split(":")
        if len(parts) == 3 and parts[1] == "track" and _SPOTIFY_ID.fullmatch(parts[2]):
            return "spotify", parts[2]
        return None
    try:
        parts_ = urlsplit(url if "://" in url else f"https://{url}")
        host = (parts_.hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    path = [p for p in parts_.path.split("/") if p]
    query = parse_qs(parts_.query)
    parser = _PARSERS.get(host)
    return parser(path, query) if parser else None


def parse_isrc(identifier: str) -> str | None:
    """The ISRC in an ``isrc:…`` identifier (hyphens and case forgiven), else ``None``."""
    if identifier[:5].lower() != ISRC_PREFIX:
        return None
    code = identifier[5:].replace("-", "").strip().upper()
    return code if _ISRC.fullmatch(code) else None


Query = dict[str, list[str]]
_Parser = Callable[[list[str], Query], tuple[str, str] | None]


def _spotify(path: list[str], query: Query) -> tuple[str, str] | None:
    if path and path[0].startswith("intl-"):
        path = path[1:]
    if len(path) >= 2 and path[0] == "track" and _SPOTIFY_ID.fullmatch(path[1]):
        return "spotify", path[1]
    return None


def _apple(path: list[str], query: Query) -> tuple[str, str] | None:
    song = query.get("i", [""])[0]
    if song and _NUMERIC_ID.fullmatch(song):
        return "apple_music", song
    if "song" in path and _NUMERIC_ID.fullmatch(path[-1]):
        return "apple_music", path[-1]
    return None


def _youtube(path: list[str], query: Query) -> tuple[str, str] | None:
    video = query.get("v", [""])[0]
    if path == ["watch"] and _YOUTUBE_ID.fullmatch(video):
        return "youtube_music", video
    return None


def _youtu_be(path: list[str], query: Query) -> tuple[str, str] | None:
    if len(path) == 1 and _YOUTUBE_ID.fullmatch(path[0]):
        return "youtube_music", path[0]
    return None


def _numeric_track(service: str) -> _Parser:
    def parse(path: list[str], query: Query) -> tuple[str, str] | None:
        if "track" in path:
            at = path.index("track")
            if at + 1 < len(path) and _NUMERIC_ID.fullmatch(path[at + 1]):
                return service, path[at + 1]
        return None

    return parse


def _soundcloud(path: list[str], query: Query) -> tuple[str, str] | None:
    if len(path) == 2 and path[0] not in _SOUNDCLOUD_RESERVED and path[1] != "sets":
        return "soundcloud", f"{path[0]}/{path[1]}"
    return None


def _musicbrainz(path: list[str], query: Query) -> tuple[str, str] | None:
    if len(path) == 2 and path[0] == "recording" and _MBID.fullmatch(path[1].lower()):
        return "listenbrainz", path[1].lower()
    return None


_PARSERS: dict[str, _Parser] = {
    "open.spotify.com": _spotify,
    "play.spotify.com": _spotify,
    "music.apple.com": _apple,
    "itunes.apple.com": _apple,
    "geo.music.apple.com": _apple,
    "music.youtube.com": _youtube,
    "youtube.com": _youtube,
    "youtu.be": _youtu_be,
    "deezer.com": _numeric_track("deezer"),
    "tidal.com": _numeric_track("tidal"),
    "listen.tidal.com": _numeric_track("tidal"),
    "soundcloud.com": _soundcloud,
    "musicbrainz.org": _musicbrainz,
}


def playlist_url(service: str, playlist_id: str) -> str | None:
    """The public URL of a playlist on its service (library-only ids have none)."""
    templates = {
        "spotify": "https://open.spotify.com/playlist/{}",
        "youtube_music": "https://music.youtube.com/playlist?list={}",
        "deezer": "https://www.deezer.com/playlist/{}",
        "tidal": "https://tidal.com/browse/playlist/{}",
        "listenbrainz": "https://listenbrainz.org/playlist/{}",
    }
    template = templates.get(service)
    return template.format(playlist_id) if template else None


def parse_playlist_url(url: str) -> tuple[str, str] | None:
    """``(service, playlist_id)`` for a playlist URL written by :func:`playlist_url`, or the
    service's own forms of it (``spotify:playlist:ID``, country prefixes, ``?si=``)."""
    url = url.strip()
    if url.startswith("spotify:playlist:"):
        found = url.removeprefix("spotify:playlist:")
        return ("spotify", found) if _SPOTIFY_ID.fullmatch(found) else None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    path = [p for p in parts.path.split("/") if p]
    if path and path[0].startswith("intl-"):
        path = path[1:]
    if host in ("music.youtube.com", "youtube.com") and path == ["playlist"]:
        found = parse_qs(parts.query).get("list", [""])[0]
        return ("youtube_music", found) if found else None
    services = {
        "open.spotify.com": "spotify",
        "deezer.com": "deezer",
        "tidal.com": "tidal",
        "listen.tidal.com": "tidal",
        "listenbrainz.org": "listenbrainz",
    }
    service = services.get(host)
    if service and "playlist" in path[:-1]:
        return service, path[path.index("playlist") + 1]
    return None
