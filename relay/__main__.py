"""``python -m relay serve --host HOST --port PORT --store URL [--limit NAME=VALUE ...]``."""

from __future__ import annotations

import argparse
import sys

from relay.errors import ConfigError
from relay.limits import Limits
from relay.server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m relay", description="Mixtape relay server")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="run the relay")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument(
        "--store",
        default="sqlite:///relay.db",
        help="sqlite:///PATH (sqlite:////abs/path) or redis://host:port/db",
    )
    run.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one limit (see relay/limits.py), may repeat",
    )
    args = parser.parse_args(argv)
    try:
        limits = Limits().with_overrides(args.limit)
    except ConfigError as e:
        parser.error(str(e))
    serve(args.host, args.port, args.store, limits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
