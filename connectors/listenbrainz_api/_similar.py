"""Similar music from ListenBrainz, as metadata only; public endpoints, no token needed.

- ``GET /1/metadata/lookup/?artist_name=…&recording_name=…`` (core API) finds a seed's
  recording and artist MBIDs when the library has none;
- ``GET {labs}similar-recordings/json?recording_mbids=…&algorithm=…`` and
  ``GET {labs}similar-artists/json?artist_mbids=…&algorithm=…`` (the labs API behind
  ListenBrainz's explore pages) give neighbours with a ``score`` that counts shared listening
  sessions, so it is scaled by the answer's best to 0..1;
- ``GET /1/popularity/top-recordings-for-artist/{artist_mbid}`` gives a similar artist's most
  listened recordings.

The labs base URL is overridable like the others (shared/docs/cli.md):
``MIXTAPE_LISTENBRAINZ_LABS_URL``. Every answer's ``X-RateLimit-*`` headers feed the governor
(:func:`connectors.listenbrainz_api._http.observe_rate_headers`); a 404 or 400 for an MBID the
server does not know is an empty answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypedDict, cast
from urllib.parse import quote

import httpx

from connectors._endpoints import ServiceEndpoints
from connectors._jobs import ServiceGate
from connectors._transport import DEFAULT_TIMEOUT, ServiceHttp
from connectors.errors import ClientError
from connectors.listenbrainz_api._http import observe_rate_headers
from domain.similar import Seed, SimilarTrack

SERVICE = "listenbrainz"
DEFAULT_LABS = "https://labs.api.listenbrainz.org/"
LABS_ENV = "MIXTAPE_LISTENBRAINZ_LABS_URL"
#: The algorithms ListenBrainz's own explore pages use.
RECORDING_ALGORITHM = (
    "session_based_days_9000_session_300_contribution_5_threshold_15_limit_50_skip_30"
)
ARTIST_ALGORITHM = (
    "session_based_days_7500_session_300_contribution_5_threshold_10_limit_100_filter_True_skip_30"
)
SIMILAR_TRACKS = 30
ARTISTS_FOLLOWED = 3
TOP_TRACKS = 5


def labs_url(environ: Mapping[str, str]) -> str:
    url = environ.get(LABS_ENV) or DEFAULT_LABS
    return url if url.endswith("/") else url + "/"


class LookupAnswer(TypedDict, total=False):
    artist_credit_name: str
    artist_mbids: list[str]
    recording_mbid: str
    recording_name: str
    release_mbid: str
    release_name: str


class SimilarRecordingRow(TypedDict, total=False):
    recording_mbid: str
    recording_name: str
    artist_credit_name: str
    release_name: str
    score: float
    reference_mbid: str


class SimilarArtistRow(TypedDict, total=False):
    artist_mbid: str
    name: str
    score: float
    reference_mbid: str


class TopRecordingRow(TypedDict, total=False):
    recording_mbid: str
    recording_name: str
    artist_name: str
    total_listen_count: int


_WRAPPERS = frozenset({"markup", "dataset", "columns"})


def _rows(data: Any) -> list[dict[str, Any]]:
    """A flat list of rows (older labs answers wrap them in ``{"type": "dataset", "data"}``)."""
    if not isinstance(data, list):
        return []
    rows: list[dict[str, Any]] = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("data"), list):
            rows.extend(r for r in item["data"] if isinstance(r, dict))
        elif isinstance(item, dict) and item.get("type") not in _WRAPPERS:
            rows.append(item)
    return rows


def _number(value: Any) -> float:
    try:
        found = float(value)
    except (TypeError, ValueError):
        return 0.0
    return found if math.isfinite(found) and found > 0 else 0.0


class ListenBrainzSimilar:
    """The reads above through the service's gate; ``requests_sent`` counts them."""

    def __init__(
        self,
        endpoints: ServiceEndpoints,
        labs: str,
        gate: ServiceGate,
        client: httpx.Client | None = None,
    ) -> None:
        self._http = ServiceHttp(
            SERVICE,
            gate,
            client=client or httpx.Client(timeout=DEFAULT_TIMEOUT),
            observe=observe_rate_headers,
        )
        self._api = endpoints.api
        self._labs = labs

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def _get(self, url: str, params: dict[str, str | int] | None = None) -> Any:
        try:
            return self._http.get_json(url, params)
        except ClientError as e:
            if e.status in (400, 404):
                return None
            raise

    def identify(self, seed: Seed) -> Seed:
        """The seed with its MBIDs, looked up by title and artist when it has none."""
        if seed.recording_mbid and seed.artist_mbid:
            return seed
        params: dict[str, str | int] = {"artist_name": seed.artist, "recording_name": seed.title}
        found = self._get(self._api + "1/metadata/lookup/", params)
        answer = cast(LookupAnswer, found if isinstance(found, dict) else {})
        artists = answer.get("artist_mbids") or []
        return Seed(
            seed.title,
            seed.artist,
            seed.recording_mbid or answer.get("recording_mbid") or None,
            seed.artist_mbid or (str(artists[0]) if artists else None),
        )

    def similar_tracks(self, seed: Seed, key: str) -> list[SimilarTrack]:
        """Recordings listened to in the same sessions as the seed's (needs its MBID)."""
        if not seed.recording_mbid:
            return []
        params: dict[str, str | int] = {
            "recording_mbids": seed.recording_mbid,
            "algorithm": RECORDING_ALGORITHM,
        }
        rows = cast(
            list[SimilarRecordingRow],
            _rows(self._get(self._labs + "similar-recordings/json", params)),
        )
        rows = [r for r in rows if r.get("recording_mbid") != seed.recording_mbid]
        best = max((_number(r.get("score")) for r in rows), default=0.0)
        found = []
        for row in rows[:SIMILAR_TRACKS]:
            title, artist = row.get("recording_name"), row.get("artist_credit_name")
            if not title or not artist or best <= 0:
                continue
            found.append(
                SimilarTrack(
                    SERVICE,
                    key,
                    str(title),
                    (str(artist),),
                    _number(row.get("score")) / best,
                    "track",
                    mbid=row.get("recording_mbid") or None,
                )
            )
        return found

    def similar_artists_tracks(self, seed: Seed, key: str) -> list[SimilarTrack]:
        """Similar artists (needs the seed artist's MBID), then their most listened songs."""
        if not seed.artist_mbid:
            return []
        params: dict[str, str | int] = {
            "artist_mbids": seed.artist_mbid,
            "algorithm": ARTIST_ALGORITHM,
        }
        rows = cast(
            list[SimilarArtistRow], _rows(self._get(self._labs + "similar-artists/json", params))
        )
        rows = [r for r in rows if r.get("artist_mbid") not in (None, "", seed.artist_mbid)]
        best = max((_number(r.get("score")) for r in rows), default=0.0)
        found: list[SimilarTrack] = []
        for row in rows[:ARTISTS_FOLLOWED]:
            name, mbid = row.get("name"), str(row.get("artist_mbid"))
            if not name or best <= 0:
                continue
            match = _number(row.get("score")) / best
            path = f"1/popularity/top-recordings-for-artist/{quote(mbid, safe='')}"
            top = cast(list[TopRecordingRow], _rows(self._get(self._api + path)))
            for rank, item in enumerate(top[:TOP_TRACKS], 1):
                title = item.get("recording_name")
                if not title:
                    continue
                found.append(
                    SimilarTrack(
                        SERVICE,
                        key,
                        str(title),
                        (str(item.get("artist_name") or name),),
                        match / math.sqrt(rank),
                        "artist",
                        mbid=item.get("recording_mbid") or None,
                        through_artist=str(name),
                    )
                )
        return found
