"""A fake Apple Music API on 127.0.0.1, in the documented JSON shapes
(https://developer.apple.com/documentation/applemusicapi; no recorded responses exist in
../shared/data): library songs, library playlists and their tracks with ``next`` paging and
``meta.total``; recently played tracks (10 per request, 50 in all); catalog songs by ids (up to
300) and ``filter[isrc]``; search (``limit`` up to 25); library playlist creation and appending
tracks; adding catalog songs to the library (``POST /v1/me/library?ids[songs]=…``, 202; a song
already there is not added twice; unknown ids are 400; ids in ``not_added`` are accepted but
never added, as Apple's 202 allows). ``Authorization: Bearer <developer token>`` is checked
on every call (401), the ``Music-User-Token`` header on ``/v1/me/`` calls (403). Faults:
``fail_next`` (429 with ``Retry-After``, 5xx…).
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tests.fakes._server import Answer, FakeServer

STOREFRONT = "us"
DEVELOPER_TOKEN = "dev-token-for-the-fake"
USER_TOKEN = "music-user-token-for-the-fake"


def catalog_id(n: int) -> str:
    return str(1_440_000_000 + n)


def isrc(n: int) -> str:
    return f"USAM1{n:07d}"


def catalog_song(n: int) -> dict[str, Any]:
    return {
        "id": catalog_id(n),
        "type": "songs",
        "href": f"/v1/catalog/us/songs/{catalog_id(n)}",
        "attributes": {
            "name": f"Catalog Song {n}",
            "artistName": f"Artist {n % 7}",
            "albumName": f"Album {n // 10}",
            "durationInMillis": 180_000 + n * 1000,
            "isrc": isrc(n),
            "contentRating": "explicit" if n % 5 == 0 else None,
            "url": f"https://music.apple.com/us/song/{catalog_id(n)}",
            "playParams": {"id": catalog_id(n), "kind": "song"},
        },
    }


def library_song(n: int, *, in_catalog: bool = True) -> dict[str, Any]:
    song = catalog_song(n)["attributes"]
    params: dict[str, Any] = {"id": f"i.lib{n:08d}", "kind": "song", "isLibrary": True}
    if in_catalog:
        params["catalogId"] = catalog_id(n)
    return {
        "id": f"i.lib{n:08d}",
        "type": "library-songs",
        "href": f"/v1/me/library/songs/i.lib{n:08d}",
        "attributes": {
            "name": song["name"],
            "artistName": song["artistName"],
            "albumName": song["albumName"],
            "durationInMillis": song["durationInMillis"],
            "dateAdded": f"2025-01-{1 + n % 28:02d}T10:00:00Z",
            "playParams": params,
        },
    }


@dataclass
class FakePlaylist:
    id: str
    name: str
    description: str = ""
    songs: list[dict[str, Any]] = field(default_factory=list)
    modified: int = 0

    def resource(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "library-playlists",
            "href": f"/v1/me/library/playlists/{self.id}",
            "attributes": {
                "name": self.name,
                "description": {"standard": self.description},
                "canEdit": True,
                "isPublic": False,
                "lastModifiedDate": f"2025-06-01T00:00:{self.modified:02d}Z",
                "playParams": {"id": self.id, "kind": "playlist", "isLibrary": True},
            },
        }


class FakeAppleMusic(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.developer_token = DEVELOPER_TOKEN
        #: When set, any developer token signed ES256 with this key's private half is accepted
        #: (the CLI signs its own); ``developer_token`` then holds the last one seen.
        self.developer_key: ec.EllipticCurvePublicKey | None = None
        self.user_tokens = {USER_TOKEN}
        self.library: list[dict[str, Any]] = []
        self.playlists: dict[str, FakePlaylist] = {}
        self.recent: list[dict[str, Any]] = []
        self.catalog: dict[str, dict[str, Any]] = {}
        self.writes: list[tuple[str, str, int]] = []  # (method, path, items)
        self.user_token_headers: list[str | None] = []
        #: Library song offsets answered once with a day-long 429 (a pass stopped mid-way).
        self.rate_limit_offsets: set[str] = set()
        #: Catalog ids ``POST /v1/me/library`` accepts (202) but never adds.
        self.not_added: set[str] = set()
        self._local = threading.local()
        self._created = 0
        base: Any = self._server.RequestHandlerClass
        local = self._local

        class WithUserToken(base):  # type: ignore[misc,valid-type]
            def _serve(self, method: str) -> None:
                local.user_token = self.headers.get("Music-User-Token")
                super()._serve(method)

        handler: type[BaseHTTPRequestHandler] = WithUserToken
        self._server.RequestHandlerClass = handler

    @property
    def environ(self) -> dict[str, str]:
        return {
            "MIXTAPE_APPLE_MUSIC_API_URL": self.base + "/",
            "MIXTAPE_APPLE_MUSIC_AUTH_URL": self.base + "/musickit/",
        }

    # -- seeding --------------------------------------------------------------------------
    def add_to_catalog(self, *numbers: int) -> None:
        for n in numbers:
            self.catalog[catalog_id(n)] = catalog_song(n)

    def seed_library(self, count: int, start: int = 0) -> None:
        self.add_to_catalog(*range(start, start + count))
        self.library.extend(library_song(n) for n in range(start, start + count))

    def add_playlist(self, playlist_id: str, name: str, numbers: list[int]) -> FakePlaylist:
        self.add_to_catalog(*numbers)
        playlist = FakePlaylist(playlist_id, name, songs=[library_song(n) for n in numbers])
        self.playlists[playlist_id] = playlist
        return playlist

    def play(self, *numbers: int) -> None:
        """The user played these (the last one most recently); Apple keeps 50, newest first."""
        self.add_to_catalog(*numbers)
        for n in numbers:
            song = catalog_song(n)
            self.recent = [s for s in self.recent if s["id"] != song["id"]]
            self.recent.insert(0, song)
        del self.recent[50:]

    # -- what the tests look at -----------------------------------------------------------
    def api_requests(self, prefix: str = "/v1/") -> list[Any]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def playlist_named(self, name: str) -> FakePlaylist:
        (found,) = [p for p in self.playlists.values() if p.name == name]
        return found

    # -- routes ---------------------------------------------------------------------------
    def route(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> Answer:
        user_token = getattr(self._local, "user_token", None)
        self.user_token_headers.append(user_token)
        if path == "/musickit/musickit.js":
            return 200, {"Content-Type": "text/javascript"}, "/* MusicKit JS stand-in */"
        if not self._developer_token_ok(auth):
            return 401, {}, _errors(401, "UNAUTHORIZED", "Unauthenticated")
        if path.startswith("/v1/me/") and user_token not in self.user_tokens:
            return 403, {}, _errors(403, "FORBIDDEN", "Invalid or expired Music User Token")
        body = json.loads(form["json"]) if "json" in form else None
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if parts == ["v1", "me", "storefront"]:
            return 200, {}, {"data": [{"id": STOREFRONT, "type": "storefronts"}]}
        if parts == ["v1", "me", "library", "songs"]:
            if query.get("offset") in self.rate_limit_offsets:
                self.rate_limit_offsets.discard(query["offset"])
                return 429, {"Retry-After": "86400"}, _errors(429, "RATE_LIMIT", "Too Many")
            return self._page(path, self.library, query, 100)
        if parts == ["v1", "me", "library"] and method == "POST":
            return self._add_to_library(path, query)
        if parts == ["v1", "me", "recent", "played", "tracks"]:
            limit, offset = int(query.get("limit", "10")), int(query.get("offset", "0"))
            if limit > 10 or offset + limit > 50:
                return 400, {}, _errors(400, "PARAMETER_INVALID", "limit/offset out of range")
            return self._page(path, self.recent[:50], query, 10)
        if parts[:4] == ["v1", "me", "library", "playlists"]:
            return self._playlists(method, path, parts[4:], query, body)
        if parts[:2] == ["v1", "catalog"] and len(parts) == 4:
            return self._catalog(parts[3], query)
        return 404, {}, _errors(404, "NOT_FOUND", "Resource Not Found")

    def _developer_token_ok(self, auth: str | None) -> bool:
        if self.developer_key is None:
            return auth == f"Bearer {self.developer_token}"
        token = (auth or "").removeprefix("Bearer ")
        parts = token.split(".")
        if not (auth or "").startswith("Bearer ") or len(parts) != 3:
            return False
        raw = base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        try:
            self.developer_key.verify(
                der, f"{parts[0]}.{parts[1]}".encode(), ec.ECDSA(hashes.SHA256())
            )
        except InvalidSignature:
            return False
        self.developer_token = token
        return True

    def _playlists(
        self, method: str, path: str, rest: list[str], query: dict[str, str], body: Any
    ) -> Answer:
        if not rest:
            if method == "POST":
                self._created += 1
                attrs = (body or {}).get("attributes") or {}
                new = FakePlaylist(f"p.new{self._created:04d}", attrs["name"])
                new.description = attrs.get("description") or ""
                self.playlists[new.id] = new
                self.writes.append((method, path, 0))
                return 201, {}, {"data": [new.resource()]}
            listed = [p.resource() for p in self.playlists.values()]
            return self._page(path, listed, query, 100)
        playlist = self.playlists.get(rest[0])
        if playlist is None or rest[1:] != ["tracks"]:
            return 404, {}, _errors(404, "NOT_FOUND", "Resource Not Found")
        if method == "POST":
            data = (body or {}).get("data") or []
            for item in data:
                song = self.catalog[item["id"]]
                entry = library_song(int(song["id"]) - 1_440_000_000)
                playlist.songs.append(entry)
            playlist.modified += 1
            self.writes.append((method, path, len(data)))
            return 204, {}, None
        if not playlist.songs:
            return 404, {}, _errors(404, "NOT_FOUND", "Resource Not Found")  # Apple's "empty"
        return self._page(path, playlist.songs, query, 100)

    def _add_to_library(self, path: str, query: dict[str, str]) -> Answer:
        ids = [i for i in query.get("ids[songs]", "").split(",") if i]
        if not ids or any(i not in self.catalog for i in ids):
            return 400, {}, _errors(400, "PARAMETER_INVALID", "unknown or missing ids[songs]")
        there = {(s["attributes"].get("playParams") or {}).get("catalogId") for s in self.library}
        for catalog in ids:
            if catalog not in there and catalog not in self.not_added:
                self.library.append(library_song(int(catalog) - 1_440_000_000))
                there.add(catalog)
        self.writes.append(("POST", path, len(ids)))
        return 202, {}, None

    def _catalog(self, what: str, query: dict[str, str]) -> Answer:
        if what == "songs" and "ids" in query:
            ids = query["ids"].split(",")
            if len(ids) > 300:
                return 400, {}, _errors(400, "PARAMETER_INVALID", "too many ids")
            return 200, {}, {"data": [self.catalog[i] for i in ids if i in self.catalog]}
        if what == "songs" and "filter[isrc]" in query:
            wanted = set(query["filter[isrc]"].split(","))
            found = [s for s in self.catalog.values() if s["attributes"]["isrc"] in wanted]
            return 200, {}, {"data": found}
        if what == "search":
            limit = int(query.get("limit", "5"))
            if limit > 25:
                return 400, {}, _errors(400, "PARAMETER_INVALID", "limit too big")
            words = query.get("term", "").lower().split()
            found = [
                s
                for s in self.catalog.values()
                if all(
                    w in f"{s['attributes']['name']} {s['attributes']['artistName']}".lower()
                    for w in words
                )
            ][:limit]
            return 200, {}, {"results": {"songs": {"data": found}} if found else {}}
        return 404, {}, _errors(404, "NOT_FOUND", "Resource Not Found")

    def _page(self, path: str, items: list[Any], query: dict[str, str], most: int) -> Answer:
        limit = min(int(query.get("limit", "25")), most)
        offset = int(query.get("offset", "0"))
        body: dict[str, Any] = {"data": items[offset : offset + limit]}
        if offset + limit < len(items):
            body["next"] = f"{path}?offset={offset + limit}"
        body["meta"] = {"total": len(items)}
        return 200, {}, body


def _errors(status: int, code: str, title: str) -> dict[str, Any]:
    return {"errors": [{"status": str(status), "code": code, "title": title}]}
