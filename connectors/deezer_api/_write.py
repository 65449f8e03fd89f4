"""Deezer API calls for transfers: catalog lookups and writes (https://developers.deezer.com/api).

- ISRC lookup: ``GET /track/isrc:{ISRC}`` answers one track, or error 800 ("no data") when the
  catalog has none; a hit spends no text search.
- Search: ``GET /search`` with Deezer's advanced syntax, ``artist:"…" track:"…"`` plus
  ``dur_min:``/``dur_max:`` (seconds) around the source's duration, so versions of another
  length are not even returned.
- Create a playlist: ``POST /user/me/playlists`` with ``title`` (it answers ``{"id": …}``);
  the description is set with ``POST /playlist/{id}`` afterwards (it carries the transfer's
  marker, so a crash between the two calls and the checkpoint finds the playlist again).
- Add tracks: ``POST /playlist/{id}/tracks`` with ``songs`` = comma-separated ids. Deezer
  appends (no position); the order is the order of ``songs``. Deezer documents no limit per
  call; 100 keeps every request small.
- Remove tracks: ``DELETE /playlist/{id}/tracks`` with ``songs`` (a mirror's replace).
- Favourite a track: ``POST /user/me/tracks`` with ``track_id``: one track per call, and the
  date added is the moment of the call (Deezer has no way to set it).

Parameters and the ``access_token`` travel in the query string, as in Deezer's documentation
and the recorded answers in ../shared/data (``POST /user/me/tracks?track_id=…``); httpx's
request log, which would show them, is kept at WARNING by every entry point. Errors arrive as
HTTP 200 + ``error`` and are mapped by ``check_deezer_body`` (code 4: the gate backs off and the
request is repeated).
"""

from __future__ import annotations

from typing import Any, cast

from connectors._endpoints import ServiceEndpoints
from connectors._oauth import StaticToken
from connectors._transport import ServiceHttp
from connectors.deezer_api._payloads import ListObject, TrackObject
from connectors.errors import ClientError

SERVICE = "deezer"
ADD_LIMIT = 100
SEARCH_LIMIT = 10
#: Seconds either side of the source's duration that a search still returns.
DURATION_WINDOW = 10


class DeezerWriter:
    def __init__(self, http: ServiceHttp, endpoints: ServiceEndpoints, token: StaticToken) -> None:
        self.http = http
        self._base = endpoints.api
        self._token = token

    def track_by_isrc(self, isrc: str) -> TrackObject | None:
        try:
            found = self._call("GET", f"track/isrc:{isrc}")
        except ClientError as e:
            if e.status == 404:  # error 800: not in the catalog
                return None
            raise
        return cast(TrackObject, found) if isinstance(found, dict) and found.get("id") else None

    def search_tracks(
        self, title: str, artist: str | None, duration_s: int | None, limit: int = SEARCH_LIMIT
    ) -> list[TrackObject]:
        query = f'track:"{_quoted(title)}"'
        if artist:
            query = f'artist:"{_quoted(artist)}" ' + query
        if duration_s:
            query += f" dur_min:{max(0, duration_s - DURATION_WINDOW)}"
            query += f" dur_max:{duration_s + DURATION_WINDOW}"
        data = cast(ListObject, self._call("GET", "search", {"q": query, "limit": limit}))
        return [cast(TrackObject, t) for t in data.get("data") or [] if t]

    def create_playlist(self, title: str, description: str) -> str:
        data = self._call("POST", "user/me/playlists", {"title": title})
        playlist_id = data.get("id") if isinstance(data, dict) else None
        if not playlist_id:
            raise ClientError(SERVICE, "Deezer did not return the new playlist")
        if description:
            self._call("POST", f"playlist/{playlist_id}", {"description": description})
        return str(playlist_id)

    def add_tracks(self, playlist_id: str, track_ids: list[str]) -> None:
        if len(track_ids) > ADD_LIMIT:
            raise ValueError(f"at most {ADD_LIMIT} tracks per request")
        if track_ids:
            self._call("POST", f"playlist/{playlist_id}/tracks", {"songs": ",".join(track_ids)})

    def remove_tracks(self, playlist_id: str, track_ids: list[str]) -> None:
        for start in range(0, len(track_ids), ADD_LIMIT):
            part = track_ids[start : start + ADD_LIMIT]
            self._call("DELETE", f"playlist/{playlist_id}/tracks", {"songs": ",".join(part)})

    def favourite(self, track_id: str) -> None:
        self._call("POST", "user/me/tracks", {"track_id": track_id})

    def _call(
        self,
        method: str,
        path: str,
        params: dict[str, str | int] | None = None,
    ) -> Any:
        query: dict[str, str | int] = {**(params or {}), "access_token": self._token.access_token()}
        return self.http.request_json(method, self._base + path, params=query)


def _quoted(text: str) -> str:
    return text.replace('"', " ")
