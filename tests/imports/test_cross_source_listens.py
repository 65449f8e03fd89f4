"""The same plays exported by Spotify and scrobbled to Last.fm are one listening history.

Real-shaped files: the first rows of a real Spotify extended streaming history, and the
Last.fm scrobble export (ghan's lastfm-export header) that the same plays would produce,
written by this test from those rows with Last.fm's own rounding (start time to the minute).
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.importing import import_paths
from store import Profile, open_library

EXTENDED = "spotify_extended_history_Khushi-203006/sample_Streaming_History_Audio_first40.json"


def _music_rows(shared_data: Path) -> list[dict[str, object]]:
    rows = json.loads((shared_data / EXTENDED).read_text(encoding="utf-8"))
    return [r for r in rows if r["master_metadata_track_name"] and r["ms_played"] >= 30_000]


def _write_lastfm_export(rows: list[dict[str, object]], target: Path) -> int:
    """Scrobbles for the plays Last.fm would have seen (>= 30 s), plus one play of its own."""
    with target.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, quoting=csv.QUOTE_ALL)
        out.writerow(
            [
                "uts",
                "utc_time",
                "artist",
                "artist_mbid",
                "album",
                "album_mbid",
                "track",
                "track_mbid",
            ]
        )
        for r in rows:
            end = datetime.fromisoformat(str(r["ts"]).replace("Z", "+00:00"))
            start = end - timedelta(milliseconds=int(r["ms_played"]))  # type: ignore[call-overload]
            start = start.replace(second=0)  # Last.fm shows minutes
            out.writerow(
                [
                    int(start.timestamp()),
                    start.strftime("%d %b %Y, %H:%M"),
                    r["master_metadata_album_artist_name"],
                    "",
                    r["master_metadata_album_album_name"],
                    "",
                    r["master_metadata_track_name"],
                    "",
                ]
            )
        only_lastfm = datetime(2020, 5, 1, 12, 0, tzinfo=UTC)
        out.writerow(
            [
                int(only_lastfm.timestamp()),
                "01 May 2020, 12:00",
                "Bloc Party",
                "",
                "",
                "",
                "Helicopter",
                "",
            ]
        )
    return len(rows) + 1


def test_a_play_reported_by_spotify_and_lastfm_counts_once(
    shared_data: Path, tmp_path: Path
) -> None:
    rows = _music_rows(shared_data)
    assert len(rows) > 10, "the sample must hold enough real plays to mean something"
    scrobbles = tmp_path / "lastfm-export.csv"
    n_scrobbles = _write_lastfm_export(rows, scrobbles)
    all_spotify = json.loads((shared_data / EXTENDED).read_text(encoding="utf-8"))
    spotify_listens = sum(
        1 for r in all_spotify if r["master_metadata_track_name"] or r["episode_name"]
    )

    lib = open_library(Profile.resolve(tmp_path / "lib"), "pass phrase")
    try:
        results = import_paths(lib, [shared_data / EXTENDED, scrobbles])
        assert [r.outcome for r in results] == ["imported", "imported"], results
        status = lib.status()
        # Every scrobble of a Spotify play is recognised; only Last.fm's own play is new.
        assert results[1].duplicate_listens == len(rows)
        assert status["listens"] == spotify_listens + (n_scrobbles - len(rows))
        assert status["duplicate_listens"] == len(rows)

        # Importing the scrobbles first gives the same history, counted once.
        other = open_library(Profile.resolve(tmp_path / "other"), "pass phrase")
        try:
            import_paths(other, [scrobbles, shared_data / EXTENDED])
            assert other.status()["listens"] == status["listens"]
        finally:
            other.close()
    finally:
        lib.close()
