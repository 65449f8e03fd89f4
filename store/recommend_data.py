"""What the recommender may learn from, read as plain rows, already filtered by consent.

Items are *recordings*: one song held on three services is one item. A row counts only when it
may be used for recommendations:

- A service whose "recommend" consent the user explicitly refused contributes nothing: not its
  playlists, saved items, listens, nor the metadata of its tracks.
- With no decision recorded, the user's own files and local playlists are used. Training
  happens on this computer and nothing leaves it, so an import the user chose is taken as
  enough; the Settings page lets them say no per service.
- Rows fetched through a service's live API are left out unless "recommend" was explicitly
  granted for that service (:func:`store.provenance.training_excluded_batches`); Spotify's
  developer policy forbids training models on data obtained through its Web API. The user's own
  account-data export is not API data and is used.

Friends' shared playlists are decoded by ``sync`` (the store cannot read their CRDT state); the
caller hands in each one's entries as this library's service-track ids
(:class:`SharedPlaylistTracks`) and they pass the same gates: an entry whose track comes from a
refused service, or only from API data without explicit consent, is left out.

Hidden ("not for me") recordings live in the ``setting`` table under :data:`HIDDEN_KEY`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from store.consents import Settings
from store.database import DB
from store.library import Library
from store.provenance import training_excluded_batches
from store.rows import artists_from_json
from store.search import fts_query

PURPOSE = "recommend"
HIDDEN_KEY = "recommend.hidden"
ONBOARDING_KEY = "onboarding"


@dataclass(frozen=True, slots=True)
class RecordingRow:
    recording_id: int
    title: str
    artists: tuple[str, ...]
    album: str | None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class PlaylistRows:
    playlist_id: int
    name: str
    service: str
    recording_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PlayRow:
    recording_id: int
    played_at_ms: int
    ms_played: int
    duration_ms: int | None
    skipped: bool | None


@dataclass(frozen=True, slots=True)
class MemberRow:
    recording_id: int
    track_id: int
    service: str
    service_id: str | None
    title: str
    artists: tuple[str, ...]
    album: str | None
    duration_ms: int | None
    isrc: str | None


@dataclass(frozen=True, slots=True)
class SharedPlaylistTracks:
    """A shared playlist as ``sync`` resolved it: its name and the library tracks it holds."""

    name: str
    track_ids: tuple[int, ...]


#: The ``service`` of a friend's shared playlist in :class:`PlaylistRows`.
SHARED_SERVICE = "shared"


@dataclass(frozen=True)
class TrainingRows:
    """Everything allowed for training, plus a fingerprint of what it was made from."""

    recordings: list[RecordingRow] = field(default_factory=list)
    playlists: list[PlaylistRows] = field(default_factory=list)
    plays: list[PlayRow] = field(default_factory=list)
    saved: list[int] = field(default_factory=list)
    onboarding: dict[str, Any] = field(default_factory=dict)
    fingerprint: dict[str, Any] = field(default_factory=dict)
    #: Friends' shared playlists (``service`` is :data:`SHARED_SERVICE`, ``playlist_id`` a count).
    shared: list[PlaylistRows] = field(default_factory=list)


def refused_services(db: DB) -> set[str]:
    """Services whose "recommend" consent is explicitly not granted."""
    rows = db.execute(
        "SELECT service FROM consent WHERE purpose = ? AND granted = 0", (PURPOSE,)
    ).fetchall()
    return {str(r[0]) for r in rows}


@dataclass(frozen=True)
class _Allowed:
    """Which rows may be used: the recording of every allowed service track, and the gates."""

    tracks: dict[int, int]
    refused: frozenset[str]
    excluded: frozenset[int]

    def row_ok(self, service: str, batch_id: int | None) -> bool:
        return service not in self.refused and (batch_id is None or batch_id not in self.excluded)


def _allowed(db: DB, refused: set[str], excluded: set[int]) -> _Allowed:
    gates = _Allowed({}, frozenset(refused), frozenset(excluded))
    rows = db.execute(
        "SELECT id, recording_id, service, batch_id FROM service_track"
        " WHERE recording_id IS NOT NULL"
    )
    for track_id, recording_id, service, batch_id in rows:
        if gates.row_ok(service, batch_id):
            gates.tracks[int(track_id)] = int(recording_id)
    return gates


def _recordings(db: DB, gates: _Allowed) -> list[RecordingRow]:
    albums: dict[int, str] = {}
    years: dict[int, int] = {}
    for track_id, album, year in db.execute(
        "SELECT id, album, year FROM service_track"
        " WHERE album IS NOT NULL OR year IS NOT NULL ORDER BY id"
    ):
        recording = gates.tracks.get(int(track_id))
        if recording is None:
            continue
        if album is not None:
            albums.setdefault(recording, str(album))
        if year is not None:
            # A remaster or compilation carries a later date: the earliest is the song's year.
            years[recording] = min(int(year), years.get(recording, int(year)))
    wanted = set(gates.tracks.values())
    rows = db.execute("SELECT id, title, artists FROM recording ORDER BY id")
    return [
        RecordingRow(
            int(r[0]),
            str(r[1]),
            artists_from_json(r[2]),
            albums.get(int(r[0])),
            years.get(int(r[0])),
        )
        for r in rows
        if int(r[0]) in wanted
    ]


def _playlists(db: DB, gates: _Allowed) -> list[PlaylistRows]:
    rows = db.execute(
        """SELECT p.id, p.name, p.service, p.batch_id, e.track_id, e.batch_id
           FROM playlist p JOIN playlist_entry e ON e.playlist_id = p.id
           ORDER BY p.id, e.position"""
    )
    grouped: dict[int, tuple[str, str, dict[int, None]]] = {}
    for playlist_id, name, service, batch, track_id, entry_batch in rows:
        recording = gates.tracks.get(int(track_id))
        if recording is None or not gates.row_ok(service, batch):
            continue
        if entry_batch is not None and entry_batch in gates.excluded:
            continue
        entry = grouped.setdefault(int(playlist_id), (str(name), str(service), {}))
        entry[2][recording] = None  # a song twice in one playlist counts once
    return [PlaylistRows(pid, n, s, tuple(ids)) for pid, (n, s, ids) in grouped.items()]


def _plays(db: DB, gates: _Allowed) -> list[PlayRow]:
    # A play reported by two sources is counted once. When its counted copy comes from a source
    # that may not be used, an allowed copy stands in for it.
    rows = db.execute(
        """SELECT coalesce(l.duplicate_of, l.id), l.track_id, l.source, l.batch_id, l.played_at,
                  coalesce(l.ms_played, st.duration_ms, 0), st.duration_ms, l.skipped
           FROM listen l JOIN service_track st ON st.id = l.track_id
           ORDER BY 1, l.id"""
    )
    seen: set[int] = set()
    plays: list[PlayRow] = []
    for play, track_id, source, batch, played_at, ms_played, duration, skipped in rows:
        recording = gates.tracks.get(int(track_id))
        if recording is None or play in seen or not gates.row_ok(source, batch):
            continue
        seen.add(int(play))
        plays.append(
            PlayRow(
                recording,
                int(played_at),
                int(ms_played),
                None if duration is None else int(duration),
                None if skipped is None else bool(skipped),
            )
        )
    plays.sort(key=lambda p: (p.played_at_ms, p.recording_id))
    return plays


def _saved(db: DB, gates: _Allowed) -> list[int]:
    rows = db.execute(
        "SELECT track_id, service, batch_id FROM saved_item"
        " WHERE kind = 'track' AND track_id IS NOT NULL AND hidden_by IS NULL ORDER BY id"
    )
    saved: dict[int, None] = {}
    for track_id, service, batch in rows:
        recording = gates.tracks.get(int(track_id))
        if recording is not None and gates.row_ok(service, batch):
            saved[recording] = None
    return list(saved)


def _shared(gates: _Allowed, shared: Sequence[SharedPlaylistTracks]) -> list[PlaylistRows]:
    rows: list[PlaylistRows] = []
    for number, playlist in enumerate(shared):
        recordings = dict.fromkeys(gates.tracks[t] for t in playlist.track_ids if t in gates.tracks)
        if recordings:
            rows.append(PlaylistRows(number, playlist.name, SHARED_SERVICE, tuple(recordings)))
    return rows


def training_rows(library: Library, shared: Sequence[SharedPlaylistTracks] = ()) -> TrainingRows:
    """The consent-filtered rows the recommender trains on (one read connection).

    ``shared``: friends' shared playlists, resolved to this library's tracks by ``sync``.
    """
    excluded = training_excluded_batches(library)
    onboarding = Settings(library).get(ONBOARDING_KEY)
    with library.read() as db:
        refused = refused_services(db)
        gates = _allowed(db, refused, excluded)
        recordings = _recordings(db, gates)
        playlists = _playlists(db, gates)
        plays = _plays(db, gates)
        saved = _saved(db, gates)
        friends = _shared(gates, shared)
        max_batch = db.execute("SELECT coalesce(max(id), 0) FROM import_batch").fetchone()[0]
    fingerprint = {
        "recordings": len(recordings),
        "playlist_entries": sum(len(p.recording_ids) for p in playlists),
        "plays": len(plays),
        "saved": len(saved),
        "shared_entries": sum(len(p.recording_ids) for p in friends),
        "max_batch": int(max_batch),
        "refused": sorted(refused),
        "excluded_batches": len(excluded),
    }
    return TrainingRows(
        recordings,
        playlists,
        plays,
        saved,
        onboarding if isinstance(onboarding, dict) else {},
        fingerprint,
        friends,
    )


def members(library: Library, recording_ids: Sequence[int]) -> dict[int, list[MemberRow]]:
    """The service tracks of each recording, by recording id (all of them, for display)."""
    found: dict[int, list[MemberRow]] = {r: [] for r in recording_ids}
    if not recording_ids:
        return found
    marks = ",".join("?" * len(recording_ids))
    with library.read() as db:
        rows = db.execute(
            f"""SELECT recording_id, id, service, service_id, title, artists, album,
                       duration_ms, isrc
                FROM service_track WHERE recording_id IN ({marks})
                ORDER BY recording_id, service, id""",
            list(recording_ids),
        ).fetchall()
    for r in rows:
        found[int(r[0])].append(
            MemberRow(
                int(r[0]), int(r[1]), r[2], r[3], r[4], artists_from_json(r[5]), r[6], r[7], r[8]
            )
        )
    return found


def find_recordings(library: Library, query: str, limit: int = 10) -> list[RecordingRow]:
    """Recordings whose tracks match ``query`` (title, artists, album), best match first."""
    match = fts_query(query)
    if match is None:
        return []
    with library.read() as db:
        rows = db.execute(
            """SELECT r.id, r.title, r.artists, min(st.album), min(track_search.rank)
               FROM track_search
               JOIN service_track st ON st.id = track_search.rowid
               JOIN recording r ON r.id = st.recording_id
               WHERE track_search MATCH ?
               GROUP BY r.id ORDER BY min(track_search.rank), r.id LIMIT ?""",
            (match, limit),
        ).fetchall()
    return [RecordingRow(int(r[0]), str(r[1]), artists_from_json(r[2]), r[3]) for r in rows]


def playlists_named(library: Library, name: str) -> list[tuple[int, str, str]]:
    """``(id, name, service)`` of playlists called ``name`` (case-insensitive), exact first."""
    with library.read() as db:
        rows = db.execute(
            """SELECT id, name, service FROM playlist WHERE name = ? COLLATE NOCASE
               ORDER BY (name = ?) DESC, id""",
            (name, name),
        ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def all_playlists(library: Library) -> list[tuple[int, str, str]]:
    """``(id, name, service)`` of every playlist, by name."""
    with library.read() as db:
        rows = db.execute(
            "SELECT id, name, service FROM playlist ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def playlist_recordings(library: Library, playlist_id: int) -> list[int]:
    """The recordings of a playlist in order (every entry, whatever its source)."""
    with library.read() as db:
        rows = db.execute(
            """SELECT st.recording_id FROM playlist_entry e
               JOIN service_track st ON st.id = e.track_id
               WHERE e.playlist_id = ? AND st.recording_id IS NOT NULL ORDER BY e.position""",
            (playlist_id,),
        ).fetchall()
    return list(dict.fromkeys(int(r[0]) for r in rows))


def hidden_recordings(library: Library) -> set[int]:
    """Recordings the user said "not for me" to; never suggested again."""
    value = Settings(library).get(HIDDEN_KEY, [])
    return {int(v) for v in value} if isinstance(value, list) else set()


def hide_recording(library: Library, recording_id: int) -> None:
    """Add one recording to the hidden list (idempotent)."""
    hidden = hidden_recordings(library) | {int(recording_id)}
    Settings(library).set(HIDDEN_KEY, sorted(hidden))
