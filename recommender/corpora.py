"""Playlist corpora for evaluation: JSPF and MPD-slice readers, and a synthetic generator.

* **JSPF** (https://xspf.org/jspf): ``{"playlist": {"title", "track": [{"identifier", "title",
  "creator", "album", "location"}]}}``. ``identifier`` and ``location`` may be a string or a list
  (ListenBrainz writes lists, its frontend mock a string); both are accepted.
* **MPD slice** (Spotify Million Playlist Dataset, RecSys Challenge 2018):
  ``{"info": {...}, "playlists": [{"name", "pid", "tracks": [{"pos", "track_uri", "track_name",
  "artist_name", "album_name", ...}]}]}``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recommender.data import Interactions, TrackInfo
from recommender.errors import CorpusFormatError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CorpusPlaylist:
    """One playlist of a corpus: a title and ordered track ids."""

    title: str
    track_ids: list[str]


@dataclass
class PlaylistCorpus:
    """A catalogue of tracks and the playlists built from it."""

    tracks: dict[str, TrackInfo] = field(default_factory=dict)
    playlists: list[CorpusPlaylist] = field(default_factory=list)

    def interactions(self, playlists: Iterable[CorpusPlaylist] | None = None) -> Interactions:
        """Training input with the whole catalogue's metadata and the given playlists."""
        chosen = self.playlists if playlists is None else playlists
        return Interactions(tracks=self.tracks, playlists=[list(p.track_ids) for p in chosen])

    def extend(self, other: PlaylistCorpus) -> None:
        self.tracks.update(other.tracks)
        self.playlists.extend(other.playlists)


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value else None


def read_jspf(path: Path) -> PlaylistCorpus:
    """Read one JSPF file (one playlist)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        playlist = document["playlist"]
        entries = playlist.get("track", [])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise CorpusFormatError(f"{path.name}: not a JSPF playlist") from e
    corpus = PlaylistCorpus()
    ids: list[str] = []
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise CorpusFormatError(f"{path.name}: track {position} is not an object")
        title = str(entry.get("title") or "")
        creator = str(entry.get("creator") or "")
        track_id = (
            _first(entry.get("identifier"))
            or _first(entry.get("location"))
            or f"{creator.casefold()} — {title.casefold()}"
        )
        artists = (creator,) if creator else ()
        corpus.tracks.setdefault(
            track_id, TrackInfo(track_id, title, artists, entry.get("album") or None)
        )
        ids.append(track_id)
    corpus.playlists.append(CorpusPlaylist(str(playlist.get("title") or path.stem), ids))
    return corpus


def read_mpd_slice(path: Path) -> PlaylistCorpus:
    """Read one MPD slice file (``mpd.slice.0-999.json``)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        raw_playlists = document["playlists"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise CorpusFormatError(f"{path.name}: not an MPD slice") from e
    corpus = PlaylistCorpus()
    for raw in raw_playlists:
        try:
            entries = sorted(raw["tracks"], key=lambda t: int(t.get("pos", 0)))
            ids = [str(t["track_uri"]) for t in entries]
            for t in entries:
                corpus.tracks.setdefault(
                    str(t["track_uri"]),
                    TrackInfo(
                        str(t["track_uri"]),
                        str(t.get("track_name", "")),
                        (str(t["artist_name"]),) if t.get("artist_name") else (),
                        t.get("album_name") or None,
                    ),
                )
        except (KeyError, TypeError, ValueError) as e:
            raise CorpusFormatError(f"{path.name}: playlist {raw.get('pid')} is malformed") from e
        corpus.playlists.append(CorpusPlaylist(str(raw.get("name", "")), ids))
    return corpus


def read_corpus(paths: Iterable[Path]) -> PlaylistCorpus:
    """Read JSPF and MPD-slice files (or folders of them), detecting the format by content."""
    corpus = PlaylistCorpus()
    for path in paths:
        files = sorted(path.rglob("*.*json*")) if path.is_dir() else [path]
        for file in files:
            head = file.read_text(encoding="utf-8", errors="replace")[:4096]
            if '"playlists"' in head:
                corpus.extend(read_mpd_slice(file))
            else:
                corpus.extend(read_jspf(file))
    logger.info("read %d playlists over %d tracks", len(corpus.playlists), len(corpus.tracks))
    return corpus
