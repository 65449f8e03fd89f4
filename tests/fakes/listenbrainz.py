"""A fake ListenBrainz API on 127.0.0.1, seeded from the recorded listens in ../shared/data
(listenbrainz-server's test data), cloned with new timestamps for bigger histories.

Rate limits like the real server: every answer carries ``X-RateLimit-Limit``, ``-Remaining``
and ``-Reset-In``, counted per window on the test's clock; a request with nothing remaining
gets a 429 (``too_many`` counts those, which a well-behaved client never causes).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.fakes._server import Answer, FakeServer
from tests.fakes.clock import FakeClock

RECORDED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "listenbrainz_server_testdata"
    / "listenbrainz_listens.jsonl"
)


def recorded_listens() -> list[dict[str, Any]]:
    lines = RECORDED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def lookup_answer(title: str, artist: str, recording_mbid: str, artist_mbid: str) -> dict[str, Any]:
    """``GET /1/metadata/lookup/``'s answer for a found recording."""
    return {
        "artist_credit_name": artist,
        "artist_mbids": [artist_mbid],
        "recording_mbid": recording_mbid,
        "recording_name": title,
        "release_mbid": "00000000-0000-4000-8000-00000000beef",
        "release_name": f"{title} (single)",
    }


def similar_recording(
    title: str, artist: str, mbid: str, score: int, reference: str
) -> dict[str, Any]:
    """One row of the labs ``similar-recordings/json`` answer (``score``: shared sessions)."""
    return {
        "recording_mbid": mbid,
        "recording_name": title,
        "artist_credit_name": artist,
        "artist_credit_mbids": None,
        "release_mbid": "00000000-0000-4000-8000-00000000cafe",
        "release_name": "A Record",
        "caa_id": None,
        "caa_release_mbid": None,
        "canonical_recording_mbid": mbid,
        "score": score,
        "reference_mbid": reference,
    }


def similar_artist_row(name: str, mbid: str, score: int, reference: str) -> dict[str, Any]:
    """One row of the labs ``similar-artists/json`` answer."""
    return {
        "artist_mbid": mbid,
        "name": name,
        "comment": "",
        "type": "Group",
        "gender": None,
        "score": score,
        "reference_mbid": reference,
    }


def top_recording(title: str, artist: str, artist_mbid: str, mbid: str) -> dict[str, Any]:
    """One item of ``GET /1/popularity/top-recordings-for-artist/{mbid}``."""
    return {
        "artist_mbids": [artist_mbid],
        "artist_name": artist,
        "caa_id": None,
        "caa_release_mbid": None,
        "length": 215000,
        "recording_mbid": mbid,
        "recording_name": title,
        "release_mbid": "00000000-0000-4000-8000-00000000f00d",
        "release_name": "Greatest",
        "total_listen_count": 9000,
        "total_user_count": 800,
    }


class FakeListenBrainz(FakeServer):
    def __init__(
        self, clock: FakeClock, *, token: str = "lb-user-token", user: str = "rob"
    ) -> None:
        super().__init__()
        self.clock = clock
        self.token = token
        self.user = user
        self.listens: list[dict[str, Any]] = []  # any order; served newest first
        self.limit = 30
        self.window = 10.0
        self._window_start = clock.now()
        self._used = 0
        self.too_many = 0
        # Similar music (public, no token): metadata lookup by names, the labs similarity
        # answers by MBID, and each artist's most listened recordings.
        self.lookups: dict[tuple[str, str], dict[str, Any]] = {}
        self.similar_recordings: dict[str, list[dict[str, Any]]] = {}
        self.similar_artists: dict[str, list[dict[str, Any]]] = {}
        self.top_recordings: dict[str, list[dict[str, Any]]] = {}

    @property
    def environ(self) -> dict[str, str]:
        return {
            "MIXTAPE_LISTENBRAINZ_API_URL": self.base + "/",
            "MIXTAPE_LISTENBRAINZ_LABS_URL": self.base + "/labs/",
        }

    def seed(self, count: int, start_ts: int = 1_700_000_000) -> None:
        """``count`` listens one minute apart, cloned from the recorded ones."""
        recorded = recorded_listens()
        for n in range(count):
            listen = copy.deepcopy(recorded[n % len(recorded)])
            listen["listened_at"] = start_ts + 60 * (len(self.listens) + 1)
            meta = listen["track_metadata"]
            meta["track_name"] = f"{meta['track_name']} #{len(self.listens)}"
            meta.pop("mbid_mapping", None)
            self.listens.append(listen)

    def route(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str], auth: str | None
    ) -> Answer:
        now = self.clock.now()
        if now >= self._window_start + self.window:
            self._window_start, self._used = now, 0
        reset_in = max(0.0, self._window_start + self.window - now)
        if self._used >= self.limit:
            self.too_many += 1
            return 429, self._headers(0, reset_in), {"code": 429, "error": "Too many requests"}
        self._used += 1
        headers = self._headers(self.limit - self._used, reset_in)
        public = self._public(path, query)
        if public is not None:
            return 200, headers, public
        if auth != f"Token {self.token}":
            return 401, headers, {"code": 401, "error": "Invalid authorization token."}
        if path == "/1/validate-token":
            return 200, headers, {"code": 200, "valid": True, "user_name": self.user}
        if path == f"/1/user/{self.user}/listens":
            return 200, headers, self._page(query)
        return 404, headers, {"code": 404, "error": "Not found"}

    def _headers(self, remaining: int, reset_in: float) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset-In": str(round(reset_in)),
        }

    def _page(self, q: dict[str, str]) -> dict[str, Any]:
        count = min(int(q.get("count", "25")), 1000)
        ordered = sorted(self.listens, key=lambda x: x["listened_at"])
        if "min_ts" in q:
            after = [x for x in ordered if x["listened_at"] > int(q["min_ts"])][:count]
        else:
            after = ordered[-count:]
        page = sorted(after, key=lambda x: -x["listened_at"])
        latest = ordered[-1]["listened_at"] if ordered else None
        return {
            "payload": {
                "count": len(page),
                "user_id": self.user,
                "latest_listen_ts": latest,
                "listens": page,
            }
        }

    def _public(self, path: str, q: dict[str, str]) -> Any:
        """The similar-music endpoints (no token needed); ``None`` for any other path."""
        if path == "/1/metadata/lookup/":
            key = (q.get("artist_name", "").lower(), q.get("recording_name", "").lower())
            return copy.deepcopy(self.lookups.get(key, {}))
        if path == "/labs/similar-recordings/json":
            return copy.deepcopy(self.similar_recordings.get(q.get("recording_mbids", ""), []))
        if path == "/labs/similar-artists/json":
            return copy.deepcopy(self.similar_artists.get(q.get("artist_mbids", ""), []))
        prefix = "/1/popularity/top-recordings-for-artist/"
        if path.startswith(prefix):
            return copy.deepcopy(self.top_recordings.get(path[len(prefix) :], []))
        return None
