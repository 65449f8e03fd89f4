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

# v3: identity resolution. Decisions are keyed by track *keys* (service:id), never row ids, so
# they survive re-imports and travel in mapping packs. Every change a person can take back is
# an ``identity_action``; dedupe hides saved items instead of deleting them.
_V3 = (
    """CREATE TABLE identity_action (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        undone_at INTEGER
    )""",
    "ALTER TABLE match_decision ADD COLUMN action_id INTEGER REFERENCES identity_action(id)",
    "CREATE INDEX match_decision_action ON match_decision(action_id)",
    """CREATE TABLE decision_member (
        decision_id INTEGER NOT NULL REFERENCES match_decision(id) ON DELETE CASCADE,
        track_key TEXT NOT NULL,
        PRIMARY KEY (decision_id, track_key)
    ) WITHOUT ROWID""",
    "CREATE INDEX decision_member_key ON decision_member(track_key)",
    """CREATE TABLE track_block (
        key TEXT NOT NULL,
        track_id INTEGER NOT NULL REFERENCES service_track(id) ON DELETE CASCADE,
        PRIMARY KEY (key, track_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX track_block_track ON track_block(track_id)",
    """CREATE TABLE review_item (
        id INTEGER PRIMARY KEY,
        key_a TEXT NOT NULL,
        key_b TEXT NOT NULL,
        score REAL,
        evidence TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolution TEXT,
        UNIQUE (key_a, key_b)
    )""",
    "ALTER TABLE saved_item ADD COLUMN hidden_by INTEGER REFERENCES identity_action(id)",
    # Tracks resolved before v3 keep their recordings; the resolver indexes them on first use.
    "INSERT INTO setting (key, value) VALUES ('identity.needs_full_resolve', '1')",
)

# v4: live service connections: jobs, sync checkpoints, quarantined removals, rate state and
# the daily quota ledger (shared/docs/connectors.md, "Tables"). Tokens stay in the keyring.
_V4_SERVICES = (
    """CREATE TABLE service_job (
        id INTEGER PRIMARY KEY,
        service TEXT NOT NULL,
        account_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        stream TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        not_before INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    "CREATE INDEX service_job_status ON service_job(status, service)",
    """CREATE TABLE sync_checkpoint (
        service TEXT NOT NULL,
        account_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        cursor TEXT,
        watermark TEXT,
        change_token TEXT,
        total INTEGER,
        last_full_scan INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (service, account_id, stream)
    )""",
    """CREATE TABLE sync_removal (
        id INTEGER PRIMARY KEY,
        service TEXT NOT NULL,
        account_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        item_key TEXT NOT NULL,
        detail TEXT,
        detected_at INTEGER NOT NULL,
        resolved_at INTEGER
    )""",
    """CREATE UNIQUE INDEX sync_removal_open ON sync_removal(service, account_id, stream, item_key)
        WHERE resolved_at IS NULL""",
    """CREATE TABLE rate_state (
        service TEXT PRIMARY KEY,
        blocked_until REAL,
        delay REAL NOT NULL DEFAULT 0,
        breaker TEXT NOT NULL DEFAULT 'closed',
        failures INTEGER NOT NULL DEFAULT 0,
        open_until REAL
    )""",
    """CREATE TABLE quota_ledger (
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        bucket TEXT NOT NULL,
        units INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (service, day, bucket)
    )""",
)

# v5: listening insights (store/insights.py). The two time indexes of ``listen`` are widened to
# cover what the insights read (source, time played, whether the listen is counted), so totals,
# monthly series and top lists scan an index instead of visiting a million rows; their leading
# columns are unchanged, so every earlier query plan still holds (the cross-source de-duplication
# gains: it reads ``source`` and ``duplicate_of`` from the index too).
_V5_INSIGHTS = (
    "DROP INDEX listen_played",
    "CREATE INDEX listen_played ON listen(played_at, source, track_id, ms_played, duplicate_of)",
    "DROP INDEX listen_track",
    "CREATE INDEX listen_track ON listen(track_id, played_at, source, ms_played, duplicate_of)",
)

# v6: shared playlists (sync/, shared/docs/sharing.md). This device's identity keys, and per
# shared playlist: its CRDT state, epoch keys, the owner's signed roster, each device's last
# sequence number, the outbox of sealed envelopes, envelopes held behind a gap, and invites.
_V6_SHARING = (
    """CREATE TABLE share_device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        signing BLOB NOT NULL,
        receiving BLOB NOT NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
    )""",
    """CREATE TABLE share_doc (
        doc_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        relay_url TEXT NOT NULL,
        owner BLOB NOT NULL,
        epoch INTEGER NOT NULL,
        state BLOB NOT NULL,
        cursor INTEGER NOT NULL DEFAULT 0,
        device_seq INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'offline',
        status_detail TEXT,
        offline_since INTEGER,
        last_sync INTEGER,
        created_at INTEGER NOT NULL
    )""",
    """CREATE TABLE share_key (
        doc_id TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        key BLOB NOT NULL,
        PRIMARY KEY (doc_id, epoch)
    ) WITHOUT ROWID""",
    """CREATE TABLE share_roster (
        doc_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        statement BLOB NOT NULL,
        PRIMARY KEY (doc_id, idx)
    ) WITHOUT ROWID""",
    """CREATE TABLE share_peer (
        doc_id TEXT NOT NULL,
        device BLOB NOT NULL,
        last_seq INTEGER NOT NULL,
        last_seen INTEGER,
        PRIMARY KEY (doc_id, device)
    ) WITHOUT ROWID""",
    """CREATE TABLE share_outbox (
        doc_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        env BLOB NOT NULL,
        PRIMARY KEY (doc_id, seq)
    ) WITHOUT ROWID""",
    """CREATE TABLE share_held (
        doc_id TEXT NOT NULL,
        device BLOB NOT NULL,
        seq INTEGER NOT NULL,
        env BLOB NOT NULL,
        PRIMARY KEY (doc_id, device, seq)
    ) WITHOUT ROWID""",
    """CREATE TABLE share_invite (
        doc_id TEXT NOT NULL,
        invite_id TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        used_by BLOB,
        PRIMARY KEY (doc_id, invite_id)
    ) WITHOUT ROWID""",
)

# v7: transfers between services (app/core/transfer.py): the user's match rules ("this source
# track is that target track" / "does not exist there"), each transfer with its phase and how
# many target items are written (the per-batch checkpoint that makes a resume duplicate-free),
# and each entry's match outcome with its candidates for the review.
_V7_TRANSFERS = (
    """CREATE TABLE match_rule (
        source_key TEXT NOT NULL,
        target_service TEXT NOT NULL,
        target_id TEXT,
        decided_at INTEGER NOT NULL,
        PRIMARY KEY (source_key, target_service)
    )""",
    """CREATE TABLE transfer (
        id INTEGER PRIMARY KEY,
        source_playlist TEXT NOT NULL,
        target_service TEXT NOT NULL,
        mode TEXT NOT NULL DEFAULT 'create',
        target_playlist TEXT,
        phase TEXT NOT NULL,
        written INTEGER NOT NULL DEFAULT 0,
        verified INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    """CREATE INDEX transfer_open ON transfer(source_playlist, target_service, phase)""",
    """CREATE TABLE transfer_item (
        transfer_id INTEGER NOT NULL REFERENCES transfer(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source_key TEXT NOT NULL,
        outcome TEXT NOT NULL,
        score REAL,
        candidates TEXT NOT NULL DEFAULT '[]',
        target_id TEXT,
        PRIMARY KEY (transfer_id, position)
    )""",
)

# v8: identity, continued (issue 4). Spotify relinks: the id a track was relinked from, indexed
# where set (few are), so a relinked copy and the original are one recording. Dedupe rules: a
# playlist dedupe remembered by playlist key and track keys, re-applied when a re-import
# replaces the playlist, retired when undone.
_V8_IDENTITY = (
    "ALTER TABLE service_track ADD COLUMN linked_from TEXT",
    "CREATE INDEX service_track_linked ON service_track(service, linked_from)"
    " WHERE linked_from IS NOT NULL",
    """CREATE TABLE dedupe_rule (
        id INTEGER PRIMARY KEY,
        action_id INTEGER NOT NULL REFERENCES identity_action(id),
        playlist_key TEXT NOT NULL,
        keep_key TEXT NOT NULL,
        track_keys TEXT NOT NULL,
        undone_at INTEGER
    )""",
    "CREATE INDEX dedupe_rule_playlist ON dedupe_rule(playlist_key) WHERE undone_at IS NULL",
)

# v9: search as you type (issue 5). The track index gains prefix indexes for one- and
# two-character prefixes: the first letters typed match half the library, and without them FTS5
# merges the doclists of every word starting with those letters on each key press. The table is
# rebuilt from ``service_track`` (its content table); the triggers keep referring to it by name.
_V9_SEARCH = (
    "DROP TABLE track_search",
    """CREATE VIRTUAL TABLE track_search USING fts5(
        title, artists, album, content='service_track', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2'
    )""",
    "INSERT INTO track_search(track_search) VALUES ('rebuild')",
)

# v10: beyond the silo (issue 8, item 7). Similar songs fetched from Last.fm / ListenBrainz as
# metadata only, per source and seed key, with the time they were fetched (the cache's TTL), and
# the songs or artists from outside the library the user said "not for me" to.
_V10_SIMILAR = (
    """CREATE TABLE similar_fetch (
        source TEXT NOT NULL,
        seed_key TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (source, seed_key)
    ) WITHOUT ROWID""",
    """CREATE TABLE similar_track (
        source TEXT NOT NULL,
        seed_key TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        artists TEXT NOT NULL,
        score REAL NOT NULL,
        via TEXT NOT NULL,
        mbid TEXT,
        isrc TEXT,
        url TEXT,
        through_artist TEXT,
        PRIMARY KEY (source, seed_key, position)
    ) WITHOUT ROWID""",
    "CREATE INDEX similar_track_seed ON similar_track(seed_key)",
    """CREATE TABLE similar_dismissed (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        decided_at INTEGER NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID""",
)

# v11: a release year per service track (issue 7): a side feature for recommendations (artists,
# album, year), filled where an importer has a release date in hand; NULL when unknown.
_V11_YEAR = ("ALTER TABLE service_track ADD COLUMN year INTEGER",)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the library: tracks, playlists, saved items, listens, provenance", _V1),
    Migration(2, "full-text search and cross-source listen de-duplication", _V2),
    Migration(3, "identity resolution: decisions by track key, undoable actions, review", _V3),
    Migration(
        4, "service connections: jobs, checkpoints, removals, rate state, quotas", _V4_SERVICES
    ),
    Migration(5, "listening insights: covering indexes on listen times and tracks", _V5_INSIGHTS),
    Migration(6, "shared playlists: device keys, replicas, rosters, outboxes", _V6_SHARING),
    Migration(7, "transfers: match rules, transfers and their items", _V7_TRANSFERS),
    Migration(8, "identity: Spotify relinks, dedupe rules kept across re-imports", _V8_IDENTITY),
    Migration(9, "search as you type: prefix indexes for the first letters typed", _V9_SEARCH),
    Migration(10, "beyond the silo: similar music fetched from open sources", _V10_SIMILAR),
    Migration(11, "recommendations: a release year per track", _V11_YEAR),
)

LATEST = MIGRATIONS[-1].version
