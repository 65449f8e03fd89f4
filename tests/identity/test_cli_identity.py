"""The identity commands keep the CLI contract (shared/docs/cli.md): JSON shapes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.identity.support import APPLE, SPOTIFY

MEMBER_FIELDS = {"service", "service_id", "title", "artists", "album", "duration_ms", "isrc"}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code = main(["--json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    document = json.loads(out)
    assert isinstance(document, dict)
    return document


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str]) -> None:
    run_json(capsys, "import", str(SPOTIFY), str(APPLE))


@pytest.mark.usefixtures("imported")
def test_recordings_shape(capsys: pytest.CaptureFixture[str]) -> None:
    recordings = run_json(capsys, "recordings")["recordings"]
    assert isinstance(recordings, list)
    assert len(recordings) == 7
    for r in recordings:
        assert {"id", "title", "artists", "duration_ms", "isrcs", "members"} <= set(r)
        for m in r["members"]:
            assert set(m) >= MEMBER_FIELDS
    shared = run_json(capsys, "recordings", "--shared")["recordings"]
    assert all(len(r["members"]) > 1 for r in shared)  # type: ignore[union-attr]


@pytest.mark.usefixtures("imported")
def test_dupes_shape_and_dedupe_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    groups = run_json(capsys, "dupes", "--playlist", "Road Trip")["groups"]
    (group,) = groups  # type: ignore[misc]
    assert {"recording_id", "members", "evidence"} <= set(group)
    assert {"rule", "score"} <= set(group["evidence"])
    assert all({"where", "position", *MEMBER_FIELDS} <= set(m) for m in group["members"])
    preview = run_json(capsys, "dedupe", "--playlist", "Road Trip")
    assert preview["applied"] is False
    assert preview["removed"] == 1
    assert len(run_json(capsys, "playlists", "Road Trip")["entries"]) == 3  # type: ignore[arg-type]
    applied = run_json(capsys, "dedupe", "--playlist", "Road Trip", "--apply", "--keep", "best")
    assert len(run_json(capsys, "playlists", "Road Trip")["entries"]) == 2  # type: ignore[arg-type]
    undone = run_json(capsys, "undo", str(applied["undo_id"]))
    assert undone["kind"] == "dedupe"
    assert len(run_json(capsys, "playlists", "Road Trip")["entries"]) == 3  # type: ignore[arg-type]
    assert run_json(capsys, "dupes", "--liked")["groups"] == []
    everything = run_json(capsys, "dupes")["groups"]
    assert {g["kind"] for g in everything} == {"playlist", "across_playlists"}  # type: ignore[index]


@pytest.mark.usefixtures("imported")
def test_merge_split_undo_review_and_mapping(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    recordings = run_json(capsys, "recordings")["recordings"]
    hurts = [r["id"] for r in recordings if r["title"].startswith("Hurts")]  # type: ignore[union-attr,index]
    merged = run_json(capsys, "merge", *map(str, hurts))
    assert len(run_json(capsys, "recordings")["recordings"]) == 6  # type: ignore[arg-type]
    run_json(capsys, "undo")  # the last action: the merge
    assert len(run_json(capsys, "recordings")["recordings"]) == 7  # type: ignore[arg-type]
    run_json(capsys, "split", "spotify:6nek1Nin9q48AVZcWs9e9D")
    assert len(run_json(capsys, "recordings")["recordings"]) == 8  # type: ignore[arg-type]
    pack = tmp_path / "pack.json"
    assert run_json(capsys, "mapping", "export", str(pack))["decisions"] == 1
    assert json.loads(pack.read_text(encoding="utf-8"))["format"] == "mixtape-mapping"
    assert run_json(capsys, "review")["items"] == []
    history = run_json(capsys, "undo", "--list")["actions"]
    assert merged["undo_id"] in [a["id"] for a in history]  # type: ignore[union-attr,index]


def test_bad_requests_are_one_error_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dedupe"]) == 2
    assert main(["undo", "999"]) == 2
    assert main(["split", "spotify:nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 3
    assert "Traceback" not in err
