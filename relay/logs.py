"""Logging set-up for the relay's entry point: nothing identifying leaves the process.

The relay's own code never logs payloads, tokens or client addresses. As a second line of
defence (uvicorn and other libraries log on their own), every record passing the handler has
IP addresses replaced by a keyed hash: stable within one process, so one peer's lines can be
told apart, but meaningless outside it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import sys

IPV4 = r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
IPV6 = r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])"
ADDRESS = re.compile(f"{IPV4}|{IPV6}")


class RedactAddresses(logging.Filter):
    """Replace IPv4/IPv6 addresses in a record's message with ``ip:<keyed hash>``."""

    def __init__(self) -> None:
        super().__init__()
        self._key = secrets.token_bytes(16)

    def _pseudonym(self, match: re.Match[str]) -> str:
        digest = hmac.new(self._key, match.group(0).encode(), hashlib.sha256).hexdigest()
        return f"ip:{digest[:10]}"

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = ADDRESS.sub(self._pseudonym, message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Send log lines to stderr through the redacting filter (entry points only)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactAddresses())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    # The access log names every client address and path: off, whatever else is configured.
    logging.getLogger("uvicorn.access").disabled = True
    # uvicorn logs every WebSocket handshake ("<addr> - WebSocket /v1/docs/<id> [accepted]")
    # at INFO on its error logger: keep only its warnings and errors.
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
