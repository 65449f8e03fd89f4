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

    @property
    def environ(self) -> dict[str, str]:
        return {"MIXTAPE_LISTENBRAINZ_API_URL": self.base + "/"}

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
