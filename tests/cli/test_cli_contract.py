"""The `mixtape` command line, as shared/docs/cli.md promises it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.cli import main

EXTENDED = "spotify_extended_history_Khushi-203006/sample_Streaming_History_Audio_first40.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code, out, err = run(capsys, "--json", *argv)
    assert code == 0, err
    document = json.loads(out)  # exactly one JSON document, nothing else on stdout
    assert isinstance(document, dict)
    return document


def test_init_then_status_of_an_empty_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "init")["created"] is True
    assert run_json(capsys, "init")["created"] is False
    status = run_json(capsys, "status")
    for field in ("service_tracks", "recordings", "playlists", "playlist_entries"):
        assert status[field] == 0
    assert status["by_service"] == {}
    assert status["accounts"] == []


def test_import_reports_batches_and_is_idempotent(
    capsys: pytest.CaptureFixture[str], shared_data: Path
) -> None:
    source = shared_data / EXTENDED
    rows = json.loads(source.read_text(encoding="utf-8"))
    first = run_json(capsys, "import", str(source))
    (batch,) = first["batches"]  # type: ignore[misc]
    assert batch["importer"] == "spotify_extended_history"
    assert batch["added"]["listens"] == len(rows)
    assert set(batch["added"]) == {
        "service_tracks",
        "playlists",
        "playlist_entries",
        "saved_items",
        "listens",
    }
    again = run_json(capsys, "import", str(source))
    assert again["batches"][0]["outcome"] == "already imported"  # type: ignore[index]
    assert run_json(capsys, "status")["listens"] == len(rows)


def test_search_finds_imported_tracks(
    capsys: pytest.CaptureFixture[str], shared_data: Path
) -> None:
    source = shared_data / EXTENDED
    rows = json.loads(source.read_text(encoding="utf-8"))
    title = next(r["master_metadata_track_name"] for r in rows if r["master_metadata_track_name"])
    run_json(capsys, "import", str(source))
    found = run_json(capsys, "search", title)
    assert any(t["title"] == title for t in found["tracks"])  # type: ignore[union-attr,index]


def test_bad_input_is_one_error_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "Streaming_History_Audio_2023.json"
    broken.write_text('[{"ts": "2023-01-01T00:00:00Z", "ms_played": 1000, ', encoding="utf-8")
    code, _, err = run(capsys, "import", str(broken))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[-1].startswith("error: ")
    assert broken.name in lines[-1]
    assert "Traceback" not in err
    assert run_json(capsys, "status")["listens"] == 0


def test_unknown_file_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes", encoding="utf-8")
    code, _, err = run(capsys, "import", str(odd))
    assert code == 2
    assert "not a music export" in err


def test_wrong_passphrase_is_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_json(capsys, "init")
    monkeypatch.setenv("MIXTAPE_PASSPHRASE", "not it")
    code, out, err = run(capsys, "status")
    assert code == 3
    assert out == ""
    assert err.strip() == "error: wrong passphrase for this library"


def test_a_missing_key_file_is_exit_3_and_touches_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_json(capsys, "init")
    home = Path(os.environ["MIXTAPE_HOME"])
    (home / "library.key").unlink()
    before = (home / "library.db").read_bytes()
    code, _, err = run(capsys, "status")
    assert code == 3
    assert "library.key is missing" in err
    assert (home / "library.db").read_bytes() == before


def test_no_passphrase_and_no_terminal_is_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_json(capsys, "init")
    monkeypatch.delenv("MIXTAPE_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115
    code, _, err = run(capsys, "status")
    sys.stdin.close()
    assert code == 3
    assert "MIXTAPE_PASSPHRASE" in err


def test_profile_option_puts_the_library_where_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    code, out, _ = run(capsys, "--json", "--profile", str(elsewhere), "init")
    assert code == 0
    assert json.loads(out)["path"] == str(elsewhere / "library.db")
    assert (elsewhere / "library.db").exists()


def test_backup_forget_restore_round_trip(
    capsys: pytest.CaptureFixture[str], shared_data: Path, tmp_path: Path
) -> None:
    run_json(capsys, "import", str(shared_data / EXTENDED))
    before = run_json(capsys, "status")
    archive = tmp_path / "mixtape.backup"
    run_json(capsys, "backup", str(archive))
    removed = run_json(capsys, "forget", "--all", "--yes")
    assert removed["removed"]
    assert not Path(os.environ["MIXTAPE_HOME"]).exists()
    run_json(capsys, "restore", str(archive))
    assert run_json(capsys, "status") == before


def test_forget_without_yes_and_without_a_terminal_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_json(capsys, "init")
    code, _, err = run(capsys, "forget", "--all")
    assert code != 0
    assert "--yes" in err
    assert Path(os.environ["MIXTAPE_HOME"], "library.db").exists()


def test_export_all_writes_a_zip_of_open_formats(
    capsys: pytest.CaptureFixture[str], shared_data: Path, tmp_path: Path
) -> None:
    run_json(capsys, "import", str(shared_data / EXTENDED))
    target = tmp_path / "everything.zip"
    run_json(capsys, "export-all", str(target))
    with zipfile.ZipFile(target) as archive:
        library = json.loads(archive.read("library.json"))
    assert library["format"] == "mixtape"
    assert len(library["listens"]) == run_json(capsys, "status")["listens"]


def test_demo_loads_once_and_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    run_json(capsys, "demo")
    status = run_json(capsys, "status")
    assert len(status["by_service"]) >= 3  # type: ignore[arg-type]
    assert status["playlists"] >= 3  # type: ignore[operator]
    run_json(capsys, "demo")
    assert run_json(capsys, "status") == status


def test_the_installed_command_runs_as_a_real_process(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("mixtape")
    done = subprocess.run(
        [str(exe), "--json", "status"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["listens"] == 0
    assert done.stderr == ""
