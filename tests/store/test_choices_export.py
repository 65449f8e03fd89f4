"""export-all carries what the user decided, not only what was imported (privacy: users can
export all their data)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from app.core.exporting import export_all
from app.core.importing import import_paths
from store import Library
from store.consents import Consents
from store.identity import Identity
from store.recommend_data import hide_recording
from store.similar import SimilarCache, song_key
from tests.identity.support import SPOTIFY


def test_export_all_holds_consents_hidden_songs_dismissals_and_decisions(
    library: Library, tmp_path: Path
) -> None:
    import_paths(library, [SPOTIFY])
    Consents(library).set("lastfm", "discover", True)
    Consents(library).set("spotify_api", "recommend", False)
    recording = Identity(library).recordings()[0]
    hide_recording(library, int(recording["id"]))
    SimilarCache(library).dismiss("track", song_key("Low Tide", ["Gulls"]), 1_700_000_000_000)
    SimilarCache(library).dismiss("artist", "The Gulls", 1_700_000_000_000, "The Gulls")

    export_all(library, tmp_path / "everything.zip")

    with zipfile.ZipFile(tmp_path / "everything.zip") as archive:
        choices = json.loads(archive.read("choices.json"))
        assert "choices.json" in archive.read("README.txt").decode()
    assert choices["format"] == "mixtape-choices/1"
    decided = {(c["service"], c["purpose"]): c["granted"] for c in choices["consents"]}
    assert decided == {("lastfm", "discover"): True, ("spotify_api", "recommend"): False}
    (hidden,) = choices["hidden_from_recommendations"]
    assert hidden["title"] == recording["members"][0]["title"]
    assert hidden["tracks"] == sorted(m["key"] for m in recording["members"])
    assert {(d["kind"], d["label"]) for d in choices["dismissed_beyond_library"]} == {
        ("track", ""),
        ("artist", "The Gulls"),
    }
    pack, now = choices["mapping_pack"], Identity(library).export_mapping()
    assert {k: v for k, v in pack.items() if k != "exported_at"} == {
        k: v for k, v in now.items() if k != "exported_at"
    }
    assert "recommend.hidden" not in choices["settings"]  # written as songs, not internal ids
