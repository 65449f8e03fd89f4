"""What every command shares: global options, unlocking, output, and errors as words.

The contract (shared/docs/cli.md): ``--json`` prints exactly one JSON document on stdout;
progress goes to stderr and only on a terminal; an error is one ``error:`` line on stderr and
exit code 2 (bad input), 3 (locked or wrong key) or 4 (a service or relay failed).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from store import Library, LibraryLocked, Profile, open_library

EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3
EXIT_SERVICE = 4


class CliError(Exception):
    """An error to show as one line, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Options:
    json: bool = False
    profile: Path | None = None
    debug: bool = False


OPTIONS = Options()
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def configure_logging(debug: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Third-party clients log headers and tokens at DEBUG; they never get to.
    for noisy in ("spotipy", "urllib3", "httpx", "httpcore", "keyring"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def profile() -> Profile:
    return Profile.resolve(OPTIONS.profile)


def ask_passphrase(new: bool) -> str:
    """From ``MIXTAPE_PASSPHRASE``, else a prompt on a terminal (never a command-line argument)."""
    env = os.environ.get("MIXTAPE_PASSPHRASE")
    if env:
        return env
    if not sys.stdin.isatty():
        what = "choose a passphrase for the new library" if new else "the library is locked"
        raise CliError(f"{what}: set MIXTAPE_PASSPHRASE or run in a terminal", EXIT_LOCKED)
    if not new:
        return getpass.getpass("Passphrase: ")
    err.print(
        "Choose a passphrase. It opens your library when the system keyring cannot "
        "(a new computer, a restored backup). Mixtape cannot recover it for you."
    )
    first = getpass.getpass("New passphrase: ")
    if len(first) < 8:
        raise CliError("the passphrase needs at least 8 characters", EXIT_LOCKED)
    if getpass.getpass("Repeat it: ") != first:
        raise CliError("the two passphrases differ; nothing was created", EXIT_LOCKED)
    return first


def open_profile_library(create: bool = True) -> Library:
    prof = profile()
    passphrase = None
    if Library.needs_passphrase(prof):
        if not Library.exists(prof) and not create:
            raise CliError(f"no library in {prof.dir}; run `mixtape init` first")
        passphrase = ask_passphrase(new=not Library.exists(prof))
    try:
        return open_library(prof, passphrase, create=create)
    except LibraryLocked as e:
        raise CliError(str(e), EXIT_LOCKED) from e


def emit(document: dict[str, Any], human: Callable[[], None]) -> None:
    """Print ``document`` as JSON with ``--json``, else the human rendering."""
    if OPTIONS.json:
        sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
    else:
        human()


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[float, str], None]]:
    """A rich progress bar on stderr when it is a terminal; silent otherwise."""
    if not err.is_terminal or OPTIONS.json:
        yield lambda fraction, message: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[detail]}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=1.0, detail="")

        def update(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, detail=message)

        yield update
