"""Similar music from Last.fm, as metadata only (https://www.last.fm/api): API key, no sign-in.

- ``track.getSimilar`` (https://www.last.fm/api/show/track.getSimilar): tracks listened to
  with the seed, each with ``match`` (a number, 0..1);
- ``artist.getSimilar`` (https://www.last.fm/api/show/artist.getSimilar): artists with
  ``match`` (a *string*, 0..1), and ``artist.getTopTracks`` for the closest few of them.

What is sent: the seed's title and artist name (and its MBID when known), nothing else from
the library. Error 6 ("track/artist not found") is an empty answer, not a failure; error 29 and
the others are mapped as in :mod:`connectors.lastfm_api._http` (the rate governor slows down,
a persistent limit parks the job).
"""

from __future__ import annotations

import math
from typing import Any, TypedDict, cast

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.errors import ClientError
from connectors.lastfm_api._http import check_lastfm_body, observe_lastfm_errors
from domain.similar import Seed, SimilarTrack

SERVICE = "lastfm"
NOT_FOUND = 6
#: Answers asked for per seed; Last.fm's own default for getSimilar is 100.
SIMILAR_TRACKS = 30
SIMILAR_ARTISTS = 10
#: Similar artists whose top tracks are read (each costs one request).
ARTISTS_FOLLOWED = 3
TOP_TRACKS = 5


class SimilarArtistRef(TypedDict, total=False):
    name: str
    mbid: str
    url: str


SimilarTrackObject = TypedDict(
    "SimilarTrackObject",
    {
        "name": str,
        "mbid": str,
        "url": str,
        "match": "float | str",
        "playcount": "int | str",
        "artist": SimilarArtistRef,
        "@attr": dict[str, str],
    },
    total=False,
)


class SimilarArtistObject(TypedDict, total=False):
    name: str
    mbid: str
    url: str
    match: str


class _NotFound(ClientError):
    """Last.fm knows no such track or artist: an empty answer."""


def _check_body(payload: Any, gate: ServiceGate) -> Any:
    if isinstance(payload, dict) and payload.get("error") == NOT_FOUND:
        gate.answered()
        return {}
    return check_lastfm_body(payload, gate)


def _observe(response: httpx.Response, gate: ServiceGate) -> None:
    if 400 <= response.status_code < 500 and response.status_code not in (401, 429):
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("error") == NOT_FOUND:
            gate.answered()
            raise _NotFound(SERVICE, "not found on Last.fm", response.status_code)
    observe_lastfm_errors(response, gate)


def _items(value: Any) -> list[Any]:
    """Last.fm's "a list of one is a bare object"."""
    if isinstance(value, dict):
        return [value]
    return list(value) if isinstance(value, list) else []


def _number(value: Any) -> float:
    try:
        found = float(value)
    except (TypeError, ValueError):
        return 0.0
    return found if math.isfinite(found) else 0.0


class LastfmSimilar:
    """The three reads above, through the service's gate. ``requests_sent`` counts them."""

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        gate: ServiceGate,
        *,
        api_key: str,
        client: httpx.Client | None = None,
    ) -> None:
        self._http = ServiceHttp(
            SERVICE,
            gate,
            client=client or httpx.Client(timeout=DEFAULT_TIMEOUT),
            check_body=_check_body,
            observe=_observe,
        )
        self._base = endpoints.api
        self._api_key = api_key

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, params: dict[str, str]) -> dict[str, Any]:
        query = {"method": method, "api_key": self._api_key, "autocorrect": "1", **params}
        query["format"] = "json"
        try:
            data = self._http.get_json(self._base, query)
        except _NotFound:
            return {}
        return data if isinstance(data, dict) else {}

    def _by(self, seed_artist: str, artist_mbid: str | None) -> dict[str, str]:
        return {"mbid": artist_mbid} if artist_mbid else {"artist": seed_artist}

    def similar_tracks(self, seed: Seed, key: str) -> list[SimilarTrack]:
        """track.getSimilar for one seed; ``key`` is the cache key the answers belong to."""
        params = {"limit": str(SIMILAR_TRACKS)}
        if seed.recording_mbid:
            params["mbid"] = seed.recording_mbid
        else:
            params.update({"track": seed.title, "artist": seed.artist})
        data = self._call("track.getSimilar", params)
        raw = cast(list[SimilarTrackObject], _items((data.get("similartracks") or {}).get("track")))
        found = []
        for item in raw:
            track = _track(item, key, _number(item.get("match")), "track", None)
            if track is not None:
                found.append(track)
        return found

    def similar_artists_tracks(self, seed: Seed, key: str) -> list[SimilarTrack]:
        """artist.getSimilar, then the top tracks of the closest :data:`ARTISTS_FOLLOWED`."""
        params = {"limit": str(SIMILAR_ARTISTS), **self._by(seed.artist, seed.artist_mbid)}
        data = self._call("artist.getSimilar", params)
        artists = cast(
            list[SimilarArtistObject], _items((data.get("similarartists") or {}).get("artist"))
        )
        found: list[SimilarTrack] = []
        for artist in artists[:ARTISTS_FOLLOWED]:
            name = artist.get("name")
            if not name:
                continue
            match = _number(artist.get("match"))
            top = self._call(
                "artist.getTopTracks",
                {"limit": str(TOP_TRACKS), **self._by(name, artist.get("mbid") or None)},
            )
            tracks = cast(
                list[SimilarTrackObject], _items((top.get("toptracks") or {}).get("track"))
            )
            for rank, item in enumerate(tracks[:TOP_TRACKS], 1):
                track = _track(item, key, match / math.sqrt(rank), "artist", name)
                if track is not None:
                    found.append(track)
        return found


def _track(
    item: SimilarTrackObject, key: str, score: float, via: Any, through: str | None
) -> SimilarTrack | None:
    title = item.get("name")
    by = item.get("artist")
    artist = by.get("name") if isinstance(by, dict) else None
    if not title or not artist:
        return None
    return SimilarTrack(
        source=SERVICE,
        seed_key=key,
        title=str(title),
        artists=(str(artist),),
        score=max(0.0, min(1.0, score)),
        via=via,
        mbid=item.get("mbid") or None,
        url=item.get("url") or None,
        through_artist=through,
    )
