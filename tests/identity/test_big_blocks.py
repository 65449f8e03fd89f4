"""A block too big to pair (one artist's hundreds of "Love …" songs) is not read again for every
new batch: a sync of a big library writes a page at a time, and each page used to load and score
the whole block, so the sync slowed down as the library grew. Matching stays exactly what
resolving the whole library from scratch gives."""

from __future__ import annotations

import hashlib

import pytest

from domain import ServiceTrack
from domain.matching.blocking import MAX_BLOCK
from store import Library
from store.identity import Identity
from store.identity import resolver as resolver_module

ARTIST = "Prolific Band"


def _spotify(n: int) -> ServiceTrack:
    return ServiceTrack(
        service="spotify",
        service_id=f"sp{n:020d}",
        title=f"Love Song {n}",
        artists=(ARTIST,),
        album="Everything",
        duration_ms=200_000 + n * 1_000,
    )


def _deezer(n: int) -> ServiceTrack:
    return ServiceTrack(
        service="deezer",
        service_id=str(9_000_000 + n),
        title=f"Love Song {n}",
        artists=(ARTIST,),
        album="Everything (Deluxe)",
        duration_ms=200_000 + n * 1_000 + 400,
    )


def _write(library: Library, name: str, tracks: list[ServiceTrack]) -> None:
    digest = hashlib.sha256(name.encode()).hexdigest()
    with library.begin_import("spotify_api", name, digest) as writer:
        for track in tracks:
            writer.add(track)


def _groups(library: Library) -> set[frozenset[str]]:
    return {
        frozenset(f"{m['service']}:{m['title']}" for m in r["members"])  # type: ignore[attr-defined]
        for r in Identity(library).recordings()
    }


@pytest.mark.parametrize("existing", [MAX_BLOCK - 10, MAX_BLOCK + 50])
def test_a_page_written_into_a_big_block_matches_as_a_full_resolve_does(
    library: Library, existing: int
) -> None:
    for start in range(0, existing, 50):  # a page at a time, as a sync writes them
        page = range(start, min(existing, start + 50))
        _write(library, f"page {start}", [_spotify(n) for n in page])
    _write(library, "deezer", [_deezer(7), _deezer(existing + 100)])
    incremental = _groups(library)
    assert frozenset({"spotify:Love Song 7", "deezer:Love Song 7"}) in incremental
    assert frozenset({f"deezer:Love Song {existing + 100}"}) in incremental
    Identity(library).resolve_all()
    assert _groups(library) == incremental


def test_a_page_into_a_block_too_big_to_pair_does_not_read_the_block(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    for start in range(0, 400, 50):
        _write(library, f"page {start}", [_spotify(n) for n in range(start, start + 50)])
    loaded: list[int] = []
    real = resolver_module.tracks_by_id

    def counting(db: object, ids: object) -> object:
        found = real(db, ids)  # type: ignore[arg-type]
        loaded.append(len(found))
        return found

    monkeypatch.setattr(resolver_module, "tracks_by_id", counting)
    _write(library, "one more page", [_spotify(n) for n in range(400, 450)])
    # The 50 new tracks, and none of the 400 that share only the oversized artist block.
    assert sum(loaded) == 50
    assert library.status()["recordings"] == 450
