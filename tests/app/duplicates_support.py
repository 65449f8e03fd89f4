"""A real encrypted library for the Duplicates tests: the bundled demo, plus two tracks from a
fourth service that Mixtape cannot be sure about (same song? the durations differ by 8 s), so
the review queue has something in it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.core.demo import load_demo
from domain import ServiceTrack
from store import Library, Profile, open_library
from store.importing import ImportBatchWriter

PASSPHRASE = "duplicates are a fact of life"

#: Grey-zone copies of two demo songs: title and artists agree, the duration is 8 s longer.
UNSURE = (
    ServiceTrack(
        "deezer", "dz-our-house", "Our House", ("Crosby, Stills, Nash & Young",), None, 189_000
    ),
    ServiceTrack("deezer", "dz-blinding", "Blinding Lights", ("The Weeknd",), None, 208_500),
)


def add_unsure_tracks(library: Library) -> None:
    with ImportBatchWriter(library, "test", "unsure.json", "unsure-v1") as batch:
        for track in UNSURE:
            batch.add(track)


@contextmanager
def demo_library(profile: Profile) -> Iterator[Library]:
    library = open_library(profile, PASSPHRASE)
    try:
        load_demo(library)
        add_unsure_tracks(library)
        yield library
    finally:
        library.close()
