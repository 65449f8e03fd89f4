"""The labelled evaluation set and pairwise precision / recall / F1.

Every real song is written the way two or three services write it (positives); about a third
also get a *different* recording beside them (live, acoustic, remix, radio edit, instrumental,
karaoke, cover), and the real data already holds same-title-other-artist songs and same-artist
similar titles. Truth is the recording each rendering came from; a system's prediction is the
set of pairs it puts together.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations

from identity_data import Song, real_songs, render, song_keys, variant

from domain import ServiceTrack
from domain.normalize import fold

SERVICES = ("apple_music", "youtube_music", "deezer")
_NEGATIVES = ("live", "acoustic", "remix", "edit", "instrumental", "karaoke", "cover")
_HARD_KINDS = {"live", "acoustic", "remix", "edit", "instrumental", "karaoke", "unplugged"}


@dataclass
class EvalTrack:
    track: ServiceTrack
    truth: int
    kind: str  # "original" or the kind of hard negative it belongs to


def _negative(song: Song, kind: str, rng: random.Random, others: list[Song]) -> Song:
    d = song.duration_ms
    if kind == "live":
        venue = rng.choice(["", "", "Wembley Stadium", "Madison Square Garden", "2012"])
        return variant(song, "live", venue.lower(), duration_ms=d and d + rng.randint(-1500, 40000))
    if kind == "acoustic":
        return variant(song, "acoustic", duration_ms=d and d + rng.randint(-20000, 20000))
    if kind == "remix":
        who = rng.choice(["Kaskade", "Tiësto", "R3HAB", "Club", "Extended"])
        return variant(song, "remix", who.lower(), duration_ms=d and d + rng.randint(20000, 120000))
    if kind == "edit":
        return variant(song, "edit", duration_ms=d and d - rng.randint(15000, 60000))
    if kind == "instrumental":
        return variant(song, "instrumental", duration_ms=d and d + rng.randint(-1000, 1000))
    if kind == "karaoke":
        band = rng.choice(["Karaoke Hits Band", "Sing2Piano", "The Karaoke Channel"])
        return variant(
            song,
            "karaoke",
            artists=(band,),
            featured=(),
            duration_ms=d and d + rng.randint(-3000, 3000),
        )
    other = rng.choice(others)  # a cover: same title, another real artist
    while set(other.artists) & set(song.artists):
        other = rng.choice(others)
    return replace(
        song,
        artists=other.artists,
        featured=(),
        album=other.album,
        duration_ms=d and d + rng.randint(-10000, 10000),
    )


def evaluation_set(limit: int | None, seed: int = 7) -> tuple[list[EvalTrack], dict[str, int]]:
    rng = random.Random(seed)
    songs = real_songs()
    rng.shuffle(songs)
    if limit:
        songs = songs[:limit]
    known = set().union(*(song_keys(s) for s in songs))
    out: list[EvalTrack] = []
    stats: Counter[str] = Counter(real_songs=len(songs))
    truth = 0

    def emit(song: Song, services: Iterable[str], kind: str, isrc: str | None) -> None:
        nonlocal truth
        services = list(services)
        extra = rng.random()
        for n, service in enumerate(services):
            shown = song
            explicit: bool | None = None
            hard = {k for k, _ in song.tags} & _HARD_KINDS
            if n == 1 and extra < 0.10 and not hard:  # a remaster on one service only
                shown = variant(song, "remaster", rng.choice(["", "2009", "2011", "2015"]))
                stats["policy_remaster"] += 1
            elif n == 1 and extra < 0.18:  # explicit on one service, the clean one on another
                shown, explicit = variant(song, "clean"), False
                stats["policy_explicit_clean"] += 1
            elif n == 0 and extra < 0.18:
                explicit = True
            elif n == 1 and extra < 0.22:
                shown = variant(song, "single")
                stats["policy_single"] += 1
            track_id = f"{service}-{len(out)}"
            track = render(shown, service, track_id, rng, isrc=isrc, explicit=explicit)
            out.append(EvalTrack(track, truth, kind))
        truth += 1

    for index, song in enumerate(songs):
        spotify = rng.choice(["spotify", "spotify_history"])
        services = rng.sample([spotify, *SERVICES], k=rng.choice([2, 2, 3]))
        isrc = f"QZAAA{index:07d}" if rng.random() < 0.2 else None
        emit(song, services, "original", isrc)
        hard = {k for k, _ in song.tags} & _HARD_KINDS
        if rng.random() < 0.35 and not hard:
            kind = rng.choice(_NEGATIVES)
            stats[f"negative_{kind}"] += 1
            negative = _negative(song, kind, rng, songs)
            if song_keys(negative) & known:  # that version is a real song of the set already
                continue
            isrc = f"QZBBB{index:07d}" if rng.random() < 0.2 else None
            emit(negative, rng.sample([spotify, *SERVICES], k=rng.choice([1, 2])), kind, isrc)
    titles: Counter[str] = Counter(fold(s.title) for s in songs)
    stats["same_title_other_song"] = sum(c for c in titles.values() if c > 1)
    stats["tracks"] = len(out)
    stats["recordings"] = truth
    stats["missing_duration"] = sum(1 for t in out if t.track.duration_ms is None)
    return out, dict(stats)


def pairs_of(groups: Iterable[Iterable[int]]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for group in groups:
        found.update(combinations(sorted(group), 2))
    return found


def true_pairs(items: list[EvalTrack]) -> set[tuple[int, int]]:
    by_truth: dict[int, list[int]] = {}
    for i, item in enumerate(items):
        by_truth.setdefault(item.truth, []).append(i)
    return pairs_of(by_truth.values())


def baseline_pairs(items: list[EvalTrack], lenient: bool) -> set[tuple[int, int]]:
    """The common tools' rule: same id (ISRC), or same lower-cased title + first artist and
    durations within 2 s (``lenient``: a missing duration does not block the match)."""
    groups: dict[tuple[str, str], list[int]] = {}
    by_isrc: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        t = item.track
        first = t.artists[0].lower().strip() if t.artists else ""
        groups.setdefault((t.title.lower().strip(), first), []).append(i)
        if t.isrc:
            by_isrc.setdefault(t.isrc, []).append(i)
    found = pairs_of(by_isrc.values())
    for members in groups.values():
        for a, b in combinations(members, 2):
            da, db = items[a].track.duration_ms, items[b].track.duration_ms
            if da is None or db is None:
                if lenient:
                    found.add((a, b))
            elif abs(da - db) <= 2000:
                found.add((a, b))
    return found


def prf(predicted: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict[str, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "predicted_pairs": len(predicted),
        "true_pairs": len(truth),
        "true_positives": tp,
    }
