"""Beyond the silo: similar music from the fake Last.fm and ListenBrainz, with consent,
cached, rate limited like the real services, and ranked on this computer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from app.core.beyond import LASTFM_KEY_ENV, Beyond, BeyondAnswer
from store import Library
from store.consents import Consents
from store.local_playlists import LocalPlaylists
from tests.fakes.clock import FakeClock
from tests.fakes.lastfm import FakeLastfm
from tests.fakes.listenbrainz import FakeListenBrainz
from tests.services.beyond_support import seed_history, seed_lastfm, seed_listenbrainz


@pytest.fixture
def lastfm() -> Iterator[FakeLastfm]:
    server = FakeLastfm().start()
    seed_lastfm(server)
    yield server
    server.stop()


@pytest.fixture
def lb(clock: FakeClock) -> Iterator[FakeListenBrainz]:
    server = FakeListenBrainz(clock).start()
    seed_listenbrainz(server)
    yield server
    server.stop()


@pytest.fixture
def beyond(library: Library, clock: FakeClock, lastfm: FakeLastfm, lb: FakeListenBrainz) -> Beyond:
    seed_history(library)
    environ = {**lastfm.environ, **lb.environ, LASTFM_KEY_ENV: lastfm.api_key}
    return Beyond(library, clock, environ)


def _titles(answer: BeyondAnswer) -> list[str]:
    return [s.title for s in answer.items]


def _allow_both(beyond: Beyond) -> None:
    beyond.allow("lastfm")
    beyond.allow("listenbrainz")


def test_without_the_discover_consent_nothing_is_sent(
    beyond: Beyond, library: Library, lastfm: FakeLastfm, lb: FakeListenBrainz
) -> None:
    # Import and recommendation consents do not imply looking up similar music.
    for service in ("lastfm", "listenbrainz"):
        Consents(library).set(service, "import", True)
        Consents(library).set(service, "recommend", True)
    assert beyond.allowed() == {"lastfm": False, "listenbrainz": False}
    answer = beyond.suggest()
    assert answer.items == ()
    assert "Allow it" in answer.note
    assert set(answer.skipped) == {"lastfm", "listenbrainz"}
    assert lastfm.requests == []
    assert lb.requests == []


def test_only_the_seed_songs_are_sent(
    beyond: Beyond, lastfm: FakeLastfm, lb: FakeListenBrainz
) -> None:
    _allow_both(beyond)
    beyond.suggest()
    sent_titles = {q["track"] for q in lastfm.api_calls("track.getSimilar")}
    assert sent_titles == {"Low Tide", "Gulls", "Orbit Song", "Cold Pressed"}
    assert {r.path for r in lb.requests} <= {
        "/1/metadata/lookup/",
        "/labs/similar-recordings/json",
        "/labs/similar-artists/json",
        "/1/popularity/top-recordings-for-artist/88888888-8888-4888-8888-888888888888",
    }
    # No user sign-in for similar music: no session key, no token.
    assert all("sk" not in q for q in lastfm.api_calls("track.getSimilar"))


def test_suggestions_exclude_what_the_library_has_and_say_why(beyond: Beyond) -> None:
    _allow_both(beyond)
    answer = beyond.suggest()
    titles = _titles(answer)
    assert "Gulls" not in titles  # owned
    assert {"Ferry Bells", "Starfield", "Common Ground", "Deep Water"} <= set(titles)
    assert all(s.reason for s in answer.items)
    ferry = next(s for s in answer.items if s.title == "Ferry Bells")
    assert ferry.reason == "similar to “Low Tide” on Last.fm"
    kelp = next(s for s in answer.items if s.title == "Kelp")
    assert kelp.reason == "by an artist like The Lanternmen on ListenBrainz"


def test_a_song_both_sources_name_ranks_first(beyond: Beyond) -> None:
    beyond.allow("lastfm")
    alone = beyond.suggest()
    assert _titles(alone).index("Common Ground") > 0
    beyond.allow("listenbrainz")
    both = beyond.suggest()
    assert _titles(both)[0] == "Common Ground"
    first = both.items[0]
    assert first.sources == ("lastfm", "listenbrainz")
    assert first.reason.endswith("on Last.fm and ListenBrainz")
    assert first.mbid == "55555555-5555-4555-8555-555555555555"


def test_answers_are_cached_until_the_ttl_runs_out(
    beyond: Beyond, clock: FakeClock, lastfm: FakeLastfm, lb: FakeListenBrainz
) -> None:
    _allow_both(beyond)
    first = beyond.suggest()
    assert first.requests["lastfm"] > 0
    assert first.requests["listenbrainz"] > 0
    sent = (len(lastfm.requests), len(lb.requests))
    again = beyond.suggest()
    assert (len(lastfm.requests), len(lb.requests)) == sent  # nothing new was sent
    assert again.requests == {"lastfm": 0, "listenbrainz": 0}
    assert again.items == first.items
    clock.advance(timedelta(days=8).total_seconds())
    later = beyond.suggest()
    assert len(lastfm.requests) == 2 * sent[0]
    assert later.items == first.items


def test_lastfm_error_29_is_waited_off(
    beyond: Beyond, clock: FakeClock, lastfm: FakeLastfm
) -> None:
    beyond.allow("lastfm")
    lastfm.rate_limit_next(1)
    answer = beyond.suggest()
    assert "Ferry Bells" in _titles(answer)
    assert answer.paused == {}
    assert clock.sleeps
    assert max(clock.sleeps) <= 60
    first, retried = lastfm.requests[0], lastfm.requests[1]
    assert first.query == retried.query  # the refused request, asked again after the wait


def test_a_persistent_rate_limit_parks_lastfm_and_listenbrainz_carries_on(
    beyond: Beyond, lastfm: FakeLastfm, lb: FakeListenBrainz
) -> None:
    _allow_both(beyond)
    lastfm.rate_limit_next(1000)
    answer = beyond.suggest()
    assert set(answer.paused) == {"lastfm"}
    assert answer.paused["lastfm"] is not None
    assert len(lastfm.requests) <= 6  # a few short waits, then parked: no hammering
    assert "slow down" in answer.note
    assert "Common Ground" in _titles(answer)  # from ListenBrainz
    assert lb.too_many == 0


def test_listenbrainz_rate_headers_are_respected(
    beyond: Beyond, clock: FakeClock, lb: FakeListenBrainz
) -> None:
    beyond.allow("listenbrainz")
    lb.limit = 3
    answer = beyond.suggest()
    assert lb.too_many == 0  # waited for the reset instead of spending a request on a 429
    assert clock.sleeps
    assert "Common Ground" in _titles(answer)


def test_a_cancelled_fetch_keeps_what_arrived_and_resumes(
    beyond: Beyond, lastfm: FakeLastfm
) -> None:
    beyond.allow("lastfm")
    asked = 0

    def stop_after_two() -> bool:
        nonlocal asked
        asked += 1
        return asked > 2

    stopped = beyond.suggest(cancelled=stop_after_two)
    assert stopped.cancelled
    partial = len(lastfm.requests)
    assert partial > 0
    done = beyond.suggest()
    assert not done.cancelled
    resumed = len(lastfm.requests)
    lastfm.requests.clear()
    fresh = beyond.suggest(refresh=True)
    assert resumed == len(lastfm.requests)  # nothing fetched twice across the two runs
    assert done.items == fresh.items


def test_progress_is_reported(beyond: Beyond) -> None:
    beyond.allow("listenbrainz")
    seen: list[tuple[float, str]] = []
    beyond.suggest(progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen if f >= 0]
    assert fractions
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert any("ListenBrainz" in m for _, m in seen)


def test_not_for_me_hides_a_song_or_an_artist_for_good(
    beyond: Beyond, lb: FakeListenBrainz
) -> None:
    beyond.allow("listenbrainz")
    answer = beyond.suggest()
    common = next(s for s in answer.items if s.title == "Common Ground")
    kelp = next(s for s in answer.items if s.title == "Kelp")
    beyond.dismiss(common)
    beyond.dismiss(kelp, whole_artist=True)
    sent = len(lb.requests)
    titles = _titles(beyond.suggest())
    assert "Common Ground" not in titles
    assert "Kelp" not in titles
    assert "Deep Water" not in titles
    assert len(lb.requests) == sent


def test_a_suggestion_added_to_a_playlist_is_then_owned(beyond: Beyond, library: Library) -> None:
    beyond.allow("listenbrainz")
    answer = beyond.suggest()
    common = next(s for s in answer.items if s.title == "Common Ground")
    playlist = LocalPlaylists(library).create("Found beyond")
    assert beyond.add_to_playlist(playlist, [common]) == 1
    (entry,) = library.playlists.entries(playlist)
    assert entry.track.title == "Common Ground"
    assert entry.track.service == "listenbrainz"
    assert entry.track.service_id == "55555555-5555-4555-8555-555555555555"
    assert "Common Ground" not in _titles(beyond.suggest())
    assert beyond.add_to_playlist(playlist, [common]) == 1  # again: the same track, no error


def test_a_refused_api_key_is_said_in_one_line_and_listenbrainz_still_answers(
    library: Library, clock: FakeClock, lastfm: FakeLastfm, lb: FakeListenBrainz
) -> None:
    seed_history(library)
    environ = {**lastfm.environ, **lb.environ, LASTFM_KEY_ENV: "not-my-key"}
    beyond = Beyond(library, clock, environ)
    _allow_both(beyond)
    answer = beyond.suggest()
    assert answer.note == "Last.fm could not be asked: Last.fm refused the request (error 10)"
    assert "not-my-key" not in answer.note
    assert "Common Ground" in _titles(answer)


def test_lastfm_without_an_api_key_says_so_and_sends_nothing(
    library: Library, clock: FakeClock, lastfm: FakeLastfm, lb: FakeListenBrainz
) -> None:
    seed_history(library)
    beyond = Beyond(library, clock, {**lastfm.environ, **lb.environ})
    beyond.allow("lastfm")
    answer = beyond.suggest()
    assert answer.items == ()
    assert answer.note.startswith("Last.fm needs a Last.fm API key (MIXTAPE_LASTFM_API_KEY")
    assert lastfm.requests == []
    assert lb.requests == []
