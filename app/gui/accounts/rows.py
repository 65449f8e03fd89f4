"""What the Accounts section shows, as plain rows read from the store in a worker.

No Qt here: :func:`read_cards` runs in the task helper and its rows travel to the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from app.core.transfer_targets import target_services
from domain import Account
from store import Library
from store.accounts import ServiceAccounts

#: What a service needs from the user to connect.
Needs = Literal[
    "client_id", "user_token", "public_user", "api_key", "google_client", "apple_tokens", "nothing"
]


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    key: str
    needs: Needs
    available: bool  # False: shown as "coming soon"
    imports: str  # what "import" brings in, in the user's words


SERVICES: tuple[ServiceInfo, ...] = (
    ServiceInfo("spotify", "client_id", True, "liked songs, playlists and recent plays"),
    ServiceInfo("deezer", "public_user", True, "public playlists (and Favourites, signed in)"),
    ServiceInfo("lastfm", "api_key", True, "scrobbles and loved tracks"),
    ServiceInfo("listenbrainz", "user_token", True, "listens"),
    ServiceInfo("youtube_music", "google_client", True, "playlists and liked videos"),
    ServiceInfo("apple_music", "apple_tokens", True, "library songs and playlists"),
)

#: Services a playlist or liked songs can be written to (``app.core.transfer_targets``).
TRANSFER_TARGETS = target_services()


@dataclass(frozen=True, slots=True)
class ParkedWork:
    stream: str
    reason: str | None
    until: datetime | None


@dataclass(frozen=True, slots=True)
class Counts:
    saved: int = 0
    playlists: int = 0
    listens: int = 0


@dataclass(frozen=True, slots=True)
class CardRow:
    info: ServiceInfo
    account: Account | None = None
    parked: tuple[ParkedWork, ...] = ()
    counts: Counts = field(default_factory=Counts)
    client_id: str | None = None  # the user's own app id, remembered (not a secret)
    consents: frozenset[str] = frozenset()  # purposes granted

    @property
    def connected(self) -> bool:
        return self.account is not None


def read_cards(library: Library) -> list[CardRow]:
    """One row per service in :data:`SERVICES` order (worker thread)."""
    accounts = ServiceAccounts(library)
    by_service = {a.service: a for a in accounts.accounts()}
    parked: dict[str, list[ParkedWork]] = {}
    for job in accounts.unfinished_jobs():
        if job.status == "parked":
            parked.setdefault(job.service, []).append(
                ParkedWork(job.stream, job.reason, job.not_before)
            )
    counts = service_counts(library)
    with library.read() as db:
        granted = {
            (str(r[0]), str(r[1]))
            for r in db.execute("SELECT service, purpose, granted FROM consent")
            if r[2]
        }
    return [
        CardRow(
            info=info,
            account=by_service.get(info.key),
            parked=tuple(parked.get(info.key, ())),
            counts=counts.get(info.key, Counts()),
            client_id=accounts.setting(f"{info.key}.client_id"),
            consents=frozenset(p for s, p in granted if s == info.key),
        )
        for info in SERVICES
    ]


def service_counts(library: Library) -> dict[str, Counts]:
    with library.read() as db:
        saved = dict(db.execute("SELECT service, count(*) FROM saved_item GROUP BY service"))
        playlists = dict(db.execute("SELECT service, count(*) FROM playlist GROUP BY service"))
        listens = dict(db.execute("SELECT source, count(*) FROM listen GROUP BY source"))
    keys = set(saved) | set(playlists) | set(listens)
    return {
        str(k): Counts(int(saved.get(k, 0)), int(playlists.get(k, 0)), int(listens.get(k, 0)))
        for k in keys
    }
