"""The words services use for versions, in the languages Mixtape meets most.

Patterns run on a *segment key*: case-folded, accents and punctuation removed (see
``tags.segment_key``), so "Live-Version", "(LIVE)" and "– live –" all read "live version" /
"live". Japanese katakana go through the same folding (which splits voiced marks), so the
literals below are folded the same way when the patterns are compiled.
"""

from __future__ import annotations

import re
import unicodedata


def _fold_literal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _words(latin: str, *japanese: str) -> re.Pattern[str]:
    alternatives = [latin] if latin else []
    alternatives += [re.escape(_fold_literal(word)) for word in japanese]
    return re.compile("|".join(alternatives))


#: (kind, pattern) in the order they are tried. A segment may carry several tags.
TAG_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "remaster",
        _words(r"\bre ?master\w*|\bremasteri[sz]\w*|\bdigitally remastered\b", "リマスター"),
    ),
    (
        "live",
        _words(
            r"\blive\b|\ben vivo\b|\bao vivo\b|\ben directo\b|\ben concierto\b|\ben concert\b"
            r"|\bdal vivo\b|\blivemitschnitt\b|\bkonzert\w*|\bконцерт\w*|\bлайв\b",
            "ライブ",
            "ライヴ",
        ),
    ),
    (
        "acoustic",
        _words(
            r"\bacoustic\w*|\bacustic[oa]\b|\bakusti\w*|\bacoustique\b|\bакустик\w*",
            "アコースティック",
        ),
    ),
    ("unplugged", _words(r"\bunplugged\b|\bdesenchufado\b|\bdesplugado\b")),
    (
        "remix",
        _words(
            r"\bre ?mix\w*|(?<!original )(?<!album )(?<!main )\bmix\b|\brework\b|\bbootleg\b"
            r"|\bflip\b|\bvip\b|\bmash ?up\b|\bремикс\w*",
            "リミックス",
        ),
    ),
    (
        "edit",
        _words(
            r"\bradio edit\b|\bradio version\b|\bradio mix\b|\bedit\b|\bshort version\b"
            r"|\btv size\b|\btv version\b",
            "TVサイズ",
        ),
    ),
    (
        "instrumental",
        _words(
            r"\binstrumental\w*|\binstru\b|\boff vocal\b|\bbacking track\b|\bинструментал\w*",
            "インストゥルメンタル",
            "インスト",
        ),
    ),
    (
        "karaoke",
        _words(r"\bkaraoke\b|\bin the style of\b|\boriginally performed\b|\bкараоке\b", "カラオケ"),
    ),
    ("demo", _words(r"\bdemo\b|\bwork tape\b|\balternate take\b|\bouttake\b", "デモ")),
    ("acapella", _words(r"\ba ?capp?ella\b|\bacapella\b")),
    ("lofi", _words(r"\blo ?fi\b")),
    ("slowed", _words(r"\bslowed\b|\breverb\b|\bsped up\b|\bspeed up\b|\bnightcore\b|\b8d\b")),
    ("reprise", _words(r"\breprise\w*|\breprisal\b")),
    ("rerecorded", _words(r"\btaylors version\b|\bre ?record\w*|\brecreated\b")),
    ("extended", _words(r"\bextended\b|\blong version\b")),
    ("cover", _words(r"\bcover\b")),
    ("mono", _words(r"\bmono\b")),
    ("stereo", _words(r"\bstereo\b")),
    ("explicit", _words(r"\bexplicit\b|\bdirty\b|\buncensored\b")),
    ("clean", _words(r"\bclean\b|\bcensored\b|\bedited\b")),
    ("single", _words(r"\bsingle version\b|\bsingle mix\b|\bsingle\b|\b7 version\b")),
    ("album", _words(r"\balbum version\b|\blp version\b")),
    ("version", _words(r"\bversion\b|\bversao\b|\bversione\b|\bversion\w*|\bfassung\b|\bver\b")),
)

#: Segments that say nothing about the recording: dropped from the title.
NEUTRAL = re.compile(
    r"\bfeat\b|\bft\b|\bfrom\b|\bsoundtrack\b|\bost\b|\btheme\b|\bbonus\b|\bofficial\b"
    r"|\bvideo\b|\baudio\b|\blyrics?\b|\bvisuali[sz]er\b|\bhd\b|\bhq\b|\b4k\b|\bmv\b"
    r"|\btitle track\b|\bprod\b|\boriginal\b|\bdeluxe\b|\bexpanded\b|\banniversary\b"
    r"|\bedition\b|\bscore\b|\bdel film\b|\bde la pelicula\b"
)

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_VENUE = re.compile(
    r"\b(?:live|en vivo|ao vivo|en directo)\s+(?:at|in|from|on|aus|en|em|no|na|au|a)\s+(.+)"
)
_REMIXER = re.compile(r"^(.+?)\s+(?:re ?mix\w*|mix|rework|flip|bootleg|vip)\b")
_REMIX_BY = re.compile(r"\bre ?mix(?:ed)? by\s+(.+)")
_VERSION_WORDS = re.compile(r"\b(?:version\w*|versao|versione|fassung|ver|the|a)\b")
_NEUTRAL_VERSIONS = {"", "bonus track", "deluxe", "original", "full", "main", "standard", "new"}
_FILLER = re.compile(
    r"\b(?:the|a|s|remix|mix|stereo|mono|lofi|lo|fi|radio|single|album|original|main"
    r"|(?:19|20)\d\d)\b"
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def detail_for(kind: str, key: str, match: re.Match[str]) -> str | None:
    """The detail of a tag found in ``key``; ``None`` when the tag turns out neutral."""
    if kind == "remaster":
        year = _YEAR.search(key)
        return year.group(0) if year else ""
    if kind == "live":
        venue = _VENUE.search(key)
        if venue:
            return _squash(venue.group(1))
        year = _YEAR.search(key)
        return year.group(0) if year else ""
    if kind == "remix":
        by = _REMIX_BY.search(key) or _REMIXER.search(key)
        return _squash(_FILLER.sub(" ", by.group(1))) if by else ""
    if kind == "version":
        qualifier = _squash(_VERSION_WORDS.sub(" ", key))
        return None if qualifier in _NEUTRAL_VERSIONS else qualifier
    del match
    return ""
