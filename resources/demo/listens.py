"""A year of invented listening: sessions at plausible times, skips, and Last.fm scrobbles.

Sessions start at commute, lunch and evening hours on weekdays and later on weekends, play a
playlist or the liked songs of one service (in order or shuffled, with favourites coming back),
and end early now and then. Spotify plays carry what the extended streaming history carries
(platform, reasons, shuffle, skipped, offline); Apple plays what Apple's play activity does.
From ``scrobbling_from`` on, Last.fm also reports most Spotify plays that it would count (at
least 30 s and half the track or 4 minutes): the same play from two sources, a second or two
apart, under Last.fm's spelling (no service id, the first artist only).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from domain.model import Listen, Playlist, SavedItem, ServiceTrack

_WEEKDAY_SLOTS = ((7, 9), (12, 13), (17, 19), (20, 23))
_WEEKEND_SLOTS = ((9, 12), (14, 18), (19, 23))
_SESSIONS_WEEKDAY = (0, 1, 1, 1, 2, 2, 2, 3)
_SESSIONS_WEEKEND = (0, 0, 1, 1, 2, 2, 3)
_LOCAL_OFFSET = timedelta(hours=1)  # the listener lives in Central Europe; times are UTC


def make_listens(
    rng: random.Random,
    tracks: list[ServiceTrack],
    playlists: list[Playlist],
    saved: list[SavedItem],
    start: datetime,
    end: datetime,
    scrobbling_from: datetime,
) -> tuple[list[Listen], list[ServiceTrack]]:
    """Every listen in time order, and the Last.fm tracks the scrobbles point at."""
    contexts = _contexts(playlists, saved)
    favourites = {
        service: rng.sample(pool, min(12, len(pool)))
        for service in ("spotify", "apple_music")
        if (pool := [t for t in tracks if t.service == service])
    }
    listens: list[Listen] = []
    scrobble_tracks: dict[str, ServiceTrack] = {}
    day, busy_until = start, start
    while day < end:
        weekend = day.weekday() >= 5
        slots = _WEEKEND_SLOTS if weekend else _WEEKDAY_SLOTS
        count = rng.choice(_SESSIONS_WEEKEND if weekend else _SESSIONS_WEEKDAY)
        for first, last in sorted(rng.sample(slots, min(count, len(slots)))):
            begin = day + timedelta(hours=rng.randint(first, last), minutes=rng.randrange(60))
            begin = max(begin - _LOCAL_OFFSET, busy_until + timedelta(minutes=10))
            if begin >= end:
                break
            service = "spotify" if rng.random() < 0.7 else "apple_music"
            queue = _queue(rng, contexts[service], favourites[service])
            commute = not weekend and first == 7
            session, busy_until = _session(rng, service, queue, begin, commute)
            listens += session
        day += timedelta(days=1)
    scrobbles = []
    for listen in listens:
        if _scrobbled(rng, listen, scrobbling_from):
            track = _as_scrobbled(listen.track)
            scrobble_tracks.setdefault(track.key, track)
            moment = listen.played_at + timedelta(seconds=rng.choice((0, 1, 1, 2)))
            scrobbles.append(Listen(track, moment.replace(microsecond=0), "lastfm"))
    merged = sorted(listens + scrobbles, key=lambda x: (x.played_at, x.source))
    return merged, list(scrobble_tracks.values())


def _contexts(
    playlists: list[Playlist], saved: list[SavedItem]
) -> dict[str, list[list[ServiceTrack]]]:
    contexts: dict[str, list[list[ServiceTrack]]] = {"spotify": [], "apple_music": []}
    for playlist in playlists:
        if playlist.service in contexts:
            contexts[playlist.service].append([e.track for e in playlist.entries])
    for service, found in contexts.items():
        liked = [s.track for s in saved if s.service == service and s.track is not None]
        found += [liked, liked]  # liked songs are played as often as all playlists together
    return contexts


def _queue(
    rng: random.Random, contexts: list[list[ServiceTrack]], favourites: list[ServiceTrack]
) -> tuple[list[ServiceTrack], bool]:
    context = rng.choice(contexts)
    shuffle = rng.random() < 0.45
    length = rng.randint(3, 14)
    if shuffle:
        queue = rng.sample(context, min(length, len(context)))
    else:
        at = rng.randrange(len(context))
        queue = [context[(at + i) % len(context)] for i in range(min(length, len(context)))]
    queue = [rng.choice(favourites) if rng.random() < 0.2 else t for t in queue]
    return queue, shuffle


def _session(
    rng: random.Random,
    service: str,
    queue: tuple[list[ServiceTrack], bool],
    begin: datetime,
    commute: bool,
) -> tuple[list[Listen], datetime]:
    tracks, shuffle = queue
    spotify = service == "spotify"
    if spotify:
        platform = "android" if commute or rng.random() < 0.5 else "windows"
    else:
        platform = "iPhone" if commute or rng.random() < 0.6 else "Mac"
    offline = commute and rng.random() < 0.3
    moment, reason_start = begin.replace(microsecond=0), "clickrow"
    played: list[Listen] = []
    for track in tracks:
        length = track.duration_ms or 200_000
        roll = rng.random()
        if roll < 0.72:
            ms, reason_end, skipped = length - rng.randrange(400), "trackdone", False
        elif roll < 0.88:
            ms, reason_end, skipped = rng.randint(3_000, 40_000), "fwdbtn", True
        else:
            ms, reason_end, skipped = rng.randint(30_000, length), "endplay", False
        if spotify:
            played.append(
                Listen(
                    track,
                    moment,
                    "spotify",
                    ms,
                    platform,
                    reason_start,
                    reason_end,
                    shuffle,
                    skipped,
                    offline,
                )
            )
        else:
            apple_end = {
                "trackdone": "NATURAL_END_OF_TRACK",
                "fwdbtn": "TRACK_SKIPPED_FORWARDS",
                "endplay": "PLAYBACK_MANUALLY_PAUSED",
            }[reason_end]
            played.append(
                Listen(track, moment, "apple_music", ms, platform, None, apple_end, None, skipped)
            )
        moment += timedelta(milliseconds=ms + rng.randint(0, 2_000))
        moment = moment.replace(microsecond=0)
        if reason_end == "endplay":
            break
        reason_start = "fwdbtn" if reason_end == "fwdbtn" else "trackdone"
    return played, moment


def _scrobbled(rng: random.Random, listen: Listen, scrobbling_from: datetime) -> bool:
    if listen.source != "spotify" or listen.played_at < scrobbling_from:
        return False
    ms, length = listen.ms_played or 0, listen.track.duration_ms or 0
    counts = ms >= 30_000 and (ms * 2 >= length or ms >= 240_000)
    return counts and rng.random() < 0.93


def _as_scrobbled(track: ServiceTrack) -> ServiceTrack:
    return ServiceTrack("lastfm", None, track.title, track.artists[:1], track.album)
