"""The ``mixtape`` command line (typer + rich), following shared/docs/cli.md."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import click
import typer

from app.cli import _context as ctx
from app.cli._context import EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_SERVICE, CliError
from connectors.errors import ConnectorError, ServiceError
from store.errors import (
    BackupInvalid,
    CorruptLibrary,
    KeyringRefused,
    LibraryLocked,
    StoreError,
    WrongPassphrase,
)

logger = logging.getLogger(__name__)

app = typer.Typer(
    name="mixtape",
    help="Mixtape: every music library you have, in one encrypted place on your computer.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
def _global(
    context: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON document on stdout.")
    ] = False,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help="Profile folder (default: MIXTAPE_HOME or user data)."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Log details and show tracebacks.")
    ] = False,
    self_test: Annotated[
        bool,
        typer.Option("--self-test", help="Check this installation works, write a JSON report."),
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Where --self-test writes its JSON report.")
    ] = None,
) -> None:
    ctx.OPTIONS.json = json_output
    ctx.OPTIONS.profile = profile
    ctx.OPTIONS.debug = debug
    ctx.configure_logging(debug)
    if self_test:
        from app.cli.commands_selftest import self_test_command

        self_test_command(report)
    if context.invoked_subcommand is None:
        from app.cli.commands_app import gui

        gui()


def _register() -> None:
    from app.cli import (
        commands_app,
        commands_data,
        commands_history,
        commands_identity,
        commands_library,
        commands_recommend,
        commands_services,
        commands_share,
        commands_transfer,
    )

    for module in (
        commands_library,
        commands_data,
        commands_history,
        commands_recommend,
        commands_services,
        commands_transfer,
        commands_identity,
        commands_share,
        commands_app,
    ):
        module.register(app)


_register()

_EXIT_FOR = (
    ((LibraryLocked, WrongPassphrase, KeyringRefused), EXIT_LOCKED),
    ((ServiceError,), EXIT_SERVICE),
    ((BackupInvalid, CorruptLibrary, ConnectorError), EXIT_BAD_INPUT),
    ((StoreError,), 1),
)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a command; turn every failure into one ``error:`` line and an exit code."""
    argv = _without_link_arguments(sys.argv[1:] if argv is None else argv)
    try:
        app(args=argv, standalone_mode=False)
        return 0
    except CliError as e:
        return _fail(str(e), e.code)
    except click.exceptions.Abort:
        return _fail("cancelled", 1)
    except click.exceptions.Exit as e:
        return int(e.exit_code or 0)
    except click.ClickException as e:
        e.show()
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return _fail("cancelled", 130)
    except Exception as e:
        for kinds, code in _EXIT_FOR:
            if isinstance(e, kinds):
                return _fail(str(e), code)
        if ctx.OPTIONS.debug:
            raise
        logger.debug("unexpected error", exc_info=True)
        return _fail(f"unexpected problem ({type(e).__name__}); run with --debug for details", 1)


def _without_link_arguments(argv: list[str]) -> list[str]:
    """``mixtape mixtape://join?…`` (how the OS starts us for a clicked link) opens the app.

    The link stays in ``sys.argv`` for the app's single-instance channel, which validates it;
    commands that take a link themselves (``share join LINK``) keep theirs.
    """
    commands = {g.name for g in app.registered_groups} | {
        c.name or getattr(c.callback, "__name__", "").lower().replace("_", "-")
        for c in app.registered_commands
    }
    if any(a in commands for a in argv):
        return argv
    return [a for a in argv if a[:8].lower() != "mixtape:"]


def _fail(message: str, code: int) -> int:
    ctx.err.print(f"error: {message}", markup=False)
    return code


__all__ = ["EXIT_SERVICE", "app", "main"]


if __name__ == "__main__":
    sys.exit(main())
