"""A fake Deezer (API + connect.deezer.com OAuth) on 127.0.0.1, seeded from deezer-python's
recorded responses in ../shared/data: errors as HTTP 200 + ``error`` objects (``rate_limit_next``
serves code 4, "Quota limit exceeded"), durations in seconds, no ISRC in lists, ``time_add`` 0
in the editorial playlist. Public playlists need no token; Favourites and ``/user/me`` need the
``access_token`` the OAuth flow issued.
"""

from __future__ import annotations

import copy
import hashlib
import json
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
