"""Mixtape JSON: the full-fidelity format gives back exactly the records written into it."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadExport
from connectors.mixtape_json import MixtapeJsonImporter, write_library, write_playlist
from connectors.registry import detect
from connectors.sources import ExportFile
from domain import ImportRecord, Listen, Playlist, PlaylistEntry, SavedItem, ServiceTrack

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def as_file(data: bytes, name: str = "library.json") -> ExportFile:
    return ExportFile(name, len(data), lambda: io.BytesIO(data))


def read(data: bytes) -> list[ImportRecord]:
    return list(MixtapeJsonImporter().read(as_file(data)))


ALBUM_ID = "4m2880jivSbbyEGAKfITCa"


def small_library() -> tuple[list[ServiceTrack], list[Playlist], list[SavedItem], list[Listen]]:
    song = ServiceTrack(
        "spotify", "2Foc5Q5nqNiosCNqttzHof", "Get Lucky (feat. Pharrell Williams & Nile Rodgers)",
        ("Daft Punk", "Pharrell Williams", "Nile Rodgers"), "Random Access Memories", 369_626,
        "USQX91300108", False, "spotify:track:2Foc5Q5nqNiosCNqttzHof",
    )  # fmt: skip
    podcast = ServiceTrack("spotify", "0Q86acNRm6V9GYx55SXKwf", "Episode 1", ("A Show",),
                           kind="episode", explicit=True)  # fmt: skip
    scrobble = ServiceTrack("lastfm", None, "Get Lucky", ("Daft Punk",), "Random Access Memories")
    started = datetime(2026, 3, 1, 8, 15, 2, tzinfo=UTC)
    playlist = Playlist(
        "spotify",
        "Mornings",
        (
            PlaylistEntry(0, song, datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC), "sam.k"),
            PlaylistEntry(1, podcast),
            PlaylistEntry(2, scrobble, None, "mara"),
        ),
        "37i9dQZF1DXcBWIGoYBM5M",
        'Wake up "gently"\nplease',
        "mara",
    )
    saved = [
        SavedItem("spotify", "track", song, added_at=datetime(2024, 5, 6, tzinfo=UTC)),
        SavedItem("spotify", "album", None, "Random Access Memories", "Daft Punk", ALBUM_ID),
        SavedItem("spotify", "banned_artist", None, "Nobody", None, None, None),
    ]  # fmt: skip
    listens = [
        Listen(
            song, started, "spotify", 369_000, "android", "clickrow", "trackdone", True, False, True
        ),
        Listen(scrobble, started + timedelta(seconds=1), "lastfm"),
    ]
    return [song, podcast], [playlist], saved, listens


def written(**kwargs: object) -> bytes:
    out = io.BytesIO()
    tracks, playlists, saved, listens = small_library()
    write_library(out, tracks, playlists, saved, listens, **kwargs)  # type: ignore[arg-type]
    return out.getvalue()


def test_library_reads_back_exactly() -> None:
    tracks, playlists, saved, listens = small_library()
    assert read(written()) == [*tracks, *playlists, *saved, *listens]


def test_library_golden(golden: Callable[[str, bytes], None]) -> None:
    golden("library.mixtape.json", written(exported_at=datetime(2026, 11, 2, tzinfo=UTC)))


def test_playlist_golden_carries_every_appearance(
    golden: Callable[[str, bytes], None],
    golden_playlist: tuple[Playlist, dict[str, list[ServiceTrack]]],
) -> None:
    playlist, appearances = golden_playlist
    out = io.BytesIO()
    write_playlist(playlist, out, appearances)
    golden("playlist.mixtape.json", out.getvalue())
    records = read(out.getvalue())
    assert records[-1] == playlist
    assert set(records[:-1]) == {e.track for e in playlist.entries} | {
        t for ts in appearances.values() for t in ts
    }


def test_a_pretty_printed_file_reads_the_same() -> None:
    pretty = json.dumps(json.loads(written()), indent=2, sort_keys=True).encode()
    assert read(pretty) == read(written())


def test_detection_picks_mixtape_json_for_both_layouts(exports: Any) -> None:
    pretty = json.dumps(json.loads(written()), indent=1).encode()
    for name, data in [("a.json", written()), ("b.json", pretty)]:
        file = exports.write(name, data)
        assert detect(file).name == "mixtape_json"


@PROPERTY
@given(data=st.data())
def test_any_playlist_round_trips(
    data: st.DataObject, playlists: Callable[..., st.SearchStrategy[Playlist]]
) -> None:
    playlist = data.draw(playlists())
    out = io.BytesIO()
    write_playlist(playlist, out)
    records = read(out.getvalue())
    assert records[-1] == playlist
    # One track per key in the table; a different track under the same key travels inline.
    assert [t.key for t in records[:-1]] == list(
        dict.fromkeys(e.track.key for e in playlist.entries)
    )


@PROPERTY
@given(data=st.data())
def test_any_history_round_trips(
    data: st.DataObject, playlists: Callable[..., st.SearchStrategy[Playlist]]
) -> None:
    playlist = data.draw(playlists())
    tracks = [e.track for e in playlist.entries]
    if not tracks:
        return
    maybe_bool = st.none() | st.booleans()
    maybe_text = st.none() | st.text(max_size=8)
    listen = st.builds(
        Listen,
        track=st.sampled_from(tracks),
        played_at=st.datetimes(timezones=st.just(UTC)),
        source=st.sampled_from(("spotify", "lastfm", "apple_music")),
        ms_played=st.none() | st.integers(0, 10**8),
        platform=maybe_text,
        reason_start=maybe_text,
        reason_end=maybe_text,
        shuffle=maybe_bool,
        skipped=maybe_bool,
        offline=maybe_bool,
    )
    listens = data.draw(st.lists(listen, max_size=8))
    # Half the tracks are in the track table, the others travel inline with their listens.
    table = tracks[: len(tracks) // 2]
    out = io.BytesIO()
    write_library(out, table, [playlist], [], listens)
    assert read(out.getvalue()) == [*table, playlist, *listens]


def test_writing_a_long_history_keeps_memory_bounded() -> None:
    track = small_library()[0][0]
    start = datetime(2025, 1, 1, tzinfo=UTC)

    def history() -> Iterator[Listen]:
        for n in range(20_000):
            yield Listen(track, start + timedelta(minutes=n), "spotify", 200_000, "android")

    class Sink(io.RawIOBase):
        size = 0

        def writable(self) -> bool:
            return True

        def write(self, b: object) -> int:
            self.size += len(b)  # type: ignore[arg-type]
            return len(b)  # type: ignore[arg-type]

    sink = Sink()
    tracemalloc.start()
    try:
        write_library(sink, [track], [], [], history())  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sink.size > 2_000_000
    assert peak < 12_000_000, f"peak {peak} bytes while writing"


def test_reading_a_long_history_streams() -> None:
    track = small_library()[0][0]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    out = io.BytesIO()
    listens = (Listen(track, start + timedelta(minutes=n), "spotify") for n in range(20_000))
    write_library(out, [track], [], [], listens)
    file = as_file(out.getvalue())
    tracemalloc.start()
    try:
        count = sum(1 for _ in MixtapeJsonImporter().read(file))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20_001
    assert peak < 4_000_000, f"peak {peak} bytes while reading"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_a_truncated_file_is_refused_with_its_line(cut: float) -> None:
    data = written()
    with pytest.raises(BadExport, match=r"library\.json, line \d+"):
        read(data[: int(len(data) * cut)])


def test_a_truncated_pretty_file_is_refused_with_its_line() -> None:
    pretty = json.dumps(json.loads(written()), indent=2).encode()
    with pytest.raises(BadExport, match=r"line \d+, column \d+: broken JSON"):
        read(pretty[:-40])


def test_a_newer_version_is_refused() -> None:
    data = written().replace(b'"version":1', b'"version":2', 1)
    with pytest.raises(BadExport, match="newer Mixtape"):
        read(data)


def test_a_bad_field_names_the_record() -> None:
    data = written().replace(b'"ms_played":369000', b'"ms_played":"long"')
    with pytest.raises(BadExport, match=r"listens #1 \(line \d+\): field 'ms_played'"):
        read(data)


def test_an_unknown_track_key_names_the_record() -> None:
    known = b'"track":"spotify:2Foc5Q5nqNiosCNqttzHof","played_at"'
    data = written().replace(known, b'"track":"spotify:nope","played_at"')
    with pytest.raises(BadExport, match=r"listens #1 .*'spotify:nope' is not in the file"):
        read(data)


def test_sniff_is_certain_of_its_own_files_only() -> None:
    importer = MixtapeJsonImporter()
    assert importer.sniff(as_file(written()), written()[:65536]) == 1.0
    jspf = b'{"playlist": {"title": "x", "track": []}}'
    assert importer.sniff(as_file(jspf), jspf) == 0.0
