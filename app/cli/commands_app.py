"""Commands that start long-running things: the desktop app and the relay."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli import _context as ctx
from app.cli._context import CliError


def gui() -> None:
    """Open the desktop app."""
    open_app(demo=False)


def open_app(demo: bool) -> None:
    try:
        from app.gui import run_gui
    except ImportError as e:
        raise CliError(f"the desktop app cannot start here: {e}", 1) from e
    code = run_gui(ctx.OPTIONS.profile, demo)
    if code:
        raise typer.Exit(code)


relay_app = typer.Typer(help="Run the relay that passes shared-playlist updates between friends.")


@relay_app.command("serve")
def relay_serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    store: Annotated[
        str | None,
        typer.Option(help="sqlite:///PATH (default: under the profile) or redis://HOST:PORT/DB"),
    ] = None,
) -> None:
    """Run the relay (ciphertext only; it can read nothing it passes on)."""
    import relay

    url = store or f"sqlite:///{ctx.profile().dir / 'relay' / 'relay.db'}"
    relay.serve(host, port, url)


def register(app: typer.Typer) -> None:
    app.command()(gui)
    app.add_typer(relay_app, name="relay")
