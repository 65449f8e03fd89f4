"""What the matcher knows about one service track, computed once: folded titles and artists
(in their own script and transliterated), numbers, version tags, explicitness, duration.

Transliteration and string similarity come from outside as plain callables (the store passes
``anyascii`` and ``rapidfuzz``); the domain stays standard-library only and falls back to
Unicode decomposition and :mod:`difflib`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from domain.matching.tags import VersionTag, album_tags, parse_title
from domain.model import ServiceTrack
from domain.normalize import fold, split_artists

#: ``similarity(a, b)`` in 0.0 … 1.0 (1.0 = identical strings).
Similarity = Callable[[str, str], float]
#: ``transliterate(text)`` → an ASCII reading ("Кино" → "Kino", "ヨルシカ" → "yorushika").
Transliterate = Callable[[str], str]

_APOSTROPHES = str.maketrans({"'": None, "’": None, "`": None, "´": None, "$": "s"})
_BANG = re.compile(r"(?<=\w)!(?=\w)")
_NUMBER = re.compile(r"\b(?:part|pt|vol|no|chapter|op|number)?\s*(\d+|[ivx]{1,4})\b")
_NUMBER_WORDS = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7"}
_ASCII_NON_WORD = re.compile(r"[^a-z0-9_]+")
_PART = re.compile(r"\bpt\b")
_LEADING_THE = re.compile(r"^(?:the|los|las|la|le|les|die|der|das)\s+")


def difflib_similarity(a: str, b: str) -> float:
    """The fallback similarity (same scale as rapidfuzz's ``ratio`` / 100)."""
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def decompose_only(text: str) -> str:
    """The fallback transliteration: accents off, other scripts kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def text_key(text: str) -> str:
    """Folded words: "Don’t Stop (Me Now)" → "dont stop me now" (as :func:`fold`, with a fast
    path for ASCII text, where Unicode normalisation changes nothing)."""
    text = _BANG.sub("i", text.translate(_APOSTROPHES))
    if text.isascii():
        text = _ASCII_NON_WORD.sub(" ", text.lower().replace("&", " and "))
        return " ".join(text.split())
    return fold(text)


def artist_key(name: str) -> str:
    """Compact folded artist name without a leading article: "The Beatles" → "beatles"."""
    return _LEADING_THE.sub("", text_key(name)).replace(" ", "")


@dataclass(slots=True, eq=False)
class TrackFeatures:
    """Treat as read-only (not frozen only because frozen dataclasses are slow to build,
    and a library holds a hundred thousand of these)."""

    title: str
    title_alt: str
    base_key: str
    base_alt_key: str
    has_subtitle: bool
    artists: frozenset[str]
    artists_alt: frozenset[str]
    artist_alts: tuple[tuple[str, str], ...]
    numbers: frozenset[str]
    tags: frozenset[VersionTag]
    explicit: bool | None
    duration_ms: int | None
    isrc: str | None
    #: ``service:id`` of the track, and of the id it was relinked from (Spotify's
    #: ``linked_from``): tracks sharing either are one service track, whatever their metadata.
    service_key: str | None = None
    linked_key: str | None = None


class FeatureMaker:
    """Builds :class:`TrackFeatures`, remembering transliterations (names repeat a lot)."""

    def __init__(self, transliterate: Transliterate | None = None) -> None:
        self._translit = transliterate or decompose_only
        self._cache: dict[str, str] = {}
        self._titles: dict[str, _TitleParts] = {}
        self._albums: dict[str, frozenset[VersionTag]] = {}
        self._credits: dict[str, tuple[tuple[str, str], ...]] = {}
        self._peoples: dict[tuple[tuple[str, ...], tuple[str, ...]], _People] = {}

    def alt(self, original: str) -> str:
        """Folded words of the transliterated ``original`` (not of its folded form: folding
        first would turn "й" into "и", which reads "i", not "y")."""
        found = self._cache.get(original)
        if found is None:
            found = text_key(original if original.isascii() else self._translit(original))
            if len(self._cache) < 500_000:
                self._cache[original] = found
        return found

    def alt_artist(self, name: str) -> str:
        return _LEADING_THE.sub("", self.alt(name)).replace(" ", "")

    def _title(self, title: str) -> _TitleParts:
        found = self._titles.get(title)
        if found is None:
            parsed = parse_title(title)
            base = _PART.sub("part", text_key(parsed.base))
            subtitles = (_PART.sub("part", text_key(s)) for s in parsed.subtitles)
            words = " ".join([base, *subtitles]).strip()
            full = " ".join([parsed.base, *parsed.subtitles])
            base_key = base.replace(" ", "")
            ascii_only = full.isascii()
            found = _TitleParts(
                words,
                words if ascii_only else self.alt(full),
                base_key,
                base_key if ascii_only else self.alt(parsed.base).replace(" ", ""),
                bool(parsed.subtitles),
                parsed.tags,
                parsed.featured,
                _numbers(words),
            )
            if len(self._titles) < 500_000:
                self._titles[title] = found
        return found

    def _album(self, album: str | None) -> frozenset[VersionTag]:
        if not album:
            return frozenset()
        found = self._albums.get(album)
        if found is None:
            found = self._albums[album] = album_tags(album)
        return found

    def _credit(self, credit: str) -> tuple[tuple[str, str], ...]:
        found = self._credits.get(credit)
        if found is None:
            names = split_artists(credit) or (credit,)
            keyed = ((artist_key(n), n) for n in names)
            found = tuple((key, self.alt_artist(n)) for key, n in keyed if key)
            if len(self._credits) < 500_000:
                self._credits[credit] = found
        return found

    def _people(self, artists: tuple[str, ...], featured: tuple[str, ...]) -> _People:
        """The folded artists of a track's credits (an artist's credits repeat on every one of
        their tracks, on every service: computed once)."""
        found = self._peoples.get((artists, featured))
        if found is None:
            pairs_set: set[tuple[str, str]] = set()
            for credit in (*artists, *featured):
                pairs_set.update(self._credit(credit))
            pairs = tuple(sorted(pairs_set))
            found = _People(
                pairs,
                frozenset(key for key, _ in pairs),
                frozenset(alt for _, alt in pairs),
            )
            if len(self._peoples) < 500_000:
                self._peoples[(artists, featured)] = found
        return found

    def features(self, track: ServiceTrack) -> TrackFeatures:
        title = self._title(track.title)
        tags = title.tags | self._album(track.album) if track.album else title.tags
        people = self._people(track.artists, title.featured)
        explicit = track.explicit
        if tags:
            kinds = {t.kind for t in tags}
            if "explicit" in kinds:
                explicit = True
            elif "clean" in kinds:
                explicit = False
            tags = frozenset(t for t in tags if t.kind not in {"explicit", "clean"})
        return TrackFeatures(
            title=title.words,
            title_alt=title.alt,
            base_key=title.base_key,
            base_alt_key=title.base_alt_key,
            has_subtitle=title.has_subtitle,
            artists=people.artists,
            artists_alt=people.artists_alt,
            artist_alts=people.pairs,
            numbers=title.numbers,
            tags=tags,
            explicit=explicit,
            duration_ms=track.duration_ms if track.duration_ms else None,
            isrc=(track.isrc or "").upper().replace("-", "") or None,
            service_key=f"{track.service}:{track.service_id}" if track.service_id else None,
            linked_key=f"{track.service}:{track.linked_from}" if track.linked_from else None,
        )


@dataclass(frozen=True, slots=True)
class _People:
    pairs: tuple[tuple[str, str], ...]
    artists: frozenset[str]
    artists_alt: frozenset[str]


@dataclass(frozen=True, slots=True)
class _TitleParts:
    words: str
    alt: str
    base_key: str
    base_alt_key: str
    has_subtitle: bool
    tags: frozenset[VersionTag]
    featured: tuple[str, ...]
    numbers: frozenset[str]


def _numbers(title: str) -> frozenset[str]:
    found = set()
    for m in _NUMBER.finditer(title):
        token = m.group(1)
        if token.isdigit():
            found.add(str(int(token)))
        elif m.group(0).strip() != token:  # roman numerals only after "part", "vol"…
            found.add(_NUMBER_WORDS.get(token, token))
    return frozenset(found)
