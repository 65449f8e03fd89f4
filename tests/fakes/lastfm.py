"""A fake Last.fm (API 2.0 + the desktop-auth approval page) on 127.0.0.1.

Loved tracks come from the recorded ``lastfm_loved_tracks_1.json`` (listenbrainz-server's test
data); scrobbles are made up in the same shape (strings for numbers, ``#text``, ``@attr``), with
an optional "now playing" track on top. ``auth.*`` calls must carry a correct ``api_sig``; the
approval page (``/auth/api/auth/``) approves the token at once, like a user who clicks "Yes".
Errors are bodies (``{"error": 29, …}`` is the rate limit).
"""

from __future__ import annotations

import copy
import hashlib
import json
import secrets
from pathlib import Path
from typing import Any

from tests.fakes._server import Answer, FakeServer

RECORDED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "listenbrainz_server_testdata"
    / "lastfm_loved_tracks_1.json"
)


def recorded_loved() -> list[dict[str, Any]]:
    data = json.loads(RECORDED.read_text(encoding="utf-8"))
    tracks = data["lovedtracks"]["track"]
    return [tracks] if isinstance(tracks, dict) else list(tracks)


def similar_track(title: str, artist: str, match: float, mbid: str = "") -> dict[str, Any]:
    """One ``similartracks.track`` / ``toptracks.track`` item in Last.fm's shape."""
    slug = f"{artist.replace(' ', '+')}/_/{title.replace(' ', '+')}"
    return {
        "name": title,
        "playcount": 1234,
        "mbid": mbid,
        "match": match,
        "url": f"https://www.last.fm/music/{slug}",
        "streamable": {"#text": "0", "fulltrack": "0"},
        "duration": 215,
        "artist": {"name": artist, "mbid": "", "url": f"https://www.last.fm/music/{artist}"},
        "image": [{"#text": "", "size": "small"}],
    }


def similar_artist(name: str, match: float) -> dict[str, Any]:
    """One ``similarartists.artist`` item: ``match`` is a string here, unlike for tracks."""
    return {
        "name": name,
        "mbid": "",
        "match": f"{match:.6f}",
        "url": f"https://www.last.fm/music/{name.replace(' ', '+')}",
        "image": [{"#text": "", "size": "small"}],
        "streamable": "0",
    }


def scrobble(n: int, uts: int) -> dict[str, Any]:
    return {
        "artist": {"mbid": "", "#text": f"Artist {n % 7}"},
        "name": f"Song {n}",
        "mbid": "",
        "album": {"mbid": "", "#text": f"Album {n % 5}"},
        "url": f"https://www.last.fm/music/Artist+{n % 7}/_/Song+{n}",
        "date": {"uts": str(uts), "#text": "01 Jan 2024, 00:00"},
    }


class FakeLastfm(FakeServer):
    def __init__(self, *, api_key: str = "lastfm-key", secret: str = "lastfm-secret") -> None:
        super().__init__()
        self.api_key = api_key
        self.secret = secret
        self.user = "rj"
        self.scrobbles: list[dict[str, Any]] = []  # newest first
        self.loved: list[dict[str, Any]] = recorded_loved()
        self.now_playing = True
        self.approve = True
        self._tokens: dict[str, bool] = {}
        self.session_keys: set[str] = set()
        # Similar music (track.getSimilar, artist.getSimilar, artist.getTopTracks), keyed by
        # lower-cased names; anything else answers error 6 ("not found"), like Last.fm.
        self.similar: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.similar_artists: dict[str, list[dict[str, Any]]] = {}
        self.top_tracks: dict[str, list[dict[str, Any]]] = {}

    @property
    def environ(self) -> dict[str, str]:
        return {
            "MIXTAPE_LASTFM_API_URL": self.base + "/2.0/",
            "MIXTAPE_LASTFM_AUTH_URL": self.base + "/auth/",
        }

    def seed_scrobbles(self, count: int, start_uts: int = 1_700_000_000) -> None:
        first = len(self.scrobbles)
        new = [scrobble(first + n, start_uts + 60 * (first + n)) for n in range(count)]
        self.scrobbles = list(reversed(new)) + self.scrobbles
        self.scrobbles.sort(key=lambda s: -int(s["date"]["uts"]))

    def api_calls(self, method: str) -> list[dict[str, str]]:
        return [r.query for r in self.requests if r.query.get("method") == method]

    def rate_limit_next(self, count: int) -> None:
        body = {"error": 29, "message": "Rate Limit Exceeded"}
        self.fail_next(count, 200, body=body, path="/2.0/")

    # -- routes -------------------------------------------------------------------------
    def route(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> Answer:
        if path == "/auth/api/auth/":
            if query.get("api_key") == self.api_key and query.get("token") in self._tokens:
                self._tokens[query["token"]] = self.approve
                return 200, {"Content-Type": "text/html"}, "<p>Application authorised</p>"
            return 400, {"Content-Type": "text/html"}, "<p>Invalid token</p>"
        if path != "/2.0/":
            return 404, {"Content-Type": "text/html"}, "not found"
        if query.get("api_key") != self.api_key:
            return 403, {}, {"error": 10, "message": "Invalid API key"}
        handler = {
            "auth.getToken": self._get_token,
            "auth.getSession": self._get_session,
            "user.getRecentTracks": self._recent,
            "user.getLovedTracks": self._loved,
            "track.getSimilar": self._similar_tracks,
            "artist.getSimilar": self._similar_artists,
            "artist.getTopTracks": self._top_tracks,
        }.get(query.get("method", ""))
        if handler is None:
            return 200, {}, {"error": 3, "message": "Invalid Method"}
        return handler(query)

    def _signed(self, q: dict[str, str]) -> bool:
        params = {k: v for k, v in q.items() if k not in ("format", "callback", "api_sig")}
        text = "".join(f"{k}{params[k]}" for k in sorted(params)) + self.secret
        return q.get("api_sig") == hashlib.md5(text.encode()).hexdigest()

    def _get_token(self, q: dict[str, str]) -> Answer:
        if not self._signed(q):
            return 403, {}, {"error": 13, "message": "Invalid method signature supplied"}
        token = secrets.token_hex(16)
        self._tokens[token] = False
        return 200, {}, {"token": token}

    def _get_session(self, q: dict[str, str]) -> Answer:
        if not self._signed(q):
            return 403, {}, {"error": 13, "message": "Invalid method signature supplied"}
        if not self._tokens.get(q.get("token", "")):
            return 403, {}, {"error": 14, "message": "Unauthorized Token"}
        del self._tokens[q["token"]]
        key = secrets.token_hex(16)
        self.session_keys.add(key)
        return 200, {}, {"session": {"name": self.user, "key": key, "subscriber": 0}}

    def _recent(self, q: dict[str, str]) -> Answer:
        since, until = int(q.get("from", "0")), int(q.get("to", str(2**40)))
        found = [s for s in self.scrobbles if since <= int(s["date"]["uts"]) <= until]
        body = self._page(found, q, "recenttracks")
        if self.now_playing and q.get("page", "1") == "1":
            playing = copy.deepcopy(scrobble(999_999, 0))
            del playing["date"]
            playing["@attr"] = {"nowplaying": "true"}
            body["recenttracks"]["track"].insert(0, playing)
        return 200, {}, body

    def _loved(self, q: dict[str, str]) -> Answer:
        return 200, {}, self._page(self.loved, q, "lovedtracks")

    def _page(self, items: list[dict[str, Any]], q: dict[str, str], key: str) -> dict[str, Any]:
        limit = min(int(q.get("limit", "50")), 200)
        page = int(q.get("page", "1"))
        chunk = items[(page - 1) * limit : page * limit]
        pages = max(1, -(-len(items) // limit))
        attr = {
            "user": self.user,
            "page": str(page),
            "perPage": str(limit),
            "totalPages": str(pages),
            "total": str(len(items)),
        }
        return {key: {"track": copy.deepcopy(chunk), "@attr": attr}}

    # -- similar music ----------------------------------------------------------------------
    def add_similar(self, artist: str, title: str, tracks: list[dict[str, Any]]) -> None:
        self.similar[(artist.lower(), title.lower())] = tracks

    def _not_found(self, what: str) -> Answer:
        return 200, {}, {"error": 6, "message": f"{what} not found"}

    def _similar_tracks(self, q: dict[str, str]) -> Answer:
        found = self.similar.get((q.get("artist", "").lower(), q.get("track", "").lower()))
        if found is None:
            return self._not_found("Track")
        limit = int(q.get("limit", "100"))
        artist = q.get("artist", "")
        body = {
            "similartracks": {"track": copy.deepcopy(found[:limit]), "@attr": {"artist": artist}}
        }
        return 200, {}, body

    def _similar_artists(self, q: dict[str, str]) -> Answer:
        found = self.similar_artists.get(q.get("artist", "").lower())
        if found is None:
            return 404, {}, {"error": 6, "message": "The artist you supplied could not be found"}
        limit = int(q.get("limit", "100"))
        artist = q.get("artist", "")
        body = {
            "similarartists": {"artist": copy.deepcopy(found[:limit]), "@attr": {"artist": artist}}
        }
        return 200, {}, body

    def _top_tracks(self, q: dict[str, str]) -> Answer:
        artist = q.get("artist", "")
        found = self.top_tracks.get(artist.lower())
        if found is None:
            return self._not_found("Artist")
        limit = int(q.get("limit", "50"))
        tracks = copy.deepcopy(found[:limit])
        for rank, track in enumerate(tracks, 1):
            track["@attr"] = {"rank": str(rank)}
            track.pop("match", None)
            track["playcount"] = str(track.get("playcount", "0"))
            track["listeners"] = "100"
        attr = {
            "artist": artist,
            "page": "1",
            "perPage": str(limit),
            "totalPages": "1",
            "total": str(len(found)),
        }
        return 200, {}, {"toptracks": {"track": tracks, "@attr": attr}}
