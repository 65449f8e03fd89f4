"""Version tags: what a title or album says about *which* version of a song this is.

Services write the same facts in different places and languages::

    Spotify      "Song - Remastered 2011"        "Song - Live at Wembley / 1986"
    Apple Music  "Song (Remastered)"             "Song (Live) [Clean]"
    Deezer       "Song (Remastered 2011)"        "Song (Live At Wembley)"
    Japanese     "Song (ライブ)"  "Song -Live ver.-"    Spanish "Song (En Vivo)"
    German       "Song (Live-Version)"           Portuguese "Song (Ao Vivo)"

:func:`parse_title` takes a title apart into its bare title, the unknown bracketed subtitles
(kept: "(Love Connection, Pt. I)" is part of the name), the featured artists and a set of
:class:`VersionTag`. It only looks inside brackets and dash suffixes, so "Live Forever" is a
title, not a live version. The parse is total (any string in) and idempotent on its ``base``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.matching.vocabulary import NEUTRAL, TAG_PATTERNS, detail_for

_OPEN_CLOSE = {"(": ")", "[": "]", "{": "}", "【": "】", "〔": "〕", "<": ">"}
_BRACKETED = re.compile(r"[\(\[\{【〔<]([^\(\)\[\]\{\}【】〔〕<>]*)[\)\]\}】〕>]")
_DASH_SUFFIX = re.compile(r"\s+[-–—‐]\s+(?P<tail>(?:(?!\s[-–—‐]\s).)+?)\s*$")
_JP_SUFFIX = re.compile(r"\s(?:[-~〜～])(?P<tail>[^\s~〜～][^~〜～]*?)(?:[-~〜～])\s*$")
_FEAT = re.compile(
    r"^(?:feat\.?|ft\.?|featuring|with|con|part\.|participa[cç][aã]o de|mit|avec)\s+(?P<who>.+)$",
    re.IGNORECASE,
)
_BARE_FEAT = re.compile(r"\s+(?:feat\.|ft\.|featuring)\s+(?P<who>.+)$", re.IGNORECASE)
_ARTIST_SPLIT = re.compile(r"\s*(?:,|;|&|\+|\band\b|\bx\b|/|\by\b|\be\b)\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True, slots=True, order=True)
class VersionTag:
    """One fact about the version: ``kind`` (``live``, ``remaster``…) and an optional
    ``detail`` (the year of a remaster, the venue of a live recording, the remixer)."""

    kind: str
    detail: str = ""

    def label(self) -> str:
        return f"{self.kind} {self.detail}".strip()


@dataclass(frozen=True, slots=True)
class ParsedTitle:
    base: str
    subtitles: tuple[str, ...]
    tags: frozenset[VersionTag]
    featured: tuple[str, ...]


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def segment_key(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text of one segment, for the tag patterns."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "").replace("'", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def classify(segment: str) -> tuple[frozenset[VersionTag], bool] | None:
    """The tags a bracket or dash segment names, and whether it is pure noise to drop.

    ``None`` when the segment is not about the version (it is part of the name).
    """
    key = segment_key(segment)
    if not key:
        return frozenset(), True
    tags: set[VersionTag] = set()
    for kind, pattern in TAG_PATTERNS:
        m = pattern.search(key)
        if m:
            detail = detail_for(kind, key, m)
            if detail is not None:
                tags.add(VersionTag(kind, detail))
    if tags:
        _drop_shadowed(tags)
        return frozenset(tags), False
    if NEUTRAL.search(key):
        return frozenset(), True
    return None


def _drop_shadowed(tags: set[VersionTag]) -> None:
    kinds = {t.kind for t in tags}
    # "Stereo Mix", "Lofi Mix", "Radio Mix" are not remixes; "Single Edit" is not "single".
    if "remix" in kinds and kinds & {"stereo", "mono", "lofi", "edit", "slowed"}:
        tags -= {t for t in tags if t.kind == "remix" and not t.detail}
    if "edit" in kinds and "single" in kinds:
        tags -= {t for t in tags if t.kind == "single"}
    if "version" in kinds and len(kinds) > 1:
        tags -= {t for t in tags if t.kind == "version"}


def _featured(segment: str) -> tuple[str, ...] | None:
    m = _FEAT.match(segment.strip())
    if not m:
        return None
    return tuple(a.strip() for a in _ARTIST_SPLIT.split(m.group("who")) if a.strip())


_ANY_MARK = re.compile(r"[\(\[\{【〔<\-–—‐~〜～]|\b(?:feat|ft|featuring)\b", re.IGNORECASE)


def parse_title(title: str) -> ParsedTitle:
    """Take ``title`` apart into bare title, subtitles, featured artists and version tags."""
    text = _clean(title)
    if not _ANY_MARK.search(text):  # most titles: nothing to take apart
        return ParsedTitle(text or _clean(title), (), frozenset(), ())
    tags: set[VersionTag] = set()
    featured: list[str] = []
    subtitles: list[str] = []

    def keep_or_tag(segment: str) -> bool:
        """True when the segment was consumed (a tag, a feat. credit or noise)."""
        guests = _featured(segment)
        if guests is not None:
            featured.extend(guests)
            return True
        found = classify(segment)
        if found is None:
            return False
        tags.update(found[0])
        return True

    def bracket(m: re.Match[str]) -> str:
        inner = m.group(1)
        if keep_or_tag(inner):
            return " "
        if inner.strip():
            subtitles.append(inner.strip())
        return " "

    # Dash suffixes first ("Song (Live) - Remastered 2011"), outermost last.
    for _ in range(4):
        m = _DASH_SUFFIX.search(text) or _JP_SUFFIX.search(text)
        if not m or m.start() == 0:
            break
        tail = m.group("tail")
        # "Song - Live (2011 Remaster)": the tail is a tag once its brackets are; "Her - The
        # Moon Song (Cover)" is a title with a dash in it, left to the bracket pass below.
        outside = _BRACKETED.sub(" ", tail).strip()
        if outside and not keep_or_tag(outside):
            break
        _BRACKETED.sub(bracket, tail)
        text = text[: m.start()]
    stripped = _BRACKETED.sub(bracket, text)
    bare = _BARE_FEAT.search(stripped)
    if bare and bare.start() > 0:
        featured.extend(a.strip() for a in _ARTIST_SPLIT.split(bare.group("who")) if a.strip())
        stripped = stripped[: bare.start()]
    base = _clean(stripped).strip(" -–—‐~〜")
    if not base and subtitles:  # a title that is only brackets, like "(Intro)"
        base, subtitles = subtitles[0], subtitles[1:]
    if not base:
        base = _clean(title)
    return ParsedTitle(base, tuple(subtitles), frozenset(tags), tuple(featured))


def album_tags(album: str | None) -> frozenset[VersionTag]:
    """Version tags an album name implies for all of its tracks ("Live at Wembley",
    "MTV Unplugged", "Abbey Road (Remastered)"). Release types ("- Single", "- EP") say
    nothing about the recording and are ignored."""
    if not album:
        return frozenset()
    found = set(parse_title(album).tags)
    key = segment_key(album)
    if re.match(r"^(?:live (?:at|in|from|on)|ao vivo|en vivo|en directo)\b", key):
        found.add(VersionTag("live"))
    if re.search(r"\bunplugged\b", key):
        found.add(VersionTag("unplugged"))
    # An album's "Deluxe Version" or "Single" is not a version of each song.
    return frozenset(t for t in found if t.kind not in {"single", "album", "version"})
