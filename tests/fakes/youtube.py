"""A fake YouTube Data API v3 + Google OAuth on 127.0.0.1, in the documented JSON shapes.

- OAuth: ``/o/oauth2/v2/auth`` auto-approves (``deny``, ``tamper_state`` knobs) with PKCE checked
  at ``/token``; ``/token`` also refreshes (rotating refresh tokens when ``rotate`` is set, as
  Google may) and answers the device-code grant (RFC 8628) from a script of answers
  (``device_script``: "authorization_pending", "slow_down", "access_denied", "expired_token",
  then "ok"); ``/device/code``; ``/revoke``.
- API under ``/youtube/v3/``: channels?mine, playlists?mine (etag per playlist over its title
  and items), playlistItems (list with pageToken, insert), videos (by id, myRating=like), search,
  videos/rate (``rating=like`` puts the video first among the liked, ``none`` removes it; every
  call is recorded in ``rated``).
- Quota: every call costs its documented units (list 1, insert and rate 50, search 100), added to
  ``units_used``; past ``quota_limit`` the answer is 403 ``quotaExceeded``. Unknown tokens get
  401. ``fail_next`` (from the base) serves 5xx and other faults.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from tests.fakes._server import Answer, FakeServer

API = "/youtube/v3/"
COSTS = {
    ("GET", "search"): 100,
    ("POST", "playlistItems"): 50,
    ("POST", "playlists"): 50,
    ("POST", "videos/rate"): 50,
}
CHANNEL_ID = "UCfakeUserChannel000001"


def video(n: int, *, topic: bool = True, minutes: int = 3) -> dict[str, Any]:
    """A music video: "Artist N - Topic" channels for auto-generated tracks, else "A - T"."""
    video_id = f"vid{n:08d}"[:11]
    if topic:
        title, channel = f"Song {n}", f"Artist {n % 7} - Topic"
    else:
        title, channel = f"Artist {n % 7} - Song {n} (Official Video)", f"Artist{n % 7}VEVO"
    return {
        "kind": "youtube#video",
        "etag": f"ve{n}",
        "id": video_id,
        "snippet": {
            "title": title,
            "channelId": f"UCartist{n % 7}",
            "channelTitle": channel,
            "categoryId": "10",
            "publishedAt": "2020-01-01T00:00:00Z",
        },
        "contentDetails": {"duration": f"PT{minutes}M{n % 60}S"},
    }


@dataclass
class FakePlaylist:
    id: str
    title: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (video id, added at)
    description: str = ""


class FakeYouTube(FakeServer):
    def __init__(self, *, client_id: str = "fake-google-client", secret: str = "g-secret") -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = secret
        self.videos: dict[str, dict[str, Any]] = {}
        self.playlists: dict[str, FakePlaylist] = {}
        self.liked: list[str] = []  # newest first
        self.rated: list[tuple[str, str]] = []  # (video id, rating) per videos/rate call
        self.units_used = 0
        self.quota_limit: int | None = None
        self.deny = False
        self.tamper_state = False
        self.rotate = True
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.revoked: list[str] = []
        self.token_requests: list[str] = []  # grant types
        self.device_script: list[str] = ["ok"]
        self.device_polls: list[float] = []
        self._codes: dict[str, tuple[str, str]] = {}  # code → (challenge, redirect_uri)
        self._devices: set[str] = set()
        self._inserted = 0

    @property
    def environ(self) -> dict[str, str]:
        return {
            "MIXTAPE_YOUTUBE_MUSIC_API_URL": self.base + API,
            "MIXTAPE_YOUTUBE_MUSIC_AUTH_URL": self.base + "/",
        }

    # -- seeding ----------------------------------------------------------------------------
    def add_videos(self, start: int, count: int, **kwargs: Any) -> list[str]:
        ids = []
        for n in range(start, start + count):
            v = video(n, **kwargs)
            self.videos[v["id"]] = v
            ids.append(v["id"])
        return ids

    def add_playlist(self, playlist_id: str, title: str, video_ids: list[str]) -> FakePlaylist:
        items = [(v, f"2024-02-{1 + i % 28:02d}T10:00:00Z") for i, v in enumerate(video_ids)]
        playlist = FakePlaylist(playlist_id, title, items)
        self.playlists[playlist_id] = playlist
        return playlist

    def api_requests(self) -> list[str]:
        return [r.path.removeprefix(API) for r in self.requests if r.path.startswith(API)]

    def revoke_refresh_tokens(self) -> None:
        self.refresh_tokens.clear()

    # -- routes -----------------------------------------------------------------------------
    def route(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> Answer:
        if path == "/o/oauth2/v2/auth":
            return self._authorize(query)
        if path == "/token" and method == "POST":
            return self._token(form)
        if path == "/device/code" and method == "POST":
            return self._device_code(form)
        if path == "/revoke" and method == "POST":
            token = form.get("token", "")
            if token not in self.refresh_tokens and token not in self.access_tokens:
                return 400, {}, {"error": "invalid_token"}
            self.revoked.append(token)
            self.refresh_tokens.discard(token)
            return 200, {}, {}
        if not path.startswith(API):
            return 404, {}, {"error": {"code": 404, "message": "Not Found"}}
        token = (auth or "").removeprefix("Bearer ")
        if token not in self.access_tokens:
            return 401, {}, _error(401, "authError", "Invalid Credentials")
        resource = path.removeprefix(API)
        cost = COSTS.get((method, resource), 1)
        if self.quota_limit is not None and self.units_used + cost > self.quota_limit:
            return 403, {}, _error(403, "quotaExceeded", "The request cannot be completed")
        self.units_used += cost
        body = json.loads(form["json"]) if "json" in form else {}
        return self._api(method, resource, query, body)

    def _api(self, method: str, resource: str, q: dict[str, str], body: Any) -> Answer:
        if resource == "channels":
            item = {"kind": "youtube#channel", "id": CHANNEL_ID, "snippet": {"title": "Ana"}}
            return 200, {}, _list([item], q, "youtube#channelListResponse")
        if resource == "playlists" and method == "GET":
            items = [self._playlist(p) for p in self.playlists.values()]
            return 200, {}, _list(items, q, "youtube#playlistListResponse")
        if resource == "playlists" and method == "POST":
            new_id = f"PLnew{len(self.playlists):04d}"
            snippet = body.get("snippet") or {}
            self.playlists[new_id] = FakePlaylist(
                new_id, snippet.get("title", ""), [], snippet.get("description", "")
            )
            return 200, {}, self._playlist(self.playlists[new_id])
        if resource == "playlistItems" and method == "GET":
            playlist = self.playlists.get(q.get("playlistId", ""))
            if playlist is None:
                return 404, {}, _error(404, "playlistNotFound", "Playlist not found")
            items = [self._item(playlist, i) for i in range(len(playlist.items))]
            return 200, {}, _list(items, q, "youtube#playlistItemListResponse")
        if resource == "playlistItems" and method == "POST":
            snippet = body.get("snippet") or {}
            playlist = self.playlists[snippet["playlistId"]]
            video_id = snippet["resourceId"]["videoId"]
            at = snippet.get("position", len(playlist.items))
            self._inserted += 1
            playlist.items.insert(at, (video_id, f"2026-11-25T00:00:{self._inserted % 60:02d}Z"))
            return 200, {}, self._item(playlist, at)
        if resource == "videos":
            if q.get("myRating") == "like":
                items = [self.videos[v] for v in self.liked]
                return 200, {}, _list(items, q, "youtube#videoListResponse")
            ids = [i for i in q.get("id", "").split(",") if i in self.videos]
            return 200, {}, _list([self.videos[i] for i in ids], q, "youtube#videoListResponse")
        if resource == "videos/rate" and method == "POST":
            video_id, rating = q.get("id", ""), q.get("rating", "")
            if video_id not in self.videos or rating not in ("like", "dislike", "none"):
                return 400, {}, _error(400, "invalidRating", "Bad video id or rating")
            self.rated.append((video_id, rating))
            if video_id in self.liked:
                self.liked.remove(video_id)
            if rating == "like":
                self.liked.insert(0, video_id)
            return 204, {}, None
        if resource == "search":
            words = set(q.get("q", "").lower().split())
            hits = [
                {
                    "kind": "youtube#searchResult",
                    "id": {"videoId": v["id"]},
                    "snippet": v["snippet"],
                }
                for v in self.videos.values()
                if words
                <= set(f"{v['snippet']['title']} {v['snippet']['channelTitle']}".lower().split())
            ]
            limit = int(q.get("maxResults", "5"))
            return 200, {}, {"items": hits[:limit], "pageInfo": {"totalResults": len(hits)}}
        return 404, {}, _error(404, "notFound", "Not Found")

    def _playlist(self, p: FakePlaylist) -> dict[str, Any]:
        ids = ",".join(v for v, _ in p.items)
        etag = hashlib.md5(f"{p.title}|{ids}".encode()).hexdigest()
        return {
            "kind": "youtube#playlist",
            "etag": etag,
            "id": p.id,
            "snippet": {"title": p.title, "description": p.description, "channelId": CHANNEL_ID},
            "contentDetails": {"itemCount": len(p.items)},
        }

    def _item(self, p: FakePlaylist, i: int) -> dict[str, Any]:
        video_id, added = p.items[i]
        v = self.videos.get(video_id)
        snippet: dict[str, Any] = {
            "publishedAt": added,
            "channelId": CHANNEL_ID,
            "title": v["snippet"]["title"] if v else "Deleted video",
            "playlistId": p.id,
            "position": i,
            "resourceId": {"kind": "youtube#video", "videoId": video_id},
        }
        if v:
            snippet["videoOwnerChannelTitle"] = v["snippet"]["channelTitle"]
        return {
            "kind": "youtube#playlistItem",
            "id": f"{p.id}.{i}",
            "snippet": snippet,
            "contentDetails": {"videoId": video_id},
        }

    # -- OAuth ------------------------------------------------------------------------------
    def _authorize(self, q: dict[str, str]) -> Answer:
        redirect = q.get("redirect_uri", "")
        if urlsplit(redirect).hostname != "127.0.0.1" or q.get("client_id") != self.client_id:
            return 400, {"Content-Type": "text/plain"}, "bad request"
        state = "forged" if self.tamper_state else q.get("state", "")
        if self.deny:
            return (
                302,
                {"Location": f"{redirect}?{urlencode({'error': 'access_denied', 'state': state})}"},
                None,
            )
        code = secrets.token_urlsafe(12)
        self._codes[code] = (q.get("code_challenge", ""), redirect)
        return 302, {"Location": f"{redirect}?{urlencode({'code': code, 'state': state})}"}, None

    def _token(self, form: dict[str, str]) -> Answer:
        grant = form.get("grant_type", "")
        self.token_requests.append(grant)
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return 401, {}, {"error": "invalid_client"}
        if grant == "authorization_code":
            challenge, redirect = self._codes.pop(form.get("code", ""), ("", ""))
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if not challenge or expected != challenge or redirect != form.get("redirect_uri"):
                return 400, {}, {"error": "invalid_grant"}
            return 200, {}, self._issue(new_refresh=True)
        if grant == "refresh_token":
            old = form.get("refresh_token", "")
            if old not in self.refresh_tokens:
                return (
                    400,
                    {},
                    {
                        "error": "invalid_grant",
                        "error_description": "Token has been expired or revoked.",
                    },
                )
            if self.rotate:
                self.refresh_tokens.discard(old)
            return 200, {}, self._issue(new_refresh=self.rotate)
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            if form.get("device_code") not in self._devices:
                return 400, {}, {"error": "invalid_grant"}
            answer = (
                self.device_script.pop(0) if len(self.device_script) > 1 else self.device_script[0]
            )
            if answer == "ok":
                return 200, {}, self._issue(new_refresh=True)
            status = 403 if answer in ("slow_down", "access_denied") else 428
            return status if answer != "expired_token" else 400, {}, {"error": answer}
        return 400, {}, {"error": "unsupported_grant_type"}

    def _device_code(self, form: dict[str, str]) -> Answer:
        if form.get("client_id") != self.client_id:
            return 401, {}, {"error": "invalid_client"}
        code = "DC-" + secrets.token_urlsafe(10)
        self._devices.add(code)
        return (
            200,
            {},
            {
                "device_code": code,
                "user_code": "GQVQ-JKEC",
                "verification_url": "https://www.google.com/device",
                "expires_in": 1800,
                "interval": 5,
            },
        )

    def _issue(self, *, new_refresh: bool) -> dict[str, Any]:
        access = "ya29." + secrets.token_urlsafe(16)
        self.access_tokens.add(access)
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": 3599,
            "scope": "https://www.googleapis.com/auth/youtube.readonly",
            "token_type": "Bearer",
        }
        if new_refresh:
            refresh = "1//" + secrets.token_urlsafe(16)
            self.refresh_tokens.add(refresh)
            body["refresh_token"] = refresh
        return body


def _error(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"message": message, "domain": "youtube.quota", "reason": reason}],
        }
    }


def _list(items: list[Any], q: dict[str, str], kind: str) -> dict[str, Any]:
    start = int(q.get("pageToken", "T0").removeprefix("T") or 0)
    size = min(int(q.get("maxResults", "5")), 50)
    body: dict[str, Any] = {
        "kind": kind,
        "etag": "list-etag",
        "items": items[start : start + size],
        "pageInfo": {"totalResults": len(items), "resultsPerPage": size},
    }
    if start + size < len(items):
        body["nextPageToken"] = f"T{start + size}"
    return body
