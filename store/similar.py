"""Similar music fetched from open sources, kept locally with the time it was fetched.

Each answer is stored per (source, seed key): ``track:<title|artist key>`` for the songs like
one seed song, ``artist:<artist key>`` for the top songs of artists like the seed's artist.
``similar_fetch`` says when each was fetched; an answer younger than the TTL is used as is, so
asking again sends nothing. Saving an answer replaces the previous one in one transaction,
which also makes it the checkpoint of a fetch that stopped half-way (cancelled or parked).

"Not for me" on a suggestion from outside the library is kept in ``similar_dismissed``: a song
(its normalised title+artist key) or a whole artist (its folded name).

Also here: what the library already holds, as the identities a suggestion is matched against
(MBIDs, ISRCs, normalised title+artist keys), so nothing owned is suggested as new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from domain.normalize import fold, match_key
from domain.similar import SimilarTrack
from store.library import Library
from store.recommend_data import hidden_recordings
from store.rows import artists_from_json, artists_json

DismissKind = Literal["track", "artist"]
_IN_CHUNK = 500


@dataclass(frozen=True)
class LibraryIdentities:
    """What the user already has, as keys a suggestion from outside can be compared with."""

    mbids: frozenset[str] = field(default_factory=frozenset)
    isrcs: frozenset[str] = field(default_factory=frozenset)
    keys: frozenset[str] = field(default_factory=frozenset)
    #: The same, for recordings the user hid ("not for me").
    hidden_keys: frozenset[str] = field(default_factory=frozenset)
    hidden_mbids: frozenset[str] = field(default_factory=frozenset)


class SimilarCache:
    def __init__(self, library: Library) -> None:
        self._library = library

    def fetched_at(self, source: str, seed_keys: Sequence[str]) -> dict[str, int]:
        """When each of ``seed_keys`` was last fetched from ``source`` (ms; absent: never)."""
        found: dict[str, int] = {}
        with self._library.read() as db:
            for start in range(0, len(seed_keys), _IN_CHUNK):
                part = list(seed_keys[start : start + _IN_CHUNK])
                marks = ",".join("?" * len(part))
                rows = db.execute(
                    f"SELECT seed_key, fetched_at FROM similar_fetch"
                    f" WHERE source = ? AND seed_key IN ({marks})",
                    [source, *part],
                )
                found.update({str(k): int(t) for k, t in rows})
        return found

    def save(
        self, source: str, seed_key: str, tracks: Iterable[SimilarTrack], fetched_at_ms: int
    ) -> int:
        """Replace the answer for (source, seed key); returns how many songs it holds."""
        rows = [
            (
                source,
                seed_key,
                position,
                t.title,
                artists_json(t.artists),
                float(t.score),
                t.via,
                t.mbid,
                t.isrc,
                t.url,
                t.through_artist,
            )
            for position, t in enumerate(tracks)
        ]
        with self._library.write() as db:
            db.execute(
                "DELETE FROM similar_track WHERE source = ? AND seed_key = ?", (source, seed_key)
            )
            db.executemany(
                """INSERT INTO similar_track (source, seed_key, position, title, artists, score,
                       via, mbid, isrc, url, through_artist)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                rows,
            )
            db.execute(
                """INSERT INTO similar_fetch (source, seed_key, fetched_at) VALUES (?, ?, ?)
                   ON CONFLICT (source, seed_key) DO UPDATE SET fetched_at = excluded.fetched_at""",
                (source, seed_key, fetched_at_ms),
            )
        return len(rows)

    def tracks(self, seed_keys: Sequence[str]) -> list[SimilarTrack]:
        """Every stored answer for these seed keys, from every source, in a stable order."""
        found: list[SimilarTrack] = []
        with self._library.read() as db:
            for start in range(0, len(seed_keys), _IN_CHUNK):
                part = list(seed_keys[start : start + _IN_CHUNK])
                marks = ",".join("?" * len(part))
                rows = db.execute(
                    f"""SELECT source, seed_key, title, artists, score, via, mbid, isrc, url,
                               through_artist
                        FROM similar_track WHERE seed_key IN ({marks})
                        ORDER BY source, seed_key, position""",
                    part,
                )
                for r in rows:
                    found.append(
                        SimilarTrack(
                            str(r[0]),
                            str(r[1]),
                            str(r[2]),
                            artists_from_json(r[3]),
                            float(r[4]),
                            "artist" if r[5] == "artist" else "track",
                            r[6],
                            r[7],
                            r[8],
                            r[9],
                        )
                    )
        found.sort(key=lambda t: (t.source, t.seed_key))
        return found

    def dismiss(self, kind: DismissKind, name: str, decided_at_ms: int, label: str = "") -> str:
        """ "Not for me": a song (``name`` = "title|artist") or an artist; returns the key."""
        key = fold(name) if kind == "artist" else name
        with self._library.write() as db:
            db.execute(
                """INSERT INTO similar_dismissed (kind, key, label, decided_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (kind, key) DO NOTHING""",
                (kind, key, label, decided_at_ms),
            )
        return key

    def dismissed(self) -> tuple[frozenset[str], frozenset[str]]:
        """(song keys, artist keys) the user said "not for me" to."""
        with self._library.read() as db:
            rows = db.execute("SELECT kind, key FROM similar_dismissed").fetchall()
        songs = frozenset(str(k) for kind, k in rows if kind == "track")
        artists = frozenset(str(k) for kind, k in rows if kind == "artist")
        return songs, artists


def song_key(title: str, artists: Sequence[str]) -> str:
    """The key a song from outside the library is dismissed and matched under."""
    return match_key(title, tuple(artists))


def library_identities(library: Library) -> LibraryIdentities:
    """Every MBID, ISRC and title+artist key the library holds, and those of hidden songs."""
    hidden = hidden_recordings(library)
    mbids: set[str] = set()
    isrcs: set[str] = set()
    keys: set[str] = set()
    hidden_keys: set[str] = set()
    hidden_mbids: set[str] = set()
    with library.read() as db:
        for recording_id, mbid, isrc_json in db.execute("SELECT id, mbid, isrcs FROM recording"):
            if mbid:
                (hidden_mbids if int(recording_id) in hidden else mbids).add(str(mbid).lower())
            for isrc in artists_from_json(isrc_json or "[]"):
                isrcs.add(isrc.upper())
        rows = db.execute(
            "SELECT service, service_id, isrc, match_key, recording_id FROM service_track"
        )
        for service, service_id, isrc, key, recording_id in rows:
            is_hidden = recording_id is not None and int(recording_id) in hidden
            (hidden_keys if is_hidden else keys).add(str(key))
            if isrc:
                isrcs.add(str(isrc).upper())
            # Scrobble sources keep the MBID as their id (shared/docs/cli.md).
            if service in ("lastfm", "listenbrainz") and service_id:
                (hidden_mbids if is_hidden else mbids).add(str(service_id).lower())
    return LibraryIdentities(
        frozenset(mbids),
        frozenset(isrcs),
        frozenset(keys),
        frozenset(hidden_keys),
        frozenset(hidden_mbids),
    )


def recording_mbids(library: Library, recording_ids: Sequence[int]) -> dict[int, str]:
    """The MBID of each recording that has one (seeds sent with it need no name lookup)."""
    found: dict[int, str] = {}
    with library.read() as db:
        for start in range(0, len(recording_ids), _IN_CHUNK):
            part = list(recording_ids[start : start + _IN_CHUNK])
            marks = ",".join("?" * len(part))
            rows = db.execute(
                f"SELECT id, mbid FROM recording WHERE mbid IS NOT NULL AND id IN ({marks})",
                part,
            )
            found.update({int(r): str(m) for r, m in rows})
    return found
