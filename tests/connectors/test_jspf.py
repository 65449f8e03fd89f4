"""JSPF: ListenBrainz's files (identifier as list or string) and ours, read back exactly."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadExport
from connectors.jspf import write_playlist
from connectors.registry import detect
from connectors.sources import ExportFile
from domain import Playlist, ServiceTrack

LB_TRACK = "https://musicbrainz.org/doc/jspf#track"


MOCK = "listenbrainz_server_testdata/jspf_playlist_from_frontend_mock.json"


@pytest.mark.parametrize("relative", ["playlist_formats/sample.jspf", MOCK])
def test_real_files_read_with_every_track_and_date(
    shared_data: Path, exports: Any, relative: str
) -> None:
    path = shared_data / relative
    expected = json.loads(path.read_text(encoding="utf-8"))["playlist"]
    file = exports.file(path)
    assert detect(file).name == "jspf"
    playlist = exports.read(file)[-1]
    assert isinstance(playlist, Playlist)
    assert playlist.name == expected["title"]
    assert len(playlist.entries) == len(expected["track"])
    for entry, raw in zip(playlist.entries, expected["track"], strict=True):
        assert entry.track.title == raw["title"]
        assert entry.track.artists == (raw["creator"],)
        lb = raw.get("extension", {}).get(LB_TRACK, {})
        if "added_at" in lb:
            assert entry.added_at == datetime.fromisoformat(lb["added_at"]).astimezone(UTC)
            assert entry.added_by == lb["added_by"]
        identifiers = (
            raw["identifier"] if isinstance(raw["identifier"], list) else [raw["identifier"]]
        )
        assert any(entry.track.service_id and entry.track.service_id in i for i in identifiers)


def test_frontend_mock_identifier_as_string_and_listenbrainz_playlist_id(
    shared_data: Path, exports: Any
) -> None:
    path = shared_data / "listenbrainz_server_testdata" / "jspf_playlist_from_frontend_mock.json"
    (playlist,) = exports.read(exports.file(path))
    assert (playlist.service, playlist.service_id) == (
        "listenbrainz",
        "4245ccd3-4f0d-4276-95d6-2e09d87b5546",
    )
    track = playlist.entries[0].track
    assert (track.service, track.service_id) == (
        "listenbrainz",
        "385f4381-0f6d-47a0-bc56-07570374f650",
    )


def test_writer_matches_golden_and_reads_back(
    golden: Callable[[str, bytes], None],
    golden_playlist: tuple[Playlist, dict[str, list[ServiceTrack]]],
    exports: Any,
) -> None:
    playlist, appearances = golden_playlist
    out = io.BytesIO()
    write_playlist(playlist, out, appearances)
    golden("playlist.jspf", out.getvalue())
    document = json.loads(out.getvalue())
    assert all(
        isinstance(t["identifier"], list)
        for t in document["playlist"]["track"]
        if "identifier" in t
    )
    *others, read = exports.read(exports.write("back.jspf", out.getvalue()))
    assert read == playlist
    assert len(others) == 2


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_playlist_round_trips(
    data: st.DataObject, playlists: Callable[..., st.SearchStrategy[Playlist]]
) -> None:
    playlist = data.draw(playlists())
    out = io.BytesIO()
    write_playlist(playlist, out)
    file = ExportFile("p.jspf", len(out.getvalue()), lambda: io.BytesIO(out.getvalue()))
    assert list(detect(file).read(file))[-1] == playlist


def test_truncated_json_names_the_line(shared_data: Path, exports: Any) -> None:
    data = (shared_data / "playlist_formats" / "sample.jspf").read_bytes()
    with pytest.raises(BadExport, match=r"cut\.jspf, line \d+, column \d+: broken JSON"):
        exports.read(exports.write("cut.jspf", data[: len(data) // 2]))


def test_a_bad_track_names_the_record(exports: Any) -> None:
    document = {
        "playlist": {"title": "x", "track": [{"title": "a"}, {"title": "b", "duration": [1]}]}
    }
    with pytest.raises(BadExport, match=r"bad\.jspf, track 2: expected a number"):
        exports.read(exports.write("bad.jspf", json.dumps(document)))
