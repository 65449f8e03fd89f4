"""Fixtures for the importer tests: real files from ../shared/data, tiny hand-made ones."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import strategies as st

from connectors.registry import detect
from connectors.sources import ExportFile, expand
from domain import ImportRecord, Playlist, PlaylistEntry, ServiceTrack


@dataclass
class Exports:
    """Open export files the way the app does (``expand``) and read them with an importer."""

    tmp_path: Path

    def file(self, path: Path) -> ExportFile:
        files = list(expand(path))
        assert len(files) == 1, f"{path} expands to {len(files)} files"
        return files[0]

    def write(self, name: str, content: bytes | str) -> ExportFile:
        path = self.tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return self.file(path)

    def read(self, file: ExportFile) -> list[ImportRecord]:
        """All records of ``file``, read by the importer that detection picks."""
        return list(detect(file).read(file))


@pytest.fixture
def exports(tmp_path: Path) -> Exports:
    return Exports(tmp_path)


# --- Playlist formats (m3u, xspf, jspf, exportify, mixtape_json) --------------------------------

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def golden_playlist() -> tuple[Playlist, dict[str, list[ServiceTrack]]]:
    """A small playlist with the awkward cases, and the other appearances of its recordings."""
    lucky = ServiceTrack(
        "spotify", "69kOkLUCkxIZYexIgSG8rq", "Get Lucky (feat. Pharrell Williams & Nile Rodgers)",
        ("Daft Punk", "Pharrell Williams", "Nile Rodgers"), "Random Access Memories", 369_626,
        "USQX91300108", False, "spotify:track:69kOkLUCkxIZYexIgSG8rq",
    )  # fmt: skip
    lucky_apple = ServiceTrack(
        "apple_music", "617154366", "Get Lucky (feat. Pharrell Williams & Nile Rodgers)",
        ("Daft Punk",), "Random Access Memories", 369_000, "USQX91300108", False,
    )  # fmt: skip
    lucky_youtube = ServiceTrack(
        "youtube_music", "5NV6Rdv1a3I", "Get Lucky", ("Daft Punk", "Pharrell Williams"),
        None, 368_000,
    )  # fmt: skip
    september = ServiceTrack(
        "apple_music", "1440833098", "September", ("Earth, Wind & Fire",),
        'The Best of Earth, Wind & Fire, Vol. 1 "Remastered" <Deluxe>', 215_000, None, False,
    )  # fmt: skip
    local = ServiceTrack(
        "local", None, "Jóga", ("Björk",), "Homogenic", 305_000, None, None,
        "/home/mara/Music/Björk/Homogenic/02 Jóga.flac", "local",
    )  # fmt: skip
    playlist = Playlist(
        "spotify",
        "Summer & Co — “quotes”, commas",
        (
            PlaylistEntry(0, lucky, datetime(2024, 6, 1, 9, 30, tzinfo=UTC), "mara.listens"),
            PlaylistEntry(1, september, datetime(2024, 6, 2, 21, 5, 7, 250000, tzinfo=UTC)),
            PlaylistEntry(2, local, None, "sam.k"),
        ),
        service_id="37i9dQZF1DXcBWIGoYBM5M",
        description="Made for <friends> & family",
        owner="mara.listens",
    )
    return playlist, {lucky.key: [lucky_apple, lucky_youtube]}


_SPECIAL = ("", "a, b", 'say "hi"', "&<>", "Beyoncé", "宇多田ヒカル", "Tyler, The Creator", "x\\,y")
ALL_SERVICES = ("spotify", "apple_music", "youtube_music", "deezer", "tidal", "local", "lastfm")
_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _ids(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=size, max_size=size)


@pytest.fixture
def playlists() -> Callable[..., st.SearchStrategy[Playlist]]:
    """``playlists(text=…, services=…)``: random playlists for round-trip properties.

    ``text`` draws every string (formats narrow it to what they can carry); ``services`` the
    services tracks come from. Ids have each service's real shape so URLs parse back.
    """

    def build(
        text: st.SearchStrategy[str] | None = None,
        services: tuple[str, ...] = ALL_SERVICES,
        name_text: st.SearchStrategy[str] | None = None,
    ) -> st.SearchStrategy[Playlist]:
        words = text if text is not None else st.sampled_from(_SPECIAL) | st.text(max_size=12)
        names = name_text if name_text is not None else words.filter(bool)
        optional = st.none() | words
        moments = st.none() | st.datetimes(
            min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
        )
        ids = {
            "spotify": _ids(_BASE62, 22),
            "apple_music": _ids("0123456789", 10),
            "youtube_music": _ids(_BASE62 + "-_", 11),
            "deezer": _ids("0123456789", 9),
            "tidal": _ids("0123456789", 8),
        }

        @st.composite
        def track(draw: st.DrawFn) -> ServiceTrack:
            service = draw(st.sampled_from(services))
            service_id = draw(ids[service]) if service in ids else None
            uri = f"spotify:track:{service_id}" if service == "spotify" else None
            kind = "track"
            if service == "local":
                uri, kind = "/music/" + draw(names) + ".flac", "local"
            return ServiceTrack(
                service,
                service_id,
                draw(words),
                tuple(draw(st.lists(names, max_size=3))),
                draw(st.none() | names),
                draw(st.none() | st.integers(0, 10**7)),
                draw(st.none() | st.from_regex(r"[A-Z]{2}[A-Z0-9]{3}[0-9]{7}", fullmatch=True)),
                draw(st.none() | st.booleans()),
                uri,
                kind,
            )

        @st.composite
        def playlist(draw: st.DrawFn) -> Playlist:
            tracks = draw(st.lists(track(), max_size=6))
            entries = tuple(
                PlaylistEntry(i, t, draw(moments), draw(st.none() | names))
                for i, t in enumerate(tracks)
            )
            service = draw(st.sampled_from(("local", "spotify")))
            service_id = draw(ids["spotify"]) if service == "spotify" else None
            return Playlist(
                service, draw(names), entries, service_id, draw(optional), draw(optional)
            )

        return playlist()

    return build


@pytest.fixture
def golden() -> Callable[[str, bytes], None]:
    """``golden(name, written)``: compare with ``golden/<name>``; ``MIXTAPE_UPDATE_GOLDEN=1``
    rewrites the file instead (review the diff before committing it)."""

    def check(name: str, written: bytes) -> None:
        path = GOLDEN / name
        if os.environ.get("MIXTAPE_UPDATE_GOLDEN") == "1":
            path.write_bytes(written)
        assert path.is_file(), f"golden file {name} is missing; run with MIXTAPE_UPDATE_GOLDEN=1"
        assert written.decode("utf-8") == path.read_text(encoding="utf-8")

    return check
