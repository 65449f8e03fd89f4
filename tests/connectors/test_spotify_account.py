"""Spotify account data (YourLibrary, Playlist*, StreamingHistory*): 2020 and current shapes."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connectors.errors import BadExport
from connectors.registry import detect
from domain import Listen, Playlist, SavedItem

CURRENT = "spotify_account_export_hobbies-w-erin"
OLD = "spotify_account_export_2020_fedecalendino"
SECTION_KINDS = {
    "tracks": "track",
    "albums": "album",
    "artists": "artist",
    "shows": "show",
    "episodes": "episode",
    "bannedTracks": "banned_track",
    "bannedArtists": "banned_artist",
}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", [CURRENT, OLD])
@pytest.mark.parametrize("name", ["YourLibrary.json", "YourLibrary.SAMPLE.json"])
def test_your_library_gives_one_saved_item_per_entry_of_each_section(
    shared_data: Path, exports: Any, folder: str, name: str
) -> None:
    path = shared_data / folder / name
    raw = _json(path)
    expected = Counter({kind: len(raw.get(section, [])) for section, kind in SECTION_KINDS.items()})
    file = exports.file(path)
    assert detect(file).name == "spotify_account_library"
    items = exports.read(file)
    assert all(isinstance(x, SavedItem) and x.service == "spotify" for x in items)
    assert Counter(x.kind for x in items) == +expected


def test_current_library_keeps_ids_from_uris(shared_data: Path, exports: Any) -> None:
    path = shared_data / CURRENT / "YourLibrary.json"
    raw = _json(path)
    items = exports.read(exports.file(path))
    tracks = [x.track.service_id for x in items if x.kind == "track" and x.track]
    assert tracks == [t["uri"].split(":")[2] for t in raw["tracks"]]
    artists = [x.service_id for x in items if x.kind == "artist"]
    assert artists == [a["uri"].split(":")[2] for a in raw["artists"]]


def test_2020_library_has_no_uris_so_tracks_are_keyed_by_name(
    shared_data: Path, exports: Any
) -> None:
    items = exports.read(exports.file(shared_data / OLD / "YourLibrary.json"))
    tracks = [x.track for x in items if x.track]
    assert tracks
    assert all(t.service_id is None and t.key.startswith("spotify:~") for t in tracks)


def test_banned_tracks_and_artists_are_saved_items_of_their_own_kind(exports: Any) -> None:
    library = {
        "tracks": [],
        "bannedTracks": [
            {
                "artist": "A",
                "album": "B",
                "track": "Nope",
                "uri": "spotify:track:0123456789abcdefghijkl",
            }
        ],
        "bannedArtists": [{"name": "Band", "uri": "spotify:artist:0123456789abcdefghijkl"}],
    }
    items = exports.read(exports.write("YourLibrary.json", json.dumps(library)))
    assert [(x.kind, x.name or (x.track and x.track.title)) for x in items] == [
        ("banned_track", "Nope"),
        ("banned_artist", "Band"),
    ]


@pytest.mark.parametrize("folder", [CURRENT, OLD])
@pytest.mark.parametrize("name", ["Playlist1.json", "Playlist1.SAMPLE.json"])
def test_playlists_keep_every_entry_in_order(
    shared_data: Path, exports: Any, folder: str, name: str
) -> None:
    path = shared_data / folder / name
    raw = _json(path)["playlists"]
    file = exports.file(path)
    assert detect(file).name == "spotify_account_playlists"
    playlists = exports.read(file)
    assert [p.name for p in playlists] == [p["name"] for p in raw]
    for playlist, source in zip(playlists, raw, strict=True):
        assert isinstance(playlist, Playlist)
        assert [e.position for e in playlist.entries] == list(range(len(source["items"])))
        titles = [
            (i["track"] or {}).get("trackName") or (i["episode"] or {}).get("episodeName")
            for i in source["items"]
        ]
        assert [e.track.title for e in playlist.entries] == [str(t).strip() for t in titles]


def test_current_playlists_keep_added_dates_uris_and_episodes(
    shared_data: Path, exports: Any
) -> None:
    path = shared_data / CURRENT / "Playlist1.json"
    items = [i for p in _json(path)["playlists"] for i in p["items"]]
    entries = [e for p in exports.read(exports.file(path)) for e in p.entries]
    assert len(entries) == len(items) == 1008
    assert [e.added_at for e in entries] == [
        datetime.strptime(i["addedDate"], "%Y-%m-%d").replace(tzinfo=UTC) for i in items
    ]
    episodes = [i["episode"]["episodeUri"].split(":")[2] for i in items if i["episode"]]
    assert [e.track.service_id for e in entries if e.track.kind == "episode"] == episodes
    assert len(episodes) == 3


def test_2020_playlists_have_no_uris_and_no_added_dates(shared_data: Path, exports: Any) -> None:
    path = shared_data / OLD / "Playlist1.json"
    entries = [e for p in exports.read(exports.file(path)) for e in p.entries]
    assert len(entries) == sum(len(p["items"]) for p in _json(path)["playlists"]) == 261
    assert all(e.added_at is None and e.track.service_id is None for e in entries)


def test_local_tracks_in_playlists_are_named_from_their_uri(exports: Any) -> None:
    document = {
        "playlists": [
            {
                "name": "Mixed",
                "lastModifiedDate": "2024-01-01",
                "description": None,
                "numberOfFollowers": 0,
                "items": [
                    {
                        "track": None,
                        "episode": None,
                        "audiobook": None,
                        "addedDate": "2024-01-02",
                        "localTrack": {"uri": "spotify:local:Oasis:Morning+Glory:Wonderwall:258"},
                    },
                    {
                        "track": None,
                        "episode": None,
                        "audiobook": None,
                        "localTrack": None,
                        "addedDate": "2024-01-03",
                    },
                    {
                        "track": {
                            "trackName": "Song",
                            "artistName": "A",
                            "albumName": "B",
                            "trackUri": "spotify:track:0123456789abcdefghijkl",
                        },
                        "episode": None,
                        "audiobook": None,
                        "localTrack": None,
                        "addedDate": "2024-01-04",
                    },
                ],
            }
        ]
    }
    (playlist,) = exports.read(exports.write("Playlist1.json", json.dumps(document)))
    local, song = playlist.entries
    assert (local.track.kind, local.track.title, local.track.artists) == (
        "local",
        "Wonderwall",
        ("Oasis",),
    )
    assert local.track.duration_ms == 258_000
    assert local.track.service_id is None
    assert (song.position, song.track.service_id) == (1, "0123456789abcdefghijkl")


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        (f"{CURRENT}/StreamingHistory_music_0.json", "track"),
        (f"{CURRENT}/StreamingHistory_music_0.SAMPLE.json", "track"),
        (f"{CURRENT}/StreamingHistory_podcast_0.json", "episode"),
        (f"{CURRENT}/StreamingHistory_audiobook_0.json", "audiobook"),
        (f"{OLD}/StreamingHistory0.json", "track"),
        (f"{OLD}/StreamingHistory0.SAMPLE.json", "track"),
    ],
)
def test_streaming_history_end_time_is_the_end_of_play(
    shared_data: Path, exports: Any, relative: str, kind: str
) -> None:
    path = shared_data / relative
    rows = _json(path)
    file = exports.file(path)
    assert detect(file).name == "spotify_account_streaming_history"
    listens = exports.read(file)
    assert len(listens) == len(rows)
    for listen, row in zip(listens, rows, strict=True):
        assert isinstance(listen, Listen)
        assert listen.track.kind == kind
        end = datetime.strptime(row["endTime"], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        assert listen.played_at == end - timedelta(milliseconds=row["msPlayed"])
        assert listen.ms_played == row["msPlayed"]


def test_rows_sharing_an_end_minute_are_all_kept(shared_data: Path, exports: Any) -> None:
    path = shared_data / OLD / "StreamingHistory0.json"
    rows = _json(path)
    shared_minutes = sum(n - 1 for n in Counter(r["endTime"] for r in rows).values() if n > 1)
    assert shared_minutes > 1000  # the pitfall is real in this file
    assert len(exports.read(exports.file(path))) == len(rows)
    twice = [
        {"endTime": "2024-01-01 10:00", "artistName": "A", "trackName": "T", "msPlayed": 1000}
    ] * 2
    assert len(exports.read(exports.write("StreamingHistory0.json", json.dumps(twice)))) == 2


def test_truncated_library_fails_with_a_line(shared_data: Path, exports: Any) -> None:
    data = (shared_data / CURRENT / "YourLibrary.SAMPLE.json").read_bytes()
    file = exports.write("YourLibrary.json", data[:-200])
    with pytest.raises(BadExport, match=r"YourLibrary.json, line \d+: broken JSON"):
        exports.read(file)


def test_malformed_history_row_is_named(exports: Any) -> None:
    rows = [
        {"endTime": "2024-01-01 10:00", "artistName": "A", "trackName": "T", "msPlayed": 1},
        {"endTime": "yesterday", "artistName": "A", "trackName": "T", "msPlayed": 1},
    ]
    file = exports.write("StreamingHistory0.json", json.dumps(rows))
    with pytest.raises(BadExport, match="record 2"):
        exports.read(file)
