"""The ``mixtape share`` commands as shared/docs/cli.md promises them: two profiles, one relay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from store import Profile, open_library
from tests.relay.conftest import RelayProcess, free_port
from tests.sync.conftest import PASSPHRASE
from tests.sync.library_data import MARKER, deezer_track, load_playlist, spotify_track


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code = main(["--json", *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    document = json.loads(captured.out)  # exactly one JSON document on stdout
    assert isinstance(document, dict)
    return document


def _profiles(tmp_path: Path) -> tuple[str, str]:
    ana, ben = tmp_path / "ana", tmp_path / "ben"
    with open_library(Profile.resolve(ana), PASSPHRASE) as library:
        load_playlist(library, "Road trip", [spotify_track(1, MARKER), spotify_track(2)], "a")
    with open_library(Profile.resolve(ben), PASSPHRASE) as library:
        load_playlist(library, "Mine", [deezer_track(1, MARKER), deezer_track(3)], "b")
    return str(ana), str(ben)


def test_create_join_sync_members_remove_leave(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, relay_process: RelayProcess
) -> None:
    ana, ben = _profiles(tmp_path)
    relay = f"ws://127.0.0.1:{relay_process.port}"
    created = _json(capsys, "--profile", ana, "share", "create", "--playlist", "Road trip",
                    "--relay", relay, "--name", "ana")  # fmt: skip
    assert set(created) >= {"link", "doc_id"}
    assert str(created["link"]).startswith("mixtape://join?")
    joined = _json(capsys, "--profile", ben, "share", "join", str(created["link"]), "--name", "ben")
    assert joined == {"playlist": "Road trip", "doc_id": created["doc_id"]}

    _json(capsys, "--profile", ana, "share", "sync")
    _json(capsys, "--profile", ben, "share", "add", "Road trip", "deezer:9000003")
    synced = _json(capsys, "--profile", ben, "share", "sync")
    assert synced["playlists"][0]["status"] == "up_to_date"  # type: ignore[index]
    _json(capsys, "--profile", ana, "share", "sync")

    shown = _json(capsys, "--profile", ana, "share", "show", "Road trip")
    titles = [e["title"] for e in shown["entries"]]  # type: ignore[attr-defined]
    assert titles == [MARKER, "Song 2", "Song 3"]
    seen_by_ben = _json(capsys, "--profile", ben, "share", "show", "Road trip")
    first = seen_by_ben["entries"][0]  # type: ignore[index]
    assert (first["in_library"], first["service"]) == (True, "deezer")
    assert seen_by_ben["entries"][1]["in_library"] is False  # type: ignore[index]

    members = _json(capsys, "--profile", ana, "share", "members", "Road trip")
    assert [(m["name"], m["role"]) for m in members["members"]] == [  # type: ignore[attr-defined]
        ("ana", "owner"),
        ("ben", "member"),
    ]
    status = _json(capsys, "--profile", ben, "share", "status")
    assert status["playlists"][0]["summary"] == "up to date"  # type: ignore[index]

    removed = _json(capsys, "--profile", ana, "share", "remove", "Road trip", "ben")
    assert removed["removed"] == "ben"
    code = main(["--profile", ben, "share", "sync"])
    assert code == 4  # the relay no longer lets ben in
    assert capsys.readouterr().err.startswith("error:")

    left = _json(capsys, "--profile", ana, "share", "leave", "Road trip")
    assert left["deleted_on_relay"] is True
    assert _json(capsys, "--profile", ana, "share", "status") == {"playlists": []}


def test_an_unreachable_relay_is_exit_code_4(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ana, _ = _profiles(tmp_path)
    relay = f"ws://127.0.0.1:{free_port()}"
    code = main(["--profile", ana, "share", "create", "--playlist", "Road trip", "--relay", relay])
    err = capsys.readouterr().err
    assert code == 4, err
    assert err.startswith("error:")


def test_a_bad_link_is_exit_code_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--profile", str(tmp_path / "x"), "share", "join", "https://example.com/x"])
    assert code == 2
    assert capsys.readouterr().err.startswith("error:")
