"""Beyond the silo: songs the user does not have yet, from similar music on open sources.

The flow, for the CLI (``mixtape recommend --for-you --beyond``) and Discover alike:

1. pick a few *seed* songs from the user's own library on this computer
   (:func:`recommender.candidates.choose_seeds`: plays, likes, the model's sense of taste);
2. for each source whose **"discover" consent** the user gave (Last.fm, ListenBrainz; never on
   by default, never implied by "import" or "recommend"), fetch what it says is similar to
   each seed, as background jobs through the one scheduler and the service's rate governor.
   Only the seeds' titles, artist names and MusicBrainz ids are sent, never the listening
   history. Answers are kept in the library with the time they were fetched; one younger than
   the TTL is not asked for again. Each answer is saved as it arrives, so a cancelled or parked
   run keeps what it got and the next run asks only for the rest;
3. rank on this computer (:func:`recommender.candidates.rank_beyond`): nothing the library
   holds, nothing hidden or dismissed, agreement between sources counts, each with a reason.

Without any consent nothing is sent at all, and the answer says how to allow it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx
import numpy as np

from connectors._endpoints import endpoints_for
from connectors._jobs import Clock, Scheduler, ServiceGate
from connectors._parsing.ids import mbid as valid_mbid
from connectors._transport import DEFAULT_TIMEOUT
from connectors.errors import ClientError
from connectors.lastfm_api._similar import LastfmSimilar
from connectors.listenbrainz_api._similar import ListenBrainzSimilar, labs_url
from domain import ServiceTrack
from domain.jobs import Job
from domain.similar import SIMILAR_SOURCES, Seed, SimilarTrack
from recommender.candidates import (
    SOURCE_NAMES,
    BeyondSuggestion,
    Owned,
    SeedTaste,
    artist_seed_key,
    choose_seeds,
    rank_beyond,
    track_seed_key,
)
from recommender.errors import RecommenderError
from recommender.index import open_index
from recommender.models.base import FloatArray
from recommender.rerank import VectorLookup
from recommender.training import read_snapshot
from store import Library
from store.accounts import ServiceAccounts
from store.consents import Consents
from store.importing import AlreadyImported, ImportBatchWriter
from store.local_playlists import LocalPlaylists
from store.provenance import api_importer
from store.similar import SimilarCache, library_identities, recording_mbids

logger = logging.getLogger(__name__)

#: The consent purpose: "look up similar music" on a service (domain.PURPOSES).
PURPOSE = "discover"
JOB_KIND = "similar"
DEFAULT_TTL = timedelta(days=7)
DEFAULT_SEEDS = 10
#: The Last.fm API key, when no Last.fm account is connected (an app's key, not a secret).
LASTFM_KEY_ENV = "MIXTAPE_LASTFM_API_KEY"
LASTFM_KEY_SETTING = "lastfm.client_id"
NO_CONSENT = "no consent to look up similar music"

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class BeyondCancelled(Exception):
    """The user stopped the fetch; what arrived so far is kept."""


@dataclass(frozen=True)
class BeyondAnswer:
    items: tuple[BeyondSuggestion, ...]
    seeds: tuple[SeedTaste, ...]
    #: Sources asked this time or answered from the cache.
    sources: tuple[str, ...]
    #: Requests sent this time, per source (0 when everything came from the cache).
    requests: dict[str, int] = field(default_factory=dict)
    #: Sources not used, and why, in words.
    skipped: dict[str, str] = field(default_factory=dict)
    #: Sources paused by a rate limit (or outage), and until when.
    paused: dict[str, datetime | None] = field(default_factory=dict)
    cancelled: bool = False
    note: str = ""


class Beyond:
    """One library's similar-music lookups; build per command or per GUI task."""

    def __init__(
        self,
        library: Library,
        clock: Clock,
        environ: Mapping[str, str],
        *,
        ttl: timedelta = DEFAULT_TTL,
        client: Callable[[], httpx.Client] | None = None,
    ) -> None:
        self.library = library
        self.clock = clock
        self.environ = environ
        self.ttl = ttl
        self.cache = SimilarCache(library)
        self._accounts = ServiceAccounts(library)
        self._client = client or (lambda: httpx.Client(timeout=DEFAULT_TIMEOUT))

    # -- consent ---------------------------------------------------------------------------
    def allowed(self) -> dict[str, bool]:
        """Each source's "discover" consent (off unless the user turned it on)."""
        consents = Consents(self.library)
        return {s: consents.granted(s, PURPOSE) for s in SIMILAR_SOURCES}

    def allow(self, source: str, granted: bool = True) -> None:
        if source not in SIMILAR_SOURCES:
            raise ClientError(source, "similar music comes from lastfm or listenbrainz only")
        Consents(self.library).set(source, PURPOSE, granted)

    def lastfm_key(self) -> str | None:
        return self.environ.get(LASTFM_KEY_ENV) or self._accounts.setting(LASTFM_KEY_SETTING)

    # -- suggesting ------------------------------------------------------------------------
    def suggest(
        self,
        n: int = 25,
        *,
        seeds: int = DEFAULT_SEEDS,
        refresh: bool = False,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> BeyondAnswer:
        """Fetch what is missing (with consent), then rank on this computer."""
        report = progress or (lambda _f, _m: None)
        allowed, skipped = self._usable_sources()
        if not allowed:
            return BeyondAnswer((), (), (), skipped=skipped, note=_not_allowed_note(skipped))
        report(-1.0, "Reading your library")
        snapshot = read_snapshot(self.library)
        chosen = choose_seeds(
            snapshot.interactions, snapshot.plays, self._vectors(), n=max(1, seeds)
        )
        if not chosen:
            note = "Import listening history or liked songs first: suggestions start from them."
            return BeyondAnswer((), (), tuple(allowed), skipped=skipped, note=note)
        mbids = recording_mbids(
            self.library, [int(s.track_id) for s in chosen if s.track_id.isdigit()]
        )
        wanted = [_seed(s, mbids) for s in chosen]
        requests, paused, stopped, failed = self._fetch(allowed, wanted, refresh, report, cancelled)
        skipped.update(failed)
        report(-1.0, "Ranking on this computer")
        keys = sorted({k for s in chosen for k in (s.track_key, s.artist_key)})
        fetched = [t for t in self.cache.tracks(keys) if t.source in allowed]
        items = rank_beyond(fetched, chosen, self._owned(), n=n)
        note = ""
        if stopped:
            note = "Stopped; these come from what had arrived."
        elif paused:
            names = ", ".join(SOURCE_NAMES.get(s, s) for s in sorted(paused))
            note = f"{names} asked Mixtape to slow down; the rest will be fetched later."
        elif failed:
            source, why = sorted(failed.items())[0]
            note = f"{SOURCE_NAMES.get(source, source)} could not be asked: {why}"
        return BeyondAnswer(
            tuple(items),
            tuple(chosen),
            tuple(allowed),
            requests,
            skipped,
            paused,
            stopped,
            note,
        )

    def _usable_sources(self) -> tuple[list[str], dict[str, str]]:
        allowed: list[str] = []
        skipped: dict[str, str] = {}
        for source, granted in self.allowed().items():
            if not granted:
                skipped[source] = NO_CONSENT
            elif source == "lastfm" and not self.lastfm_key():
                skipped[source] = f"needs a Last.fm API key ({LASTFM_KEY_ENV} or connect lastfm)"
            else:
                allowed.append(source)
        return allowed, skipped

    def _vectors(self) -> VectorLookup | None:
        """The trained model's item vectors, when there is a model (no training here)."""
        try:
            index = open_index(self.library.profile.index_dir, exact=True)
        except (RecommenderError, OSError):
            return None
        try:
            rows = {t: i for i, t in enumerate(index.track_ids)}
            source = np.array(index.vectors(), copy=True)
        finally:
            index.close()

        def lookup(track_ids: Sequence[str]) -> FloatArray | None:
            found = [rows.get(t) for t in track_ids]
            if any(r is None for r in found):
                return None
            picked: FloatArray = source[[r for r in found if r is not None]]
            return picked

        return lookup

    def _owned(self) -> Owned:
        ids = library_identities(self.library)
        songs, artists = self.cache.dismissed()
        return Owned(
            ids.mbids,
            ids.isrcs,
            ids.keys,
            ids.hidden_keys,
            ids.hidden_mbids,
            songs,
            artists,
        )

    # -- fetching --------------------------------------------------------------------------
    def _fetch(
        self,
        sources: Sequence[str],
        seeds: Sequence[tuple[Seed, str, str]],
        refresh: bool,
        report: Progress,
        cancelled: Cancelled | None,
    ) -> tuple[dict[str, int], dict[str, datetime | None], bool, dict[str, str]]:
        now_ms = int(self.clock.now() * 1000)
        ttl_ms = int(self.ttl.total_seconds() * 1000)
        jobs: list[Job] = []
        todo: dict[tuple[str, str], tuple[Seed, list[Literal["track", "artist"]]]] = {}
        for source in sources:
            keys = [k for _seed, track, artist in seeds for k in (track, artist)]
            fetched = {} if refresh else self.cache.fetched_at(source, keys)
            fresh = {k for k, at in fetched.items() if now_ms - at < ttl_ms}
            planned_artists: set[str] = set()  # two seeds by one artist: ask about it once
            for seed, track_key, artist_key in seeds:
                parts: list[Literal["track", "artist"]] = []
                if track_key not in fresh:
                    parts.append("track")
                if artist_key not in fresh and artist_key not in planned_artists:
                    planned_artists.add(artist_key)
                    parts.append("artist")
                if parts:
                    todo[(source, track_key)] = (seed, parts)
                    jobs.append(Job(source, "", JOB_KIND, track_key))
        requests = dict.fromkeys(sources, 0)
        if not jobs:
            return requests, {}, False, {}
        clients: dict[str, Any] = {}
        gates = {s: self._gate(s) for s in sources}
        total, finished = len(jobs), 0

        def handle(job: Job) -> None:
            nonlocal finished
            if cancelled is not None and cancelled():
                raise BeyondCancelled
            seed, parts = todo[(job.service, job.stream)]
            client = clients.get(job.service)
            if client is None:
                client = clients[job.service] = self._similar_client(job.service, gates)
            name = SOURCE_NAMES.get(job.service, job.service)
            report(finished / total, f"Asking {name} about “{seed.title}”")
            self._fetch_seed(client, job.service, seed, parts)
            finished += 1
            report(finished / total, f"Asking {name} about “{seed.title}”")

        stopped = False
        scheduler = Scheduler(self.clock, {JOB_KIND: handle}, lambda _job: None)
        try:
            scheduler.run(jobs)
        except BeyondCancelled:
            stopped = True
            for job in jobs:
                if job.status in ("queued", "running"):
                    job.status = "cancelled"
        finally:
            for source, client in clients.items():
                requests[source] = client.requests_sent
                client.close()
            for gate in gates.values():
                self._accounts.save_rate_state(gate.snapshot())
        paused = {j.service: j.not_before for j in jobs if j.status == "parked"}
        failed: dict[str, str] = {}
        for job in jobs:
            if job.status == "failed" and job.service not in failed:
                # The connector's message names the service and the refusal; never a key.
                message = job.last_error or "the service refused the request"
                failed[job.service] = message.removeprefix(f"{job.service}: ")
                logger.warning("similar music from %s failed: %s", job.service, job.last_error)
        return requests, paused, stopped, failed

    def _gate(self, source: str) -> ServiceGate:
        return ServiceGate(source, self.clock, state=self._accounts.rate_state(source))

    def _similar_client(
        self, source: str, gates: Mapping[str, ServiceGate]
    ) -> LastfmSimilar | ListenBrainzSimilar:
        endpoints = endpoints_for(source, self.environ)
        if source == "lastfm":
            key = self.lastfm_key() or ""
            return LastfmSimilar(endpoints, gates[source], api_key=key, client=self._client())
        return ListenBrainzSimilar(
            endpoints, labs_url(self.environ), gates[source], client=self._client()
        )

    def _fetch_seed(
        self,
        client: LastfmSimilar | ListenBrainzSimilar,
        source: str,
        seed: Seed,
        parts: Sequence[str],
    ) -> None:
        if isinstance(client, ListenBrainzSimilar):
            seed = client.identify(seed)
        if "track" in parts:
            key = track_seed_key(seed.title, seed.artist)
            self._save(source, key, client.similar_tracks(seed, key))
        if "artist" in parts:
            key = artist_seed_key(seed.artist)
            self._save(source, key, client.similar_artists_tracks(seed, key))

    def _save(self, source: str, key: str, tracks: list[SimilarTrack]) -> None:
        self.cache.save(source, key, tracks, int(self.clock.now() * 1000))

    # -- keeping and dismissing --------------------------------------------------------------
    def dismiss(self, suggestion: BeyondSuggestion, whole_artist: bool = False) -> str:
        """ "Not for me": this song (or everything by its artist) never comes back."""
        now_ms = int(self.clock.now() * 1000)
        if whole_artist and suggestion.artists:
            artist = suggestion.artists[0]
            return self.cache.dismiss("artist", artist, now_ms, artist)
        label = f"{suggestion.title} — {', '.join(suggestion.artists)}"
        return self.cache.dismiss("track", suggestion.key, now_ms, label)

    def add_to_playlist(self, playlist_id: int, suggestions: Sequence[BeyondSuggestion]) -> int:
        """Append suggestions to a local playlist; each becomes a track of the source that
        suggested it (title, artists, MBID: metadata only), with its provenance."""
        track_ids = [self._track_for(s) for s in suggestions]
        LocalPlaylists(self.library).insert(playlist_id, track_ids)
        return len(track_ids)

    def _track_for(self, suggestion: BeyondSuggestion) -> int:
        source = suggestion.sources[0] if suggestion.sources else "listenbrainz"
        track = ServiceTrack(
            service=source,
            service_id=valid_mbid(suggestion.mbid),
            title=suggestion.title,
            artists=suggestion.artists,
            uri=suggestion.url,
        )
        where = SOURCE_NAMES.get(source, source)
        try:
            with ImportBatchWriter(
                self.library,
                api_importer(source),
                f"Discover: similar music from {where}",
                f"beyond:{track.key}",
            ) as writer:
                writer.add(track)
        except AlreadyImported:
            pass  # added before: the track is already in the library
        with self.library.read() as db:
            row = db.execute("SELECT id FROM service_track WHERE key = ?", (track.key,)).fetchone()
        if row is None:
            raise ClientError(source, "the suggestion could not be added")
        return int(row[0])


def _seed(taste: SeedTaste, mbids: Mapping[int, str]) -> tuple[Seed, str, str]:
    recording = int(taste.track_id) if taste.track_id.isdigit() else None
    mbid = mbids.get(recording) if recording is not None else None
    return Seed(taste.title, taste.artist, mbid), taste.track_key, taste.artist_key


def _not_allowed_note(skipped: Mapping[str, str]) -> str:
    for source, why in sorted(skipped.items()):
        if why != NO_CONSENT:
            return f"{SOURCE_NAMES.get(source, source)} {why}."
    return (
        "Looking up similar music sends the titles and artists of a few of your songs to "
        "Last.fm or ListenBrainz. Allow it for one of them to see songs you do not have yet."
    )


__all__ = ["Beyond", "BeyondAnswer", "BeyondCancelled"]
