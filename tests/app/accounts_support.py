"""Helpers for the Accounts tests: the fake Spotify, a test ``ServiceEnvironment``, and a
library with a playlist to transfer (fictional titles from the fake's recorded track)."""

from __future__ import annotations

import copy
from typing import Any

from app.gui.accounts import AccountsView
from app.gui.accounts.work import ServiceEnvironment
from app.gui.main_window import MainWindow
from domain import Playlist, PlaylistEntry, ServiceTrack
from store import Library
from store.importing import ImportBatchWriter
from tests.fakes.browser import open_in_thread
from tests.fakes.clock import FakeClock
from tests.fakes.spotify import FakeSpotify, make_track
from tests.services.support import MemorySecrets

CLIENT_ID = "3f1c0a9e5b7d4c2e8a6f1b3d5c7e9a0b"
WAIT = 20_000


def start_fake() -> FakeSpotify:
    fake = FakeSpotify(client_id=CLIENT_ID).start()
    fake.seed_saved(120)
    fake.seed_recorded_playlist()
    fake.add_playlist("5lp1aylist0000000000ab", "Morning", [fake.entry(n) for n in range(3)])
    return fake


def environment(fake: FakeSpotify, secrets: MemorySecrets) -> ServiceEnvironment:
    return ServiceEnvironment(
        secrets=lambda: secrets,
        clock=FakeClock(),
        environ=fake.environ,
        open_browser=open_in_thread,
        sign_in_timeout=15,
    )


def accounts_view(window: MainWindow) -> AccountsView:
    view = window.section_page("accounts")
    assert isinstance(view, AccountsView)
    return view


def _apple(n: int, *, isrc: bool = True, title: str | None = None) -> ServiceTrack:
    spotify = make_track(n)
    return ServiceTrack(
        service="apple_music",
        service_id=f"am{n}",
        title=title or spotify["name"],
        artists=tuple(a["name"] for a in spotify["artists"]),
        album=spotify["album"]["name"],
        duration_ms=spotify["duration_ms"],
        isrc=spotify["external_ids"]["isrc"] if isrc else None,
    )


def seed_transfer(fake: FakeSpotify, library: Library) -> str:
    """A catalog on the fake and an Apple Music playlist whose songs match in every way:
    by ISRC, by metadata, ambiguous (a twin in the catalog), not found, unsupported.
    Returns the ambiguous song's twin id."""
    fake.add_to_catalog(*(make_track(n) for n in range(1000, 1012)))
    twin = copy.deepcopy(make_track(1003))
    twin["id"], twin["external_ids"] = "twin00000000000000000a", {"isrc": "USX999999999"}
    fake.add_to_catalog(twin)
    tracks = [
        _apple(1001),
        _apple(1002, isrc=False),
        _apple(1003, isrc=False),
        *(_apple(n) for n in range(1004, 1010)),
        _apple(5000, isrc=False, title="Nothing Like It Anywhere"),
        ServiceTrack("apple_music", None, "My Demo Tape", ("Me",), kind="local"),
    ]
    entries = tuple(PlaylistEntry(i, t) for i, t in enumerate(tracks))
    playlist = Playlist("apple_music", "Road trip", entries, service_id="pl.roadtrip")
    with ImportBatchWriter(library, "test", "accounts-tests", "transfer-v1") as batch:
        for track in tracks:
            batch.add(track)
        batch.add(playlist)
    return str(twin["id"])


def card_text(view: AccountsView, service: str) -> str:
    card = view.cards[service]
    parts: list[Any] = [card.status.accessibleName(), card.account.text(), card.counts.text()]
    parts += [card.detail.text(), card.parked.text()]
    return "\n".join(str(p) for p in parts)
