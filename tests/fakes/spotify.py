"""A fake Spotify (accounts + Web API) on 127.0.0.1, speaking real HTTP.

Seeded from the recorded responses in ../shared/data (spotify-web-api-java's fixtures); larger
libraries are made by cloning a recorded track with new ids. OAuth: ``/authorize`` approves at
once and redirects to the loopback URI (which must be a 127.0.0.1 literal), ``/api/token``
checks the PKCE verifier and rotates refresh tokens. Knobs: faults for the next N requests
(status, headers), page size override, the 2026 (``/items``, ``item``) or legacy
(``/tracks``, ``track``) shape, a tampered ``state``, expired or revoked tokens. Every request
is recorded (method, path, query; never headers).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

RECORDED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "spotify_web_api_responses_spotify-web-api-java"
)

Shape = Literal["2026", "legacy"]


def recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def spotify_id(n: int, prefix: str = "t") -> str:
    raw = f"{prefix}{n:021d}"
    return raw[:22]


def make_track(n: int) -> dict[str, Any]:
    """A recorded track object with a new id, name and ISRC."""
    track = copy.deepcopy(recorded("library_GetUsersSavedTracksRequest.json")["items"][0]["track"])
    track["id"] = spotify_id(n)
    track["uri"] = f"spotify:track:{track['id']}"
    track["name"] = f"{track['name']} {n}"
    track["external_ids"] = {"isrc": f"USX{n:09d}"}
    track.pop("available_markets", None)
    return track


def local_track(name: str) -> dict[str, Any]:
    """A local file as the API returns it: ``is_local``, ``id: null``, a spotify:local URI."""
    return {
        "id": None,
        "type": "track",
        "is_local": True,
        "name": name,
        "uri": f"spotify:local:Local+Artist:Local+Album:{name.replace(' ', '+')}:200",
        "artists": [{"id": None, "name": "Local Artist", "type": "artist"}],
        "album": {"id": None, "name": "Local Album", "type": "album"},
        "duration_ms": 200000,
        "explicit": False,
        "external_ids": {},
    }


@dataclass
class FakePlaylist:
    meta: dict[str, Any]
    entries: list[dict[str, Any] | None]
    snapshot: str = field(default_factory=lambda: secrets.token_urlsafe(12))

    def touch(self) -> None:
        self.snapshot = secrets.token_urlsafe(12)


@dataclass
class Fault:
    status: int
    headers: dict[str, str]
    path: str | None  # only requests whose path starts with this


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    status: int = 0


class FakeSpotify:
    def __init__(self, *, shape: Shape = "2026", client_id: str = "fake-client-id") -> None:
        self.shape: Shape = shape
        self.client_id = client_id
        self.page_size: int | None = None
        self.tamper_state = False
        self.deny = False
        self.user = {"id": "wizzler", "display_name": "Wizzler", "type": "user"}
        self.saved: list[dict[str, Any]] = []  # newest first
        self.playlists: dict[str, FakePlaylist] = {}
        self.recent: list[dict[str, Any]] = list(
            recorded("player_GetCurrentUsersRecentlyPlayedTracksRequest.json")["items"]
        )
        self.faults: deque[Fault] = deque()
        self.catalog: dict[str, dict[str, Any]] = {}  # track id → track, for search
        self.writes: list[tuple[str, str, int]] = []  # (method, path, number of uris)
        self.dated_saves = True  # False: PUT /me/tracks is gone, only /me/library saves
        self._saves = 0
        self.requests: list[Seen] = []
        self.token_requests: list[dict[str, str]] = []
        self._codes: dict[str, tuple[str, str]] = {}  # code → (challenge, redirect_uri)
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.issued: list[str] = []  # every token ever handed out (for the log checks)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- life cycle -------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def environ(self) -> dict[str, str]:
        return {
            "MIXTAPE_SPOTIFY_API_URL": self.base + "/v1/",
            "MIXTAPE_SPOTIFY_AUTH_URL": self.base + "/",
        }

    def start(self) -> FakeSpotify:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- seeding and changes ----------------------------------------------------------------
    def seed_saved(self, count: int, start: int = 0) -> None:
        recorded_first = recorded("library_GetUsersSavedTracksRequest.json")["items"][0]
        items = [copy.deepcopy(recorded_first)] if start == 0 and count else []
        for n in range(start + len(items), start + count):
            items.append(
                {
                    "added_at": f"2020-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}Z",
                    "track": make_track(n),
                }
            )
        self.saved = list(reversed(items))  # newest first

    def like(self, n: int, added_at: str = "2026-01-01T00:00:00Z") -> None:
        self.saved.insert(0, {"added_at": added_at, "track": make_track(n)})

    def unlike(self, index: int) -> dict[str, Any]:
        return self.saved.pop(index)

    def add_playlist(
        self, playlist_id: str, name: str, entries: list[dict[str, Any] | None]
    ) -> FakePlaylist:
        template = recorded("playlists_GetListOfCurrentUsersPlaylistsRequest.json")["items"][0]
        meta = copy.deepcopy(template)
        meta.update(id=playlist_id, name=name, uri=f"spotify:playlist:{playlist_id}")
        playlist = FakePlaylist(meta, entries)
        self.playlists[playlist_id] = playlist
        return playlist

    def seed_recorded_playlist(self, playlist_id: str = "21THa8j9TaSGuXYNBU5tsC") -> FakePlaylist:
        """The recorded playlist entries, plus an episode, a null entry and a local file."""
        entries: list[dict[str, Any] | None] = list(
            recorded("playlists_GetPlaylistsItemsRequest.json")["items"]
        )
        entries.append(recorded("playlists_GetPlaylistsItemsRequest_Episode.json")["items"][0])
        entries.append(None)
        entries.append(
            {
                "added_at": None,
                "added_by": None,
                "is_local": True,
                "track": local_track("My Demo Tape"),
            }
        )
        return self.add_playlist(playlist_id, "Recorded mix", entries)

    def entry(self, n: int) -> dict[str, Any]:
        return {
            "added_at": "2024-05-01T10:00:00Z",
            "added_by": {"id": "wizzler"},
            "is_local": False,
            "track": make_track(n),
        }

    # -- knobs ----------------------------------------------------------------------------
    def fail_next(
        self,
        count: int,
        status: int,
        headers: dict[str, str] | None = None,
        path: str | None = None,
    ) -> None:
        for _ in range(count):
            self.faults.append(Fault(status, headers or {}, path))

    def expire_access_tokens(self) -> None:
        self.access_tokens.clear()

    def revoke_refresh_tokens(self) -> None:
        self.refresh_tokens.clear()

    def api_requests(self, prefix: str = "/v1/") -> list[Seen]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    # -- behaviour ------------------------------------------------------------------------
    def handle(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            seen = Seen(method, path, query)
            self.requests.append(seen)
            status, headers, body = self._route(method, path, query, form, auth)
            seen.status = status
            return status, headers, body

    def _route(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> tuple[int, dict[str, str], Any]:
        if path == "/authorize":
            return self._authorize(query)
        if path == "/api/token" and method == "POST":
            self.token_requests.append({k: v for k, v in form.items() if k == "grant_type"})
            return self._token(form)
        if not path.startswith("/v1/"):
            return 404, {}, {"error": {"status": 404, "message": "Not found"}}
        if self.faults and (self.faults[0].path is None or path.startswith(self.faults[0].path)):
            fault = self.faults.popleft()
            return (
                fault.status,
                fault.headers,
                {"error": {"status": fault.status, "message": "fault"}},
            )
        token = (auth or "").removeprefix("Bearer ")
        if token not in self.access_tokens:
            return 401, {}, {"error": {"status": 401, "message": "The access token expired"}}
        if method in ("POST", "PUT"):
            body = json.loads(form.get("json") or "{}")
            return self._write(method, path[len("/v1/") :], body)
        return self._api(path[len("/v1/") :], query)

    # -- catalog and writes (transfers) -----------------------------------------------------
    def add_to_catalog(self, *tracks: dict[str, Any]) -> None:
        for track in tracks:
            self.catalog[track["id"]] = track

    def searches(self) -> list[str]:
        return [r.query.get("q", "") for r in self.requests if r.path == "/v1/search"]

    def _search(self, q: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        limit = int(q.get("limit", "10"))
        if limit > 10:  # 2026: search limit max 10
            return 400, {}, {"error": {"status": 400, "message": "Invalid limit"}}
        text = q.get("q", "")
        if text.startswith("isrc:"):
            isrc = text[5:].strip().upper()
            found = [t for t in self.catalog.values() if t["external_ids"].get("isrc") == isrc]
        else:
            fields = dict(re.findall(r'(\w+):"([^"]*)"', text))
            title = fields.get("track", "").casefold()
            artist = fields.get("artist", "").casefold()
            found = [
                t
                for t in self.catalog.values()
                if title in t["name"].casefold()
                and any(artist in a["name"].casefold() for a in t["artists"])
            ]
        items = found[:limit]
        return (
            200,
            {},
            {"tracks": {"items": items, "limit": limit, "offset": 0, "total": len(found)}},
        )

    def _write(
        self, method: str, path: str, body: dict[str, Any]
    ) -> tuple[int, dict[str, str], Any]:
        parts = path.strip("/").split("/")
        if method == "POST" and len(parts) == 3 and parts[0] == "users" and parts[2] == "playlists":
            playlist_id = spotify_id(len(self.playlists) + 1, "p")
            playlist = self.add_playlist(playlist_id, body.get("name", ""), [])
            playlist.meta["description"] = body.get("description", "")
            self.writes.append((method, path, 0))
            return 201, {}, self._summary(playlist)
        if method == "PUT" and parts in (["me", "tracks"], ["me", "library"]):
            return self._save(parts[1], body)
        if len(parts) == 3 and parts[0] == "playlists" and parts[1] in self.playlists:
            wanted = "items" if self.shape == "2026" else "tracks"
            if parts[2] != wanted:
                return 404, {}, {"error": {"status": 404, "message": "Service not found"}}
            uris = body.get("uris") or []
            if len(uris) > 100:
                return 400, {}, {"error": {"status": 400, "message": "Too many ids requested"}}
            playlist = self.playlists[parts[1]]
            new = [self._entry_for(uri) for uri in uris]
            if None in new:
                return 400, {}, {"error": {"status": 400, "message": "Invalid track uri"}}
            if method == "PUT":
                playlist.entries = list(new)
            else:
                position = body.get("position", len(playlist.entries))
                playlist.entries[position:position] = new
            playlist.touch()
            self.writes.append((method, path, len(uris)))
            return 201 if method == "POST" else 200, {}, {"snapshot_id": playlist.snapshot}
        return 404, {}, {"error": {"status": 404, "message": "Not found"}}

    def _save(self, endpoint: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        """Liked songs: ``PUT /me/tracks`` with ``timestamped_ids`` (50, dates kept) unless
        ``dated_saves`` is off (gone: 404), else ``PUT /me/library`` with ``uris`` (40, no
        dates). The liked list stays sorted newest first, as the API serves it."""
        if endpoint == "tracks":
            if not self.dated_saves:
                return 404, {}, {"error": {"status": 404, "message": "Service not found"}}
            stamped = body.get("timestamped_ids") or []
            limit, pairs = 50, [(s.get("id", ""), s.get("added_at")) for s in stamped]
        else:
            uris = body.get("uris") or []
            limit, pairs = 40, [(u.removeprefix("spotify:track:"), None) for u in uris]
        if len(pairs) > limit:
            return 400, {}, {"error": {"status": 400, "message": "Too many ids requested"}}
        if any(i not in self.catalog for i, _ in pairs):
            return 400, {}, {"error": {"status": 400, "message": "Invalid id"}}
        have = {(e.get("track") or {}).get("id") for e in self.saved}
        for track_id, added_at in pairs:
            if track_id not in have:
                self._saves += 1
                now = f"2026-11-25T12:{self._saves // 60 % 60:02d}:{self._saves % 60:02d}Z"
                self.saved.append({"added_at": added_at or now, "track": self.catalog[track_id]})
        self.saved.sort(key=lambda e: e["added_at"], reverse=True)
        self.writes.append(("PUT", f"me/{endpoint}", len(pairs)))
        return 200, {}, None

    def _entry_for(self, uri: str) -> dict[str, Any] | None:
        track_id = uri.removeprefix("spotify:track:")
        track = self.catalog.get(track_id)
        if not uri.startswith("spotify:track:") or track is None:
            return None
        entry = {"added_at": "2026-02-01T00:00:00Z", "added_by": self.user, "is_local": False}
        return {**entry, "track": track}

    def _authorize(self, q: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        redirect = q.get("redirect_uri", "")
        if urlsplit(redirect).hostname != "127.0.0.1" or q.get("client_id") != self.client_id:
            return 400, {}, {"error": "invalid_request"}
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return 400, {}, {"error": "invalid_request"}
        state = q.get("state", "")
        if self.tamper_state:
            state = "forged-" + state
        if self.deny:
            params = {"error": "access_denied", "state": state}
        else:
            code = secrets.token_urlsafe(16)
            self._codes[code] = (q["code_challenge"], redirect)
            params = {"code": code, "state": state}
        return 302, {"Location": f"{redirect}?{urlencode(params)}"}, None

    def _token(self, form: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if form.get("client_id") != self.client_id:
            return 400, {}, {"error": "invalid_client"}
        grant = form.get("grant_type")
        if grant == "authorization_code":
            found = self._codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "").encode()
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if (
                found is None
                or found[0] != challenge.decode()
                or found[1] != form.get("redirect_uri")
            ):
                return 400, {}, {"error": "invalid_grant"}
        elif grant == "refresh_token":
            old = form.get("refresh_token", "")
            if old not in self.refresh_tokens:
                return (
                    400,
                    {},
                    {"error": "invalid_grant", "error_description": "Refresh token revoked"},
                )
            self.refresh_tokens.discard(old)  # rotation: the old one stops working
        else:
            return 400, {}, {"error": "unsupported_grant_type"}
        access, refresh = "AT-" + secrets.token_urlsafe(24), "RT-" + secrets.token_urlsafe(24)
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        self.issued += [access, refresh]
        return (
            200,
            {},
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 3600,
                "refresh_token": refresh,
                "scope": "user-library-read playlist-read-private",
            },
        )

    def _api(self, path: str, q: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        parts = path.strip("/").split("/")
        if parts == ["me"]:
            return 200, {}, self.user
        if parts == ["search"]:
            return self._search(q)
        if parts == ["me", "tracks"]:
            return 200, {}, self._paging(path, self.saved, q, 50)
        if parts == ["me", "playlists"]:
            # Only the page asked for is summarised (a deep copy each): a 2,000-playlist
            # library would otherwise cost the fake 2,000 copies per request.
            page = self._paging(path, list(self.playlists.values()), q, 50)
            page["items"] = [self._summary(p) for p in page["items"]]
            return 200, {}, page
        if parts == ["me", "player", "recently-played"]:
            after = int(q.get("after", "0") or 0)
            items = [i for i in self.recent if _ms(i["played_at"]) > after][
                : int(q.get("limit", 20))
            ]
            cursors = (
                {"after": str(max(_ms(i["played_at"]) for i in items)), "before": None}
                if items
                else None
            )
            return 200, {}, {"items": items, "next": None, "cursors": cursors, "limit": 50}
        if len(parts) == 3 and parts[0] == "playlists" and parts[1] in self.playlists:
            playlist = self.playlists[parts[1]]
            wanted = "items" if self.shape == "2026" else "tracks"
            if parts[2] != wanted:
                return 404, {}, {"error": {"status": 404, "message": "Service not found"}}
            key = "item" if self.shape == "2026" else "track"
            entries = [None if e is None else _reshape(e, key) for e in playlist.entries]
            return 200, {}, self._paging(path, entries, q, 50 if self.shape == "2026" else 100)
        return 404, {}, {"error": {"status": 404, "message": "Not found"}}

    def _summary(self, playlist: FakePlaylist) -> dict[str, Any]:
        meta = copy.deepcopy(playlist.meta)
        meta.pop("tracks", None)
        ref = {
            "href": f"{self.base}/v1/playlists/{meta['id']}/items",
            "total": len(playlist.entries),
        }
        meta["items" if self.shape == "2026" else "tracks"] = ref
        meta["snapshot_id"] = playlist.snapshot
        return meta

    def _paging(
        self, path: str, items: list[Any], q: dict[str, str], maximum: int
    ) -> dict[str, Any]:
        offset = int(q.get("offset", "0") or 0)
        limit = min(int(q.get("limit", "20") or 20), maximum, self.page_size or maximum)
        page = items[offset : offset + limit]
        url = f"{self.base}/v1/{path}"
        more = offset + limit < len(items)
        return {
            "href": f"{url}?offset={offset}&limit={limit}",
            "items": page,
            "limit": limit,
            "next": f"{url}?offset={offset + limit}&limit={limit}" if more else None,
            "offset": offset,
            "previous": None,
            "total": len(items),
        }


def _reshape(entry: dict[str, Any], key: str) -> dict[str, Any]:
    out = {k: v for k, v in entry.items() if k not in ("track", "item")}
    out[key] = entry.get("track", entry.get("item"))
    return out


def _ms(iso: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def _handler_for(fake: FakeSpotify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every keep-alive request.
        disable_nagle_algorithm = True

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            if raw.startswith("{"):
                form = {"json": raw}
            status, headers, body = fake.handle(
                method, parts.path, query, form, self.headers.get("Authorization")
            )
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
