"""Pure normalisation of titles and artist names, for search keys and matching.

These functions never change what is shown to the user; they build *keys*. They are total
(any string in, a string out) and idempotent: ``fold(fold(s)) == fold(s)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FEAT = re.compile(
    r"\s*[\(\[]?\s*\b(?:feat\.?|ft\.?|featuring|with)\s+(?P<who>[^\)\]]+?)\s*[\)\]]?\s*$",
    re.IGNORECASE,
)
_ARTIST_SPLIT = re.compile(
    r"\s*(?:,|;|&|\+|\band\b|\bx\b|/|\bfeat\.?|\bft\.?|\bfeaturing)\s*", re.IGNORECASE
)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")

# Characters that NFKD does not decompose but people read as their Latin letter.
_EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i"}
)


def fold(text: str) -> str:
    """Case-fold, strip accents and punctuation, and collapse white space.

    Scripts without a Latin form (Japanese, Cyrillic, …) are kept as they are, lower-cased, so
    that two spellings in the same script still meet.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFC", stripped)
    stripped = stripped.replace("&", " and ")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", stripped)).strip()


def split_featured(title: str) -> tuple[str, tuple[str, ...]]:
    """Move "feat. X" / "ft. X" / "(with X)" out of a title: ``("Song", ("X",))``."""
    m = _FEAT.search(title)
    if not m or m.start() == 0:
        return title.strip(), ()
    guests = tuple(a for a in _ARTIST_SPLIT.split(m.group("who")) if a.strip())
    return title[: m.start()].strip(), tuple(g.strip() for g in guests)


def split_artists(credit: str) -> tuple[str, ...]:
    """Split an artist credit such as ``"A, B & C feat. D"`` into names.

    Used only where a source gives one credit string; a source that lists artists separately
    keeps its list (a band called "Simon & Garfunkel" stays whole there).
    """
    return tuple(a.strip() for a in _ARTIST_SPLIT.split(credit) if a.strip())


def match_key(title: str, artists: Iterable[str] = ()) -> str:
    """A stable key for "this title by these artists", insensitive to case, accents, order."""
    bare, guests = split_featured(title)
    names = sorted({fold(a) for a in (*artists, *guests) if fold(a)})
    return fold(bare) + ("|" + ",".join(names) if names else "")
