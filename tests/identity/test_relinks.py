"""Spotify relinks: a playable copy (``service_id``) and the id it was relinked from
(``linked_from``) are one service track, stage 1 of the pipeline, whatever the metadata says."""

from __future__ import annotations

import io
import json

from connectors.mixtape_json import MixtapeJsonImporter, write_library
from connectors.sources import ExportFile
from connectors.spotify_api._mapping import service_track
from connectors.spotify_api._payloads import ItemObject
from domain import ServiceTrack
from domain.matching import resolve
from store import Library
from store.export import iter_tracks
from store.identity import Identity
from store.identity.engine import default_feature_maker, default_matcher

ORIGINAL = ServiceTrack(
    "spotify", "6kLCHFM39wkFjOuyPGLGeQ", "Heroes", ("David Bowie",), None, 371_000
)
# The copy Spotify plays in another market: re-released under another name and length.
RELINKED = ServiceTrack(
    "spotify", "7Jh1bpe76CNTCgdgAdBw4Z", "“Heroes” - 2017 Remaster", ("David Bowie",),
    "Heroes (2017 Remaster)", 386_000, linked_from="6kLCHFM39wkFjOuyPGLGeQ",
)  # fmt: skip
ALSO_RELINKED = ServiceTrack(
    "spotify", "0zD3xJxHuf7Qe6PZ7hIK1H", "Heroes - Single Version", ("David Bowie",),
    None, 213_000, linked_from="6kLCHFM39wkFjOuyPGLGeQ",
)  # fmt: skip


def test_the_mapping_keeps_the_playable_id_and_the_id_asked_for() -> None:
    item: ItemObject = {
        "id": RELINKED.service_id,
        "type": "track",
        "name": RELINKED.title,
        "artists": [{"name": "David Bowie"}],
        "linked_from": {
            "id": ORIGINAL.service_id,
            "type": "track",
            "uri": f"spotify:track:{ORIGINAL.service_id}",
        },
    }
    track = service_track(item)
    assert track is not None
    assert track.key == f"spotify:{RELINKED.service_id}"
    assert track.linked_from == ORIGINAL.service_id
    del item["linked_from"]
    assert service_track(item).linked_from is None  # type: ignore[union-attr]


def test_relinks_join_in_stage_one_with_their_evidence() -> None:
    maker, matcher = default_feature_maker(), default_matcher()
    tracks = [ORIGINAL, RELINKED, ALSO_RELINKED]
    # Alone, the metadata would not merge this pair (durations far apart).
    alone = matcher.judge(maker.features(ORIGINAL), maker.features(ALSO_RELINKED))
    assert alone.outcome != "accept"
    result = resolve({i: maker.features(t) for i, t in enumerate(tracks)}, matcher)
    assert result.clusters.groups() == {0: [0, 1, 2]}
    assert {d.judgement.rule for d in result.joined} == {"relink"}
    notes = [d.judgement.summary() for d in result.joined]
    assert all(n.startswith("Spotify relink") for n in notes)
    assert any(ORIGINAL.service_id in n and RELINKED.service_id in n for n in notes)


def add(library: Library, name: str, *tracks: ServiceTrack) -> None:
    writer = library.begin_import("test", name, name)
    for track in tracks:
        writer.add(track)
    writer.complete()


def test_an_import_links_a_relink_to_the_original_and_back(library: Library) -> None:
    add(library, "a.json", ORIGINAL)
    add(library, "b.json", RELINKED)  # incremental: the original is already there
    add(library, "c.json", ALSO_RELINKED)
    identity = Identity(library)
    for _ in range(2):
        (recording,) = identity.recordings()
        assert len(recording["members"]) == 3
        assert "Spotify relink" in recording["evidence"]["summary"]
        identity.resolve_all()  # from scratch: the same


def test_the_original_arriving_after_its_relink_joins_it(library: Library) -> None:
    add(library, "b.json", RELINKED)
    add(library, "a.json", ORIGINAL)
    (recording,) = Identity(library).recordings()
    assert len(recording["members"]) == 2


def test_linked_from_is_stored_and_exported_losslessly(library: Library) -> None:
    add(library, "b.json", ORIGINAL, RELINKED)
    stored = list(iter_tracks(library))
    assert stored == [ORIGINAL, RELINKED]
    out = io.BytesIO()
    write_library(out, stored, [], [], [])
    data = out.getvalue()
    assert json.loads(data)["tracks"][1]["linked_from"] == ORIGINAL.service_id
    file = ExportFile("library.json", len(data), lambda: io.BytesIO(data))
    assert [r for r in MixtapeJsonImporter().read(file) if isinstance(r, ServiceTrack)] == stored


def test_a_chain_through_an_unnumbered_title_never_joins_numbered_songs(
    library: Library,
) -> None:
    # "Song" may be "Song 1" (one side has no number), but "Song 1" is never "Song 2": no
    # chain of matches through the unnumbered one may make all of them one recording.
    def numbered(n: int | None) -> ServiceTrack:
        title = "Good Enough For Granddad" + (f" {n}" if n is not None else "")
        sid = f"sp{n if n is not None else 0:020d}"
        return ServiceTrack("spotify", sid, title, ("Squirrel Nut Zippers",), duration_ms=137_040)

    add(library, "liked", numbered(None), *(numbered(n) for n in range(1, 6)))
    groups = [sorted(m["title"] for m in r["members"]) for r in Identity(library).recordings()]
    for group in groups:
        numbers = {t.rsplit(" ", 1)[-1] for t in group if t[-1].isdigit()}
        assert len(numbers) <= 1, group
    assert len(groups) >= 5
