"""Invented identifiers of the right shape for each service (none of them is real)."""

from __future__ import annotations

import random
import string

_BASE62 = string.digits + string.ascii_letters
_YOUTUBE = _BASE62 + "-_"
_ISRC_COUNTRIES = ("US", "GB", "GB", "US", "FR", "SE", "DE", "JP", "IS", "CA", "AU")


class Ids:
    """Draws ids from one seeded generator and never hands out the same one twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def _unique(self, make: str) -> str:
        if make in self._used:
            raise ValueError("id collision")  # never happens at these sizes; fail loudly if so
        self._used.add(make)
        return make

    def _draw(self, alphabet: str, length: int) -> str:
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def spotify(self) -> str:
        """22 base62 characters, as in ``spotify:track:…``."""
        return self._unique(self._draw(_BASE62, 22))

    def numeric(self, digits: int) -> str:
        """An Apple catalog id (10 digits) or a Deezer id (9)."""
        return self._unique(str(self._rng.randint(1, 9)) + self._draw(string.digits, digits - 1))

    def youtube(self) -> str:
        """An 11-character video id (never starting with "-": Takeout mangles those)."""
        return self._unique(self._draw(_BASE62, 1) + self._draw(_YOUTUBE, 10))

    def isrc(self, year: int | None) -> str:
        """CC-XXX-YY-NNNNN without the hyphens, as services give it."""
        country = self._rng.choice(_ISRC_COUNTRIES)
        registrant = self._draw(string.ascii_uppercase + string.digits, 3)
        yy = (year if year else self._rng.randint(1995, 2024)) % 100
        return self._unique(f"{country}{registrant}{yy:02d}{self._draw(string.digits, 5)}")

    def playlist(self, service: str) -> str | None:
        if service == "spotify":
            return self.spotify()
        if service == "apple_music":
            return self._unique("p." + self._draw(_BASE62, 15))
        if service == "youtube_music":
            return self._unique("PL" + self._draw(_YOUTUBE, 32))
        if service == "deezer":
            return self.numeric(10)
        return None
