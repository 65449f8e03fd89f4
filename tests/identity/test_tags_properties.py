"""Property tests: normalisation and version-tag parsing are total, idempotent, and find tags
whatever bracket style a service uses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.matching import FeatureMaker, parse_title
from domain.matching.features import artist_key, text_key
from domain.model import ServiceTrack

words = st.text(alphabet=st.characters(categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12)
titles = st.lists(words, min_size=1, max_size=4).map(" ".join)

TAG_PHRASES = {
    "Remastered 2011": "remaster",
    "2009 Remaster": "remaster",
    "Live": "live",
    "Live at Wembley": "live",
    "En Vivo": "live",
    "Ao Vivo": "live",
    "Live-Version": "live",
    "ライブ": "live",
    "Acoustic Version": "acoustic",
    "Unplugged": "unplugged",
    "Kaskade Remix": "remix",
    "Radio Edit": "edit",
    "Instrumental": "instrumental",
    "Karaoke Version": "karaoke",
    "Demo": "demo",
    "Mono": "mono",
    "Explicit": "explicit",
    "Clean": "clean",
}


@given(st.text())
@settings(max_examples=300)
def test_parsing_never_crashes_and_keeps_a_title(text: str) -> None:
    parsed = parse_title(text)
    assert isinstance(parsed.base, str)
    if text.strip():
        assert parsed.base or not text.strip()


@given(st.text())
@settings(max_examples=300)
def test_keys_are_idempotent(text: str) -> None:
    assert text_key(text_key(text)) == text_key(text)
    assert artist_key(artist_key(text)) == artist_key(text)


@given(st.text(), st.lists(st.text(), max_size=3), st.one_of(st.none(), st.text()))
@settings(max_examples=200)
def test_features_never_crash(title: str, artists: list[str], album: str | None) -> None:
    FeatureMaker().features(ServiceTrack("spotify", "x", title, tuple(artists), album))


@given(titles)
@settings(max_examples=200)
def test_the_bare_title_parses_to_itself(title: str) -> None:
    base = parse_title(title).base
    assert parse_title(base).base == base


@given(
    titles,
    st.sampled_from(sorted(TAG_PHRASES)),
    st.sampled_from(["({})", "[{}]", "- {}", "{{{}}}", "-{}-"]),
)
@settings(max_examples=300)
def test_tags_are_found_whatever_the_bracket_style(title: str, phrase: str, style: str) -> None:
    parsed = parse_title(f"{title} {style.format(phrase)}")
    assert TAG_PHRASES[phrase] in {t.kind for t in parsed.tags}
    assert parsed.base == parse_title(title).base
