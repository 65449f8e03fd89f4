"""A fake Deezer (API + connect.deezer.com OAuth) on 127.0.0.1, seeded from deezer-python's
recorded responses in ../shared/data: errors as HTTP 200 + ``error`` objects (``rate_limit_next``
serves code 4, "Quota limit exceeded"), durations in seconds, no ISRC in lists, ``time_add`` 0
in the editorial playlist. Public playlists need no token; Favourites and ``/user/me`` need the
``access_token`` the OAuth flow issued.

Transfers: a catalog (``add_to_catalog``) answers ``/track/isrc:…`` (error 800 when unknown)
and ``/search`` with ``artist:"…" track:"…" dur_min:N dur_max:N``; ``POST /user/me/playlists``
creates a playlist, ``POST /playlist/{id}`` sets its description, ``POST``/``DELETE
/playlist/{id}/tracks`` add and remove ``songs``, ``POST /user/me/tracks`` favourites one
``track_id``. Every write is recorded in ``writes``; parameters are read from the query string,
as the recorded answers show Deezer takes them.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from tests.fakes._server import Answer, FakeServer

RECORDED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "deezer_api_cassettes_deezer-python"
    / "extracted_json"
)
USER_ID = 359622
EDITORIAL = 9200461


def recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))["body"]


def make_track(n: int) -> dict[str, Any]:
    track = copy.deepcopy(recorded("TestPlaylist.test_get_tracks__0.json")["data"][0])
    track.update(id=10_000_000 + n, title=f"{track['title']} {n}", time_add=1_600_000_000 + n)
    return track


def catalog_track(n: int) -> dict[str, Any]:
    """A catalog track (as ``/track/{id}`` answers: with an ISRC) with a new id and title."""
    track = copy.deepcopy(recorded("TestClient.test_get_track__0.json"))
    track.update(id=20_000_000 + n, title=f"{track['title']} {n}", isrc=f"DZX{n:09d}")
    track["duration"] = 180 + n % 120
    return track


def _error(code: int, message: str, kind: str = "Exception") -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "code": code}}


class FakeDeezer(FakeServer):
    def __init__(self, *, app_id: str = "123456", secret: str = "app-secret") -> None:
        super().__init__()
        self.app_id = app_id
        self.secret = secret
        self.user = {"id": USER_ID, "name": "Bruno Alla", "type": "user"}
        editorial = recorded("TestPlaylist.test_attributes__0.json")
        tracks = recorded("TestPlaylist.test_get_tracks__0.json")["data"]
        self.playlists: dict[int, dict[str, Any]] = {}
        self.entries: dict[int, list[dict[str, Any]]] = {}
        self.add_playlist(EDITORIAL, editorial["title"], tracks, public=True)
        self.add_playlist(716369, "AC/DC", [make_track(n) for n in range(6)], public=True)
        self.add_playlist(
            908622995, "Private mix", [make_track(n) for n in range(40)], public=False
        )
        self.favourites: list[dict[str, Any]] = list(
            recorded("TestUser.test_get_tracks__0.json")["data"]
        )
        self.page_size: int | None = None
        self._codes: set[str] = set()
        self.tokens: set[str] = set()
        self.catalog: dict[int, dict[str, Any]] = {}
        self.writes: list[tuple[str, str, int]] = []  # (method, path, number of tracks)
        self.descriptions: dict[int, str] = {}
        self._favourited = 0

    @property
    def environ(self) -> dict[str, str]:
        return {
            "MIXTAPE_DEEZER_API_URL": self.base + "/",
            "MIXTAPE_DEEZER_AUTH_URL": self.base + "/connect/",
        }

    def add_playlist(
        self, playlist_id: int, title: str, tracks: list[dict[str, Any]], *, public: bool
    ) -> None:
        self.playlists[playlist_id] = {
            "id": playlist_id,
            "title": title,
            "public": public,
            "creator": {"id": USER_ID, "name": "Bruno Alla"},
            "type": "playlist",
        }
        self.entries[playlist_id] = list(tracks)

    def rate_limit_next(self, count: int) -> None:
        """The next ``count`` API requests get Deezer's "HTTP 200 + error code 4"."""
        self.fail_next(count, 200, body=_error(4, "Quota limit exceeded"), path="/user")

    def add_to_catalog(self, *tracks: dict[str, Any]) -> None:
        for track in tracks:
            self.catalog[int(track["id"])] = track

    def searches(self) -> list[str]:
        """What was asked: ``isrc:CODE`` for ISRC lookups, else the search query."""
        asked = []
        for r in self.requests:
            if r.path.startswith("/track/isrc:"):
                asked.append(r.path.removeprefix("/track/"))
            elif r.path == "/search":
                asked.append(r.query.get("q", ""))
        return asked

    def api_requests(self) -> list[str]:
        return [r.path for r in self.requests if not r.path.startswith("/connect/")]

    # -- routes -------------------------------------------------------------------------
    def route(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> Answer:
        if path == "/connect/oauth/auth.php":
            return self._authorize(query)
        if path == "/connect/oauth/access_token.php":
            return self._token(query)
        token = query.get("access_token")
        if token is not None and token not in self.tokens:
            return 200, {}, _error(300, "Invalid OAuth access token.", "OAuthException")
        parts = path.strip("/").split("/")
        me = parts[:2] == ["user", "me"]
        if me and token is None:
            return 200, {}, _error(200, "An active access token must be used", "OAuthException")
        if method in ("POST", "DELETE"):
            if token is None:
                return 200, {}, _error(200, "An active access token must be used", "OAuthException")
            return self._write(method, parts, query)
        if parts[0] == "track" and len(parts) == 2 and parts[1].startswith("isrc:"):
            isrc = parts[1].removeprefix("isrc:")
            found = [t for t in self.catalog.values() if t.get("isrc") == isrc]
            if not found:
                return 200, {}, _error(800, "no data", "DataException")
            return 200, {}, found[0]
        if parts == ["search"]:
            return 200, {}, self._search(query)
        if parts[0] == "user" and len(parts) >= 2 and parts[1] in ("me", str(USER_ID)):
            if len(parts) == 2:
                return 200, {}, self.user
            if parts[2] == "playlists":
                listed = [p for p in self.playlists.values() if me or p["public"]]
                return 200, {}, self._list(path, [self._summary(p) for p in listed], query)
            if parts[2] == "tracks" and me:
                return 200, {}, self._list(path, self.favourites, query)
        if parts[0] == "playlist" and len(parts) == 3 and int(parts[1]) in self.playlists:
            playlist = self.playlists[int(parts[1])]
            if not playlist["public"] and token is None:
                return 200, {}, _error(200, "An active access token must be used", "OAuthException")
            return 200, {}, self._list(path, self.entries[playlist["id"]], query)
        return 200, {}, _error(800, "no data", "DataException")

    def _search(self, q: dict[str, str]) -> dict[str, Any]:
        text = q.get("q", "")
        fields = dict(re.findall(r'(\w+):"([^"]*)"', text))
        numbers = {k: int(v) for k, v in re.findall(r"(dur_min|dur_max):(\d+)", text)}
        title, artist = fields.get("track", "").casefold(), fields.get("artist", "").casefold()
        found = [
            {k: v for k, v in t.items() if k != "isrc"}  # search results carry no ISRC
            for t in self.catalog.values()
            if title in t["title"].casefold()
            and artist in t["artist"]["name"].casefold()
            and numbers.get("dur_min", 0) <= t["duration"] <= numbers.get("dur_max", 10**6)
        ]
        limit = int(q.get("limit", "25"))
        return {"data": found[:limit], "total": len(found)}

    def _write(self, method: str, parts: list[str], q: dict[str, str]) -> Answer:
        path = "/" + "/".join(parts)
        if method == "POST" and parts == ["user", "me", "playlists"]:
            playlist_id = 11_356_820_724 + len(self.playlists)
            self.add_playlist(playlist_id, q.get("title", ""), [], public=False)
            self.writes.append((method, path, 0))
            return 200, {}, {"id": playlist_id}
        if method == "POST" and parts == ["user", "me", "tracks"]:
            track = self.catalog.get(int(q.get("track_id", "0") or 0))
            if track is None:
                return 200, {}, _error(800, "no data", "DataException")
            self.writes.append((method, path, 1))
            if all(t["id"] != track["id"] for t in self.favourites):
                self._favourited += 1
                self.favourites.insert(0, {**track, "time_add": 1_800_000_000 + self._favourited})
            return 200, {}, True
        if parts[0] == "playlist" and len(parts) >= 2 and int(parts[1]) in self.playlists:
            playlist_id = int(parts[1])
            if len(parts) == 2 and method == "POST":
                self.descriptions[playlist_id] = q.get("description", "")
                self.playlists[playlist_id]["description"] = q.get("description", "")
                return 200, {}, True
            if len(parts) == 3 and parts[2] == "tracks":
                ids = [int(i) for i in q.get("songs", "").split(",") if i]
                if method == "DELETE":
                    gone = set(ids)
                    kept = [t for t in self.entries[playlist_id] if t["id"] not in gone]
                    self.entries[playlist_id] = kept
                    self.writes.append((method, path, len(ids)))
                    return 200, {}, True
                tracks = [self.catalog.get(i) for i in ids]
                if not ids or None in tracks:
                    return 200, {}, _error(800, "no data", "DataException")
                self.entries[playlist_id].extend(t for t in tracks if t is not None)
                self.writes.append((method, path, len(ids)))
                return 200, {}, True
        return 200, {}, _error(800, "no data", "DataException")

    def _summary(self, playlist: dict[str, Any]) -> dict[str, Any]:
        entries = self.entries[playlist["id"]]
        ids = ",".join(str(t["id"]) for t in entries)
        checksum = hashlib.md5(f"{playlist['title']}|{ids}".encode()).hexdigest()
        return {**playlist, "nb_tracks": len(entries), "checksum": checksum}

    def _list(self, path: str, items: list[Any], q: dict[str, str]) -> dict[str, Any]:
        index = int(q.get("index", "0"))
        limit = min(int(q.get("limit", "25")), self.page_size or 2000)
        page = items[index : index + limit]
        body: dict[str, Any] = {"data": page, "total": len(items), "checksum": "c" * 32}
        if index + limit < len(items):
            body["next"] = f"https://api.deezer.com{path}?index={index + limit}"
        return body

    def _authorize(self, q: dict[str, str]) -> Answer:
        redirect = q.get("redirect_uri", "")
        if urlsplit(redirect).hostname != "127.0.0.1" or q.get("app_id") != self.app_id:
            return 400, {"Content-Type": "text/plain"}, "bad request"
        code = secrets.token_urlsafe(12)
        self._codes.add(code)
        location = f"{redirect}?{urlencode({'code': code, 'state': q.get('state', '')})}"
        return 302, {"Location": location}, None

    def _token(self, q: dict[str, str]) -> Answer:
        code = q.get("code", "")
        if q.get("secret") != self.secret or code not in self._codes:
            return 200, {"Content-Type": "text/plain"}, "wrong code"
        self._codes.discard(code)
        token = "DZ-" + secrets.token_urlsafe(20)
        self.tokens.add(token)
        return 200, {}, {"access_token": token, "expires": 0}
