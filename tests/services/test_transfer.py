"""Transfer a playlist to Spotify (the fake): dry run, match report, batches, resume, review
rules, local files, mirror confirmation, and the write-back consent gate."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.syncing import Services
from app.core.transfer import NeedsConfirmation, PlaylistTransfer, TransferError
from connectors.spotify_api import SpotifyConnector
from domain import Playlist, PlaylistEntry, ServiceTrack
from store.transfers import Transfers
from tests.fakes.spotify import FakeSpotify, make_track
from tests.services.support import connect


class Crash(Exception):
    """Stands for the process dying between a batch's write and its checkpoint."""


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


def _playlist(name: str, tracks: list[ServiceTrack]) -> Playlist:
    entries = tuple(PlaylistEntry(i, t) for i, t in enumerate(tracks))
    return Playlist("apple_music", name, entries, service_id=f"pl.{name}")


@pytest.fixture
def target(services: Services, fake: FakeSpotify) -> Iterator[SpotifyConnector]:
    fake.add_to_catalog(*(make_track(n) for n in range(1000, 1300)))
    connect(services, fake)
    services.grant("spotify", "write_back")
    with services.transfer_target("spotify") as connector:
        yield connector


def _transfer(services: Services, target: SpotifyConnector, **kw: Any) -> PlaylistTransfer:
    return PlaylistTransfer(
        target, Transfers(services.library), services.accounts, services.now, **kw
    )


def _writes(fake: FakeSpotify) -> list[tuple[str, str, int]]:
    return [w for w in fake.writes if w[1].endswith(("/items", "/tracks"))]


def _created(fake: FakeSpotify, name: str) -> list[str | None]:
    (playlist,) = [p for p in fake.playlists.values() if p.meta["name"] == name]
    return [None if e is None else (e.get("track") or {}).get("id") for e in playlist.entries]


def test_a_dry_run_reports_every_outcome_and_writes_nothing(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    twin = copy.deepcopy(make_track(1003))
    twin["id"], twin["external_ids"] = "twin00000000000000000a", {"isrc": "USX999999999"}
    fake.add_to_catalog(twin)  # the same song twice in the catalog, no ISRC in the source
    local = ServiceTrack("spotify", None, "My Demo Tape", ("Me",), kind="local")
    episode = ServiceTrack("spotify", "ep1", "A podcast", ("Show",), kind="episode")
    source = _playlist(
        "Mixed",
        [
            _apple(1001),
            _apple(1002, isrc=False),
            _apple(1003, isrc=False),
            _apple(5000, isrc=False, title="Nothing Like It Anywhere"),
            local,
            episode,
        ],
    )
    fake.requests.clear()
    report = _transfer(services, target).run(source)  # dry run is the default
    assert [e.outcome for e in report.entries] == [
        "isrc",
        "metadata",
        "ambiguous",
        "not_found",
        "unsupported",
        "unsupported",
    ]
    assert report.entries[0].target_id == make_track(1001)["id"]
    assert (report.entries[1].score or 0) > 0.9
    assert {c["target_id"] for c in report.entries[2].candidates} == {
        make_track(1003)["id"],
        twin["id"],
    }
    assert fake.writes == []
    assert {r.method for r in fake.api_requests()} == {"GET"}
    assert all("My Demo Tape" not in q and "podcast" not in q for q in fake.searches())


def test_an_isrc_hit_spends_no_text_search(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    fake.requests.clear()
    _transfer(services, target).run(_playlist("One", [_apple(1010)]))
    assert fake.searches() == [f"isrc:{make_track(1010)['external_ids']['isrc']}"]


def test_search_limit_stays_within_ten(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    fake.requests.clear()
    _transfer(services, target).run(_playlist("One", [_apple(1011, isrc=False)]))
    limits = {int(r.query["limit"]) for r in fake.api_requests("/v1/search")}
    assert max(limits, default=99) <= 10


def test_250_tracks_are_written_in_batches_within_the_limit_in_source_order(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    source = _playlist("Big", [_apple(n) for n in range(1000, 1250)])
    report = _transfer(services, target).run(source, dry_run=False)
    assert [n for _, _, n in _writes(fake)] == [100, 100, 50]
    assert _created(fake, "Big") == [make_track(n)["id"] for n in range(1000, 1250)]
    assert report.written == 250
    assert report.verified is True


def test_a_crash_between_batches_resumes_without_duplicates(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    source = _playlist("Big", [_apple(n) for n in range(1000, 1250)])

    def crash_after_second_write(written: int) -> None:
        if written == 200:
            raise Crash  # the batch landed on Spotify, its checkpoint was never saved

    with pytest.raises(Crash):
        _transfer(services, target, after_batch=crash_after_second_write).run(source, dry_run=False)
    fake.requests.clear()
    report = _transfer(services, target).run(source, dry_run=False)
    assert report.resumed
    assert fake.searches() == []  # the match is not redone
    assert _created(fake, "Big") == [make_track(n)["id"] for n in range(1000, 1250)]
    assert [n for _, _, n in _writes(fake)] == [100, 100, 50]
    assert report.verified is True


def test_a_crash_after_the_first_batch_resumes_without_duplicates_and_reports_the_plan(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    songs = [_apple(n) for n in range(1000, 1250)]

    def crash_after_first_write(written: int) -> None:
        if written == 100:
            raise Crash

    with pytest.raises(Crash):
        _transfer(services, target, after_batch=crash_after_first_write).run(
            _playlist("Big", songs), dry_run=False
        )
    changed = _playlist("Big", [_apple(1299), *songs[:10], *songs[11:]])  # one in, one out
    report = _transfer(services, target).run(changed, dry_run=False)
    assert report.resumed
    assert _created(fake, "Big") == [make_track(n)["id"] for n in range(1000, 1250)]
    # The report names what was written, matched by song, not by position in the new list.
    reported = [e.source.key for e in report.entries]
    assert reported == [s.key for s in songs[:10] + songs[11:]]
    assert all(
        e.target_id == make_track(int(e.source.service_id[-4:]))["id"] for e in report.entries
    )


def test_a_review_choice_becomes_a_rule_that_needs_no_search(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    unknown = _apple(5000, isrc=False, title="Nothing Like It Anywhere")
    gone = _apple(5001, isrc=False, title="Never Released There")
    transfer = _transfer(services, target)
    first = transfer.run(_playlist("Two", [unknown, gone]))
    assert [e.outcome for e in first.entries] == ["not_found", "not_found"]
    transfer.choose(unknown.key, make_track(1020)["id"])
    transfer.choose(gone.key, None)  # "does not exist there"
    fake.requests.clear()
    again = transfer.run(_playlist("Two", [unknown, gone]))
    assert [(e.outcome, e.target_id) for e in again.entries] == [
        ("rule", make_track(1020)["id"]),
        ("not_there", None),
    ]
    assert fake.searches() == []
    assert Transfers(services.library).export_rules()[0]["source_key"] == unknown.key


def test_local_files_are_never_sent(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    local = ServiceTrack("spotify", None, "My Demo Tape", ("Me",), kind="local")
    report = _transfer(services, target).run(
        _playlist("Locals", [_apple(1030), local, _apple(1031)]), dry_run=False
    )
    assert report.entries[1].outcome == "unsupported"
    assert _created(fake, "Locals") == [make_track(1030)["id"], make_track(1031)["id"]]


def test_a_mirror_that_would_remove_too_much_asks_first(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    fake.add_playlist(
        "mirr0r0000000000000000", "Evening", [fake.entry(n) for n in range(1000, 1010)]
    )
    source = _playlist("Evening", [_apple(1000), _apple(1100)])  # keeps 1 of 10
    with pytest.raises(NeedsConfirmation) as asked:
        _transfer(services, target).run(source, dry_run=False, mirror=True)
    assert (asked.value.removing, asked.value.of) == (9, 10)
    assert _writes(fake) == []
    report = _transfer(services, target).run(source, dry_run=False, mirror=True, confirm=True)
    assert report.verified is True
    ids = [e["track"]["id"] for e in fake.playlists["mirr0r0000000000000000"].entries if e]
    assert ids == [make_track(1000)["id"], make_track(1100)["id"]]


def test_writing_needs_the_write_back_consent(
    services: Services, fake: FakeSpotify, target: SpotifyConnector
) -> None:
    services.grant("spotify", "write_back", granted=False)
    with pytest.raises(TransferError, match="consent"):
        _transfer(services, target).run(_playlist("One", [_apple(1000)]), dry_run=False)
    assert fake.writes == []
