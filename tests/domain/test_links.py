"""Service URLs ⇄ (service, id): every form people paste, one canonical form written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.links import (
    parse_isrc,
    parse_playlist_url,
    parse_service_url,
    playlist_url,
    service_url,
    track_url,
)
from domain.model import ServiceTrack

SP = "4uLU6hMCjMI75M1A2tKUQC"
MB = "385f4381-0f6d-47a0-bc56-07570374f650"
SC = "daftpunkofficialmusic/get-lucky"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://open.spotify.com/track/{SP}", ("spotify", SP)),
        (f"https://open.spotify.com/intl-de/track/{SP}?si=abc", ("spotify", SP)),
        (f"spotify:track:{SP}", ("spotify", SP)),
        (
            "https://music.apple.com/us/album/get-lucky/617154241?i=617154366",
            ("apple_music", "617154366"),
        ),
        ("https://music.apple.com/gb/song/get-lucky/617154366", ("apple_music", "617154366")),
        ("https://music.apple.com/song/617154366", ("apple_music", "617154366")),
        (
            "https://music.youtube.com/watch?v=5NV6Rdv1a3I&list=RDAMVM",
            ("youtube_music", "5NV6Rdv1a3I"),
        ),
        ("https://www.youtube.com/watch?v=5NV6Rdv1a3I", ("youtube_music", "5NV6Rdv1a3I")),
        ("https://m.youtube.com/watch?v=-NV6Rdv1a3I", ("youtube_music", "-NV6Rdv1a3I")),
        ("https://youtu.be/5NV6Rdv1a3I", ("youtube_music", "5NV6Rdv1a3I")),
        ("https://www.deezer.com/track/67238735", ("deezer", "67238735")),
        ("https://www.deezer.com/fr/track/67238735", ("deezer", "67238735")),
        ("https://tidal.com/browse/track/77646164", ("tidal", "77646164")),
        ("https://tidal.com/track/77646164", ("tidal", "77646164")),
        ("https://listen.tidal.com/track/77646164", ("tidal", "77646164")),
        (f"https://soundcloud.com/{SC}", ("soundcloud", SC)),
        (f"https://musicbrainz.org/recording/{MB}", ("listenbrainz", MB)),
        (f"open.spotify.com/track/{SP}", ("spotify", SP)),
    ],
)
def test_parse_service_url_reads_every_form(url: str, expected: tuple[str, str]) -> None:
    assert parse_service_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://open.spotify.com/album/{SP}",
        "https://open.spotify.com/track/short",
        "spotify:track:tooShort",
        "spotify:local:a:b:c:120",
        "https://music.apple.com/us/album/random-access-memories/617154241",
        "https://www.youtube.com/playlist?list=PL123",
        "https://soundcloud.com/discover/sets",
        "https://example.com/track/123",
        "/home/mara/Music/song.flac",
        "file:///home/mara/Music/song.flac",
        "http://[broken",
        "",
    ],
)
def test_parse_service_url_refuses_what_is_not_a_track(url: str) -> None:
    assert parse_service_url(url) is None


def test_service_url_is_canonical_and_parses_back() -> None:
    track = ServiceTrack("apple_music", "617154366", "Get Lucky", ("Daft Punk",))
    assert service_url(track) == "https://music.apple.com/song/617154366"
    assert service_url(ServiceTrack("local", None, "x", ())) is None
    assert track_url("lastfm", "not-an-mbid") is None
    assert track_url("local", "x") is None


_IDS = {
    "spotify": st.text("0123456789abcdefABCDEFxyzXYZ", min_size=22, max_size=22),
    "apple_music": st.from_regex(r"[1-9][0-9]{5,11}", fullmatch=True),
    "youtube_music": st.text("abcXYZ019-_", min_size=11, max_size=11),
    "deezer": st.from_regex(r"[1-9][0-9]{3,11}", fullmatch=True),
    "tidal": st.from_regex(r"[1-9][0-9]{3,11}", fullmatch=True),
    "listenbrainz": st.uuids().map(str),
}


@given(st.sampled_from(sorted(_IDS)).flatmap(lambda s: st.tuples(st.just(s), _IDS[s])))
def test_every_written_url_parses_back_to_its_track(pair: tuple[str, str]) -> None:
    service, service_id = pair
    url = track_url(service, service_id)
    assert url is not None
    assert parse_service_url(url) == pair


@pytest.mark.parametrize(
    ("text", "expected"),
    [("isrc:USQX91300108", "USQX91300108"), ("ISRC:us-qx9-13-00108", "USQX91300108"),
     ("isrc:nonsense", None), ("https://x", None)],
)  # fmt: skip
def test_parse_isrc(text: str, expected: str | None) -> None:
    assert parse_isrc(text) == expected


def test_playlist_urls_round_trip() -> None:
    for service, ident in [("spotify", "37i9dQZF1DXcBWIGoYBM5M"), ("deezer", "908622995"),
                           ("youtube_music", "PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG"),
                           ("listenbrainz", "4245ccd3-4f0d-4276-95d6-2e09d87b5546")]:  # fmt: skip
        url = playlist_url(service, ident)
        assert url is not None
        assert parse_playlist_url(url) == (service, ident)
    assert parse_playlist_url("spotify:playlist:37i9dQZF1DXcBWIGoYBM5M") == (
        "spotify",
        "37i9dQZF1DXcBWIGoYBM5M",
    )
    assert playlist_url("apple_music", "p.abc") is None
    assert parse_playlist_url("https://example.com/playlist/1") is None
