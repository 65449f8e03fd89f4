"""Each matching rule, on real-world titles as the services write them."""

from __future__ import annotations

import pytest

from domain import ServiceTrack
from domain.matching import FeatureMaker, Matcher, MatchPolicy, parse_title
from store.identity.engine import default_feature_maker, default_matcher


def judge(a: ServiceTrack, b: ServiceTrack, policy: MatchPolicy | None = None) -> tuple[str, str]:
    maker = default_feature_maker()
    result = default_matcher(policy).judge(maker.features(a), maker.features(b))
    return result.outcome, result.summary()


def sp(title: str, *artists: str, ms: int | None = None, **kw: object) -> ServiceTrack:
    return ServiceTrack("spotify", "s" + title, title, artists, duration_ms=ms, **kw)  # type: ignore[arg-type]


def am(title: str, *artists: str, ms: int | None = None, **kw: object) -> ServiceTrack:
    return ServiceTrack("apple_music", "a" + title, title, artists, duration_ms=ms, **kw)  # type: ignore[arg-type]


def test_live_and_studio_never_merge_even_with_equal_durations() -> None:
    outcome, why = judge(
        sp("Paradise - Live", "Coldplay", ms=278_000), am("Paradise", "Coldplay", ms=278_500)
    )
    assert outcome == "reject"
    assert "'live' on one side only" in why


def test_a_live_album_makes_its_tracks_live() -> None:
    live = ServiceTrack("apple_music", "x", "Yellow", ("Coldplay",), "Live at Wembley Stadium")
    assert judge(sp("Yellow", "Coldplay"), live)[0] == "reject"


@pytest.mark.parametrize("kind", ["Acoustic", "Instrumental", "Radio Edit", "Kaskade Remix"])
def test_other_versions_never_merge(kind: str) -> None:
    assert judge(sp(f"Song - {kind}", "Band"), am("Song", "Band"))[0] == "reject"


def test_remaster_styles_are_the_same_song_by_default_not_when_strict() -> None:
    a, b = (
        sp("Yesterday - Remastered 2009", "The Beatles", ms=125_000),
        am("Yesterday (Remastered)", "The Beatles", ms=126_200),
    )
    outcome, why = judge(a, b)
    assert outcome == "accept"
    assert why == "title 1.00, artists equal, duration +1.2 s, both 'remastered'"
    plain = am("Yesterday", "The Beatles", ms=125_900)
    assert judge(a, plain)[0] == "accept"
    assert judge(a, plain, MatchPolicy.strict())[0] == "reject"


def test_explicit_and_clean_follow_the_policy() -> None:
    a = sp("Good Life", "Kanye West", ms=207_000, explicit=True)
    b = am("Good Life [Clean]", "Kanye West", ms=207_500)
    assert judge(a, b)[0] == "accept"
    assert judge(a, b, MatchPolicy.strict())[0] == "reject"


@pytest.mark.parametrize(
    ("title", "artists"),
    [
        ("Moves Like Jagger", ("Maroon 5", "Christina Aguilera")),
        ("Moves Like Jagger", ("Maroon 5 feat. Christina Aguilera",)),
        ("Moves Like Jagger [feat. Christina Aguilera]", ("Maroon 5",)),
        ("Moves Like Jagger ft. Christina Aguilera", ("Maroon 5",)),
    ],
)
def test_featured_artists_match_wherever_they_are_written(
    title: str, artists: tuple[str, ...]
) -> None:
    spotify = sp("Moves Like Jagger (feat. Christina Aguilera)", "Maroon 5", ms=201_000)
    assert judge(spotify, am(title, *artists, ms=201_500))[0] == "accept"


def test_cyrillic_matches_its_transliteration() -> None:
    outcome, why = judge(sp("Группа крови", "Кино"), am("Gruppa krovi", "Kino"))
    assert outcome == "accept", why


def test_japanese_live_tag_and_kana() -> None:
    assert {t.kind for t in parse_title("Lemon (ライブ)").tags} == {"live"}
    assert judge(sp("ヨルシカ", "ヨルシカ"), am("Yorushika", "Yorushika"))[0] == "accept"


def test_missing_durations_still_match_on_names() -> None:
    outcome, why = judge(
        sp("Shut Up and Dance", "WALK THE MOON"),
        am("Shut Up And Dance", "Walk the Moon", ms=199_080),
    )
    assert outcome == "accept"
    assert "duration unknown" in why


def test_same_title_other_artist_is_not_the_same_song() -> None:
    assert judge(sp("Yesterday", "The Beatles"), am("Yesterday", "Boyz II Men"))[0] == "reject"


def test_similar_titles_by_one_artist_stay_apart() -> None:
    assert judge(sp("Love Story", "Taylor Swift"), am("Love Song", "Taylor Swift"))[0] == "reject"
    assert judge(sp("Part 1", "Band", ms=200_000), am("Part 2", "Band", ms=200_000))[0] == "reject"


def test_a_duration_far_off_is_not_accepted() -> None:
    assert judge(sp("Song", "Band", ms=200_000), am("Song", "Band", ms=260_000))[0] != "accept"


def test_the_stdlib_fallbacks_work_without_rapidfuzz_or_anyascii() -> None:
    maker, matcher = FeatureMaker(), Matcher()
    a = maker.features(sp("Yesterday - Remastered 2009", "The Beatles"))
    b = maker.features(am("Yesterday (Remastered)", "Beatles"))
    assert matcher.judge(a, b).outcome == "accept"
