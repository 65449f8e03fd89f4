"""The schema, as an ordered list of migrations. The version lives in ``PRAGMA user_version``.

Never edit a migration that has shipped: add a new one. ``tests/store/fixtures`` keeps a
library made by every earlier version, and the tests upgrade each of them.

Provenance: every fact row carries ``batch_id``, the import batch (file) that brought it.
Times are stored as integer milliseconds since the Unix epoch, UTC.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE import_batch (
        id INTEGER PRIMARY KEY,
        importer TEXT NOT NULL,
        source TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        imported_at INTEGER NOT NULL,
        counts TEXT NOT NULL DEFAULT '{}',
        complete INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE UNIQUE INDEX import_batch_content ON import_batch(importer, content_hash)",
    """CREATE TABLE recording (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        artists TEXT NOT NULL,
        duration_ms INTEGER,
        isrcs TEXT NOT NULL DEFAULT '[]',
        mbid TEXT
    )""",
    """CREATE TABLE service_track (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        service TEXT NOT NULL,
        service_id TEXT,
        title TEXT NOT NULL,
        artists TEXT NOT NULL,
        album TEXT,
        duration_ms INTEGER,
        isrc TEXT,
        explicit INTEGER,
        uri TEXT,
        kind TEXT NOT NULL DEFAULT 'track',
        match_key TEXT NOT NULL,
        recording_id INTEGER REFERENCES recording(id) DEFERRABLE INITIALLY DEFERRED,
        batch_id INTEGER NOT NULL REFERENCES import_batch(id)
    )""",
    "CREATE INDEX service_track_isrc ON service_track(isrc) WHERE isrc IS NOT NULL",
    "CREATE INDEX service_track_recording ON service_track(recording_id)",
    "CREATE INDEX service_track_batch ON service_track(batch_id)",
    "CREATE INDEX service_track_title ON service_track(title COLLATE NOCASE)",
    """CREATE TABLE playlist (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        service TEXT NOT NULL,
        service_id TEXT,
        name TEXT NOT NULL,
        description TEXT,
        owner TEXT,
        batch_id INTEGER REFERENCES import_batch(id)
    )""",
    """CREATE TABLE playlist_entry (
        playlist_id INTEGER NOT NULL REFERENCES playlist(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        track_id INTEGER NOT NULL REFERENCES service_track(id),
        added_at INTEGER,
        added_by TEXT,
        batch_id INTEGER REFERENCES import_batch(id),
        PRIMARY KEY (playlist_id, position)
    ) WITHOUT ROWID""",
    "CREATE INDEX playlist_entry_track ON playlist_entry(track_id)",
    """CREATE TABLE saved_item (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        service TEXT NOT NULL,
        kind TEXT NOT NULL,
        track_id INTEGER REFERENCES service_track(id),
        name TEXT,
        artist TEXT,
        service_id TEXT,
        added_at INTEGER,
        batch_id INTEGER NOT NULL REFERENCES import_batch(id)
    )""",
    "CREATE INDEX saved_item_batch ON saved_item(batch_id)",
    "CREATE INDEX saved_item_track ON saved_item(track_id)",
    """CREATE TABLE listen (
        id INTEGER PRIMARY KEY,
        track_id INTEGER NOT NULL REFERENCES service_track(id),
        played_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        ms_played INTEGER,
        platform TEXT,
        reason_start TEXT,
        reason_end TEXT,
        shuffle INTEGER,
        skipped INTEGER,
        offline INTEGER,
        batch_id INTEGER NOT NULL REFERENCES import_batch(id)
    )""",
    "CREATE UNIQUE INDEX listen_natural ON listen(source, track_id, played_at)",
    "CREATE INDEX listen_batch ON listen(batch_id)",
    "CREATE INDEX listen_track ON listen(track_id, played_at)",
    """CREATE TABLE match_decision (
        id INTEGER PRIMARY KEY,
        track_keys TEXT NOT NULL,
        verdict TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        rule TEXT NOT NULL,
        score REAL,
        evidence TEXT NOT NULL DEFAULT '{}',
        decided_at INTEGER NOT NULL,
        undone_at INTEGER
    )""",
    """CREATE TABLE account (
        service TEXT NOT NULL,
        account_id TEXT NOT NULL,
        display_name TEXT,
        scopes TEXT NOT NULL DEFAULT '[]',
        token_ref TEXT,
        state TEXT NOT NULL DEFAULT 'ok',
        last_sync INTEGER,
        paused_until INTEGER,
        reason TEXT,
        PRIMARY KEY (service, account_id)
    )""",
    """CREATE TABLE consent (
        service TEXT NOT NULL,
        purpose TEXT NOT NULL,
        granted INTEGER NOT NULL,
        decided_at INTEGER NOT NULL,
        PRIMARY KEY (service, purpose)
    )""",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

# v2: full-text search (FTS5, external content) and cross-source listen de-duplication.
_V2 = (
    """CREATE VIRTUAL TABLE track_search USING fts5(
        title, artists, album, content='service_track', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER service_track_ai AFTER INSERT ON service_track BEGIN
        INSERT INTO track_search(rowid, title, artists, album)
        VALUES (new.id, new.title, new.artists, coalesce(new.album, ''));
    END""",
    """CREATE TRIGGER service_track_ad AFTER DELETE ON service_track BEGIN
        INSERT INTO track_search(track_search, rowid, title, artists, album)
        VALUES ('delete', old.id, old.title, old.artists, coalesce(old.album, ''));
    END""",
    """CREATE TRIGGER service_track_au AFTER UPDATE OF title, artists, album ON service_track BEGIN
        INSERT INTO track_search(track_search, rowid, title, artists, album)
        VALUES ('delete', old.id, old.title, old.artists, coalesce(old.album, ''));
        INSERT INTO track_search(rowid, title, artists, album)
        VALUES (new.id, new.title, new.artists, coalesce(new.album, ''));
    END""",
    "INSERT INTO track_search(track_search) VALUES ('rebuild')",
    """CREATE VIRTUAL TABLE playlist_search USING fts5(
        name, description, content='playlist', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER playlist_ai AFTER INSERT ON playlist BEGIN
        INSERT INTO playlist_search(rowid, name, description)
        VALUES (new.id, new.name, coalesce(new.description, ''));
    END""",
    """CREATE TRIGGER playlist_ad AFTER DELETE ON playlist BEGIN
        INSERT INTO playlist_search(playlist_search, rowid, name, description)
        VALUES ('delete', old.id, old.name, coalesce(old.description, ''));
    END""",
    """CREATE TRIGGER playlist_au AFTER UPDATE OF name, description ON playlist BEGIN
        INSERT INTO playlist_search(playlist_search, rowid, name, description)
        VALUES ('delete', old.id, old.name, coalesce(old.description, ''));
        INSERT INTO playlist_search(rowid, name, description)
        VALUES (new.id, new.name, coalesce(new.description, ''));
    END""",
    "INSERT INTO playlist_search(playlist_search) VALUES ('rebuild')",
    # The listen this one duplicates (the same play reported by another source), or NULL.
    "ALTER TABLE listen ADD COLUMN duplicate_of INTEGER REFERENCES listen(id)",
    # Deleting a listen checks this foreign key; without the index that is a full scan.
    "CREATE INDEX listen_duplicate_of ON listen(duplicate_of) WHERE duplicate_of IS NOT NULL",
    "CREATE INDEX service_track_match ON service_track(match_key)",
    "CREATE INDEX listen_played ON listen(played_at)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the library: tracks, playlists, saved items, listens, provenance", _V1),
    Migration(2, "full-text search and cross-source listen de-duplication", _V2),
)

LATEST = MIGRATIONS[-1].version
