"""XSPF: real files read with the right counts, our files read back exactly, bombs refused."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import BadExport
from connectors.registry import detect
from connectors.xspf import write_playlist
from domain import Playlist, ServiceTrack

NS = "{http://xspf.org/ns/0/}"
# XML 1.0 cannot hold most control characters, and parsers turn "\r" into "\n": leave them out.
XML_TEXT = st.sampled_from(("a, b", 'say "hi"', "&<>", "]]>", "Beyoncé", " ")) | st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), max_size=12
)


def test_sample_reads_every_track_with_its_identity(shared_data: Path, exports: Any) -> None:
    path = shared_data / "playlist_formats" / "sample.xspf"
    tracks = ET.parse(path).getroot().findall(f"{NS}trackList/{NS}track")
    file = exports.file(path)
    assert detect(file).name == "xspf"
    *others, playlist = exports.read(file)
    assert isinstance(playlist, Playlist)
    assert len(playlist.entries) == len(tracks) == 2
    assert [e.track.title for e in playlist.entries] == [t.findtext(f"{NS}title") for t in tracks]
    first, second = (e.track for e in playlist.entries)
    assert (first.service, first.service_id, first.duration_ms) == (
        "spotify",
        "7CRPXJt3IVC7V0VcM0PSQi",
        185000,
    )
    assert second.service == "listenbrainz"
    assert second.service_id == "385f4381-0f6d-47a0-bc56-07570374f650"
    # The local file of the first entry is kept as another appearance of the same song.
    assert [(t.kind, t.uri) for t in others] == [
        ("local", "file:///home/user/Music/Noname/Telefone/03%20Diddy%20Bop.flac")
    ]
    assert playlist.name == "Summrr Vibin’"
    assert playlist.description == "Merged from Spotify + Deezer"


def test_writer_matches_golden_and_reads_back(
    golden: Callable[[str, bytes], None],
    golden_playlist: tuple[Playlist, dict[str, list[ServiceTrack]]],
    exports: Any,
) -> None:
    playlist, appearances = golden_playlist
    out = io.BytesIO()
    write_playlist(playlist, out, appearances)
    golden("playlist.xspf", out.getvalue())
    *others, read = exports.read(exports.write("back.xspf", out.getvalue()))
    assert read == playlist
    assert {(t.service, t.service_id) for t in others} == {
        ("apple_music", "617154366"),
        ("youtube_music", "5NV6Rdv1a3I"),
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_playlist_round_trips(
    data: st.DataObject, playlists: Callable[..., st.SearchStrategy[Playlist]]
) -> None:
    playlist = data.draw(playlists(text=XML_TEXT))
    out = io.BytesIO()
    write_playlist(playlist, out)
    file = _file(out.getvalue())
    records = list(detect(file).read(file))
    assert records[-1] == playlist


def _file(data: bytes) -> Any:
    from connectors.sources import ExportFile

    return ExportFile("p.xspf", len(data), lambda: io.BytesIO(data))


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<playlist version="1" xmlns="http://xspf.org/ns/0/"><title>&lol3;</title><trackList/></playlist>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<playlist version="1" xmlns="http://xspf.org/ns/0/"><title>&x;</title><trackList/></playlist>"""


@pytest.mark.parametrize("document", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entity_declarations_are_refused(document: bytes, exports: Any) -> None:
    file = exports.write("evil.xspf", document)
    with pytest.raises(BadExport, match=r"evil\.xspf: refused: the XML declares entities"):
        exports.read(file)


def test_truncated_xml_names_the_line(shared_data: Path, exports: Any) -> None:
    data = (shared_data / "playlist_formats" / "sample.xspf").read_bytes()
    file = exports.write("cut.xspf", data[: len(data) // 2])
    with pytest.raises(BadExport, match=r"cut\.xspf, line \d+, column \d+: broken XML"):
        exports.read(file)


def test_a_bad_duration_names_the_track(exports: Any) -> None:
    document = (
        b'<playlist version="1" xmlns="http://xspf.org/ns/0/"><trackList>'
        b"<track><title>a</title></track><track><title>b</title><duration>long</duration></track>"
        b"</trackList></playlist>"
    )
    with pytest.raises(BadExport, match=r"bad\.xspf, track 2: invalid literal"):
        exports.read(exports.write("bad.xspf", document))
