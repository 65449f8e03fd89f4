"""A library written at schema v2 (before identity resolution) upgrades to v3 and resolves."""

from __future__ import annotations

import shutil
from pathlib import Path

from domain import ServiceTrack
from store import Profile, open_library
from store.identity import Identity
from store.migrate import schema_version
from store.schema import LATEST

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_version_2_library_upgrades_and_keeps_its_recordings(tmp_path: Path) -> None:
    target = tmp_path / "library_v2"
    shutil.copytree(FIXTURES / "library_v2", target)
    lib = open_library(Profile.resolve(target), "fixture passphrase")
    try:
        with lib.read() as db:
            assert schema_version(db) == LATEST
            assert db.execute("SELECT count(*) FROM identity_action").fetchone()[0] == 0
        recordings = Identity(lib).recordings()
        assert [len(r["members"]) for r in recordings] == [2]
        # The first import after the upgrade resolves the whole library, old tracks included.
        writer = lib.begin_import("test", "more.json", "h1")
        writer.add(
            ServiceTrack(
                "youtube_music", "dQw4w9WgXcQ", "Never Gonna Give You Up", ("Rick Astley",)
            )
        )
        writer.complete()
        (merged,) = Identity(lib).recordings()
        assert {m["service"] for m in merged["members"]} == {
            "spotify",
            "apple_music",
            "youtube_music",
        }
        assert lib.status()["playlists"] == 1
    finally:
        lib.close()
