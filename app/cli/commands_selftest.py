"""``mixtape --self-test [--report PATH]`` (see :mod:`app.selftest`)."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli import _context as ctx
from app.cli._context import CliError


def self_test_command(report: Path | None) -> None:
    """Run the self-test, print a line per check and exit (0 only when every check passed)."""
    from app.selftest import run

    code, document, path = run(report)

    def human() -> None:
        for check in document["checks"]:
            mark = "ok  " if check["ok"] else "FAIL"
            line = f"{mark} {check['name']:<16} {check['seconds']:>6.2f}s {check['error']}"
            ctx.out.print(line.rstrip(), markup=False)
        verdict = "all checks passed" if code == 0 else "SOME CHECKS FAILED"
        ctx.out.print(f"{verdict}; report: {path}", markup=False)

    ctx.emit(document, human)
    if code:
        raise CliError(f"the self-test failed; see {path}", code)
    raise typer.Exit(0)  # never go on to open the app
