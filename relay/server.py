"""Running the relay under uvicorn."""

from __future__ import annotations

import logging

import uvicorn

from relay.app import create_app
from relay.limits import Limits
from relay.logs import configure_logging

logger = logging.getLogger(__name__)


def serve(host: str, port: int, store_url: str, limits: Limits | None = None) -> None:
    """Run the relay until SIGINT/SIGTERM (blocking). ``store_url``: sqlite:///… or redis://…"""
    limits = limits or Limits()
    configure_logging()
    app = create_app(store_url, limits)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        ws="websockets-sansio",
        ws_max_size=limits.max_ws_frame_bytes,
        ws_ping_interval=limits.ws_ping_interval_s or None,
        ws_ping_timeout=limits.ws_ping_timeout_s or None,
        ws_per_message_deflate=False,  # envelopes are compressed, then encrypted
        access_log=False,  # it would log every client address
        log_config=None,  # keep the handlers configure_logging installed
        server_header=False,
        proxy_headers=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
        backlog=4096,
    )
    # uvicorn's own INFO lines are muted (they name client addresses); say where we listen.
    logger.info("starting the relay on port %d", port)
    uvicorn.Server(config).run()
