"""The layering rules of shared/docs/architecture.md hold: checked by reading every import.

import-linter runs in `make test` with the contracts in pyproject.toml; this test runs it too and
adds a checker of its own, which is itself tested on a tree that breaks the rules, so a silent
checker cannot pass for a clean tree.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("app", "connectors", "store", "recommender", "sync", "relay", "domain")

#: package → the project packages it may import.
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "store": {"domain"},
    "connectors": {"domain"},
    "recommender": {"domain", "store", "connectors"},
    "sync": {"domain", "store", "connectors"},
    "relay": set(),
    "app": {"domain", "store", "connectors", "recommender", "sync", "relay", "resources"},
}
QT = ("PySide6", "shiboken6")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def violations(root: Path) -> list[str]:
    problems: list[str] = []
    for package in LAYERS:
        for path in sorted((root / package).rglob("*.py")):
            for name in imports_of(path):
                where = path.relative_to(root)
                if name in QT and package != "app":
                    problems.append(f"{where}: Qt outside app/")
                elif name in ALLOWED and name != package and name not in ALLOWED[package]:
                    problems.append(f"{where}: {package}/ imports {name}/")
                elif name == "keyring" and package == "connectors":
                    problems.append(f"{where}: connectors use SecretStore, not keyring")
    return problems


def test_the_project_follows_the_layering_rules() -> None:
    assert violations(ROOT) == []


def test_the_checker_catches_violations(tmp_path: Path) -> None:
    for package in LAYERS:
        (tmp_path / package).mkdir()
    (tmp_path / "store" / "bad.py").write_text("from PySide6 import QtCore\nimport connectors\n")
    (tmp_path / "domain" / "bad.py").write_text("from store.library import Library\n")
    (tmp_path / "relay" / "bad.py").write_text("import domain\n")
    (tmp_path / "connectors" / "bad.py").write_text("import keyring\nfrom app import cli\n")
    assert sorted(violations(tmp_path)) == [
        "connectors/bad.py: connectors use SecretStore, not keyring",
        "connectors/bad.py: connectors/ imports app/",
        "domain/bad.py: domain/ imports store/",
        "relay/bad.py: relay/ imports domain/",
        "store/bad.py: Qt outside app/",
        "store/bad.py: store/ imports connectors/",
    ]


def test_import_linter_contracts_are_kept() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
