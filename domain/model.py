"""The domain model: what a listener's library is made of.

A *recording* is the song itself; a *service track* is one appearance of it on one service.
Playlists, saved items and listens always point at service tracks; views group them by recording.
All times are timezone-aware UTC ``datetime`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from domain.normalize import match_key

#: Service names, as in the CLI contract (``shared/docs/cli.md``).
SERVICES = (
    "spotify",
    "apple_music",
    "youtube_music",
    "deezer",
    "tidal",
    "lastfm",
    "listenbrainz",
    "soundcloud",
    "local",
)

#: What a user can consent to, per service. ``discover`` ("look up similar music") sends the
#: chosen seed songs' titles and artists to Last.fm / ListenBrainz; never granted by default.
PURPOSES = ("import", "write_back", "recommend", "share", "discover")

TrackKind = Literal["track", "episode", "audiobook", "video", "local"]


@dataclass(frozen=True, slots=True)
class ServiceTrack:
    """One appearance of a song on one service (or a local file, or a scrobble).

    ``service_id`` is the service's own id (Spotify's 22-character id, Apple's catalog id, a
    YouTube video id, …) or ``None`` when the source only gives names, as scrobbles and the 2020
    Spotify export do. Such tracks are identified by their metadata instead (see :attr:`key`).
    """

    service: str
    service_id: str | None
    title: str
    artists: tuple[str, ...]
    album: str | None = None
    duration_ms: int | None = None
    isrc: str | None = None
    explicit: bool | None = None
    uri: str | None = None
    kind: TrackKind = "track"
    linked_from: str | None = None
    #: Release year when the source says (a recommender side feature). Not part of identity or
    #: equality: the same track with and without a known year is the same track.
    year: int | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """The natural key that makes imports idempotent.

        With a service id it is ``service:id``; without one, ``service:~`` plus the normalised
        title, artists and album, so the same scrobbled song from two files is one track.
        """
        if self.service_id:
            return f"{self.service}:{self.service_id}"
        album = match_key(self.album or "")
        return f"{self.service}:~{match_key(self.title, self.artists)}|{album}"


@dataclass(frozen=True, slots=True)
class Recording:
    """The canonical song that one or more service tracks are appearances of."""

    id: int | None
    title: str
    artists: tuple[str, ...]
    duration_ms: int | None = None
    isrcs: tuple[str, ...] = ()
    mbid: str | None = None


@dataclass(frozen=True, slots=True)
class PlaylistEntry:
    """One row of a playlist: its 0-based position and who added what, when (if known)."""

    position: int
    track: ServiceTrack
    added_at: datetime | None = None
    added_by: str | None = None


@dataclass(frozen=True, slots=True)
class Playlist:
    """A playlist from a service, a playlist file, or one made in Mixtape (``service="local"``).

    ``service_id`` is the service's playlist id when known; otherwise the playlist is identified
    by its service and name.
    """

    service: str
    name: str
    entries: tuple[PlaylistEntry, ...] = ()
    service_id: str | None = None
    description: str | None = None
    owner: str | None = None

    @property
    def key(self) -> str:
        ident = self.service_id or f"~{match_key(self.name)}"
        return f"{self.service}:{ident}"


SavedKind = Literal["track", "album", "artist", "show", "episode", "banned_track", "banned_artist"]


@dataclass(frozen=True, slots=True)
class SavedItem:
    """A liked song, saved album, followed artist (or a banned item) on one service.

    For ``kind="track"`` (and banned tracks) ``track`` is set; albums and artists carry names.
    """

    service: str
    kind: SavedKind
    track: ServiceTrack | None = None
    name: str | None = None
    artist: str | None = None
    service_id: str | None = None
    added_at: datetime | None = None

    @property
    def key(self) -> str:
        if self.track is not None:
            return f"{self.kind}:{self.track.key}"
        ident = self.service_id or f"~{match_key(self.name or '', (self.artist or '',))}"
        return f"{self.kind}:{self.service}:{ident}"


@dataclass(frozen=True, slots=True)
class Listen:
    """One play. ``played_at`` is the *start* of the play, in UTC.

    ``source`` names who reported it (``spotify``, ``lastfm``, …); the same play reported by two
    sources is one listen in the merged history (the store decides, with a time window).
    """

    track: ServiceTrack
    played_at: datetime
    source: str
    ms_played: int | None = None
    platform: str | None = None
    reason_start: str | None = None
    reason_end: str | None = None
    shuffle: bool | None = None
    skipped: bool | None = None
    offline: bool | None = None


#: What an importer yields; the store persists each kind through its repository.
ImportRecord = ServiceTrack | Playlist | SavedItem | Listen


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Provenance of one imported file: which importer read what, when, and what it gave."""

    importer: str
    source: str
    content_hash: str
    imported_at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    id: int | None = None


Verdict = Literal["same", "different"]


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """A judgement that some service tracks are (or are not) one recording, with its reasons.

    ``decided_by`` is ``"rule"`` for automatic decisions and ``"user"`` for the user's own, which
    always win and survive re-imports.
    """

    track_keys: tuple[str, ...]
    verdict: Verdict
    decided_by: Literal["rule", "user"]
    rule: str
    score: float | None = None
    evidence: dict[str, object] = field(default_factory=dict)
    decided_at: datetime | None = None
    id: int | None = None


AccountState = Literal["ok", "syncing", "paused", "needs_sign_in", "error"]


@dataclass(frozen=True, slots=True)
class Account:
    """A connected service account. The token lives in the keyring; this holds a reference."""

    service: str
    account_id: str
    display_name: str | None = None
    scopes: tuple[str, ...] = ()
    token_ref: str | None = None
    state: AccountState = "ok"
    last_sync: datetime | None = None
    paused_until: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Consent:
    """Whether the user allows ``purpose`` (one of :data:`PURPOSES`) for ``service``."""

    service: str
    purpose: str
    granted: bool
    decided_at: datetime | None = None
