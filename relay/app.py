"""The ASGI application: HTTP admin endpoints, the WebSocket endpoint, background purge.

HTTP (JSON bodies; see PROTOCOL.md):

- ``POST /v1/docs`` ``{"doc_id", "token_hash", "quota_bytes"?, "quota_entries"?}`` → 201
- ``DELETE /v1/docs/{id}`` with ``Authorization: Bearer <token>`` → 204
- ``PUT /v1/docs/{id}/token`` with the current token, ``{"token_hash"}`` → 204
- ``GET /healthz`` → 200 / 503, ``GET /metrics`` → Prometheus text
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from relay import protocol as p
from relay.context import TOKEN_HASH, RelayContext, token_matches, valid_doc_id
from relay.errors import DocumentExists, RelayError, StoreError, UnknownDocument
from relay.hub import Hub
from relay.limits import Limits, TokenBucket
from relay.session import Session
from relay.storage import open_store

logger = logging.getLogger(__name__)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


class _BodyTooLarge(RelayError):
    code = "too_large"


async def _json_body(request: Request, limit: int) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge("request body too large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _BodyTooLarge("request body too large")
    try:
        obj = json.loads(body)
    except ValueError as e:
        raise ValueError("body is not JSON") from e
    if not isinstance(obj, dict):
        raise ValueError("body must be a JSON object")
    return obj


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _quota(obj: dict[str, Any], name: str, ceiling: int) -> int:
    value = obj.get(name, ceiling)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} must be a positive integer")
    return min(value, ceiling)


class RelayHandlers:
    def __init__(self, ctx: RelayContext) -> None:
        self.ctx = ctx
        self._creates = TokenBucket(ctx.limits.creates_per_s, ctx.limits.creates_burst)

    async def create_doc(self, request: Request) -> Response:
        ctx = self.ctx
        wait = self._creates.take()
        if wait > 0:
            ctx.metrics.reject("rate_limited")
            response = _error(429, "rate_limited", "too many documents created; retry later")
            response.headers["Retry-After"] = str(max(1, round(wait)))
            return response
        try:
            body = await _json_body(request, ctx.limits.max_http_body_bytes)
            doc_id, token_hash = body.get("doc_id"), body.get("token_hash")
            if not isinstance(doc_id, str) or not valid_doc_id(doc_id):
                raise ValueError("doc_id must be 8-128 characters of A-Z a-z 0-9 _ -")
            if not isinstance(token_hash, str) or not TOKEN_HASH.fullmatch(token_hash):
                raise ValueError("token_hash must be 64 lower-case hex digits (SHA-256)")
            quota_bytes = _quota(body, "quota_bytes", ctx.limits.quota_bytes)
            quota_entries = _quota(body, "quota_entries", ctx.limits.quota_entries)
        except _BodyTooLarge as e:
            ctx.metrics.reject("too_large")
            return _error(413, "too_large", str(e))
        except ValueError as e:
            ctx.metrics.reject("bad_request")
            return _error(400, "bad_request", str(e))
        try:
            await ctx.store.create_doc(doc_id, token_hash, quota_bytes, quota_entries, ctx.clock())
        except DocumentExists:
            ctx.metrics.reject("doc_exists")
            return _error(409, "doc_exists", "a document with this id exists")
        ctx.metrics.docs_created_total += 1
        return JSONResponse(
            {"doc_id": doc_id, "quota_bytes": quota_bytes, "quota_entries": quota_entries},
            status_code=201,
        )

    async def _authorize(self, request: Request) -> tuple[str, Response | None]:
        ctx = self.ctx
        doc_id = str(request.path_params["doc_id"])
        token = _bearer(request)
        if token is None:
            ctx.metrics.reject("unauthorized")
            return doc_id, _error(401, "unauthorized", "Authorization: Bearer <token> needed")
        info = await ctx.store.get_doc(doc_id) if valid_doc_id(doc_id) else None
        if info is None:
            ctx.metrics.reject("unknown_doc")
            return doc_id, _error(404, "unknown_doc", "no such document")
        if not token_matches(token, info.token_hash):
            ctx.metrics.reject("forbidden")
            return doc_id, _error(403, "forbidden", "wrong access token")
        return doc_id, None

    async def delete_doc(self, request: Request) -> Response:
        doc_id, refusal = await self._authorize(request)
        if refusal is not None:
            return refusal
        if not await self.ctx.store.delete_doc(doc_id):
            return _error(404, "unknown_doc", "no such document")
        await self.ctx.store.kick(doc_id, p.CLOSE_DOC_DELETED, "document deleted")
        self.ctx.metrics.docs_deleted_total += 1
        return Response(status_code=204)

    async def rotate_token(self, request: Request) -> Response:
        doc_id, refusal = await self._authorize(request)
        if refusal is not None:
            return refusal
        try:
            body = await _json_body(request, self.ctx.limits.max_http_body_bytes)
            token_hash = body.get("token_hash")
            if not isinstance(token_hash, str) or not TOKEN_HASH.fullmatch(token_hash):
                raise ValueError("token_hash must be 64 lower-case hex digits (SHA-256)")
        except _BodyTooLarge as e:
            return _error(413, "too_large", str(e))
        except ValueError as e:
            return _error(400, "bad_request", str(e))
        try:
            await self.ctx.store.set_token_hash(doc_id, token_hash)
        except UnknownDocument:
            return _error(404, "unknown_doc", "no such document")
        # Connections opened with the old token must not keep reading.
        await self.ctx.store.kick(doc_id, p.CLOSE_TOKEN_ROTATED, "access token rotated")
        return Response(status_code=204)

    async def healthz(self, request: Request) -> Response:
        if await self.ctx.store.healthy():
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "store unavailable"}, status_code=503)

    async def metrics(self, request: Request) -> Response:
        try:
            docs: int | None = await self.ctx.store.count_docs()
        except StoreError:
            docs = None
        text = self.ctx.metrics.render(docs, len(self.ctx.hub.watched_docs()))
        return PlainTextResponse(text, media_type="text/plain; version=0.0.4; charset=utf-8")

    async def websocket(self, ws: WebSocket) -> None:
        doc_id = str(ws.path_params["doc_id"])
        if not valid_doc_id(doc_id):
            await ws.accept()
            self.ctx.metrics.reject("unknown_doc")
            await ws.send_text(p.error_frame("unknown_doc", "malformed document id"))
            await ws.close(p.CLOSE_UNKNOWN_DOC, "unknown_doc")
            return
        await Session(ws, doc_id, self.ctx).run()


async def purge_abandoned(ctx: RelayContext) -> int:
    """Delete documents nobody touched for ``doc_ttl_s``; return how many went."""
    purged = await ctx.store.purge_abandoned(ctx.clock() - ctx.limits.doc_ttl_s)
    ctx.metrics.docs_purged_total += purged
    if purged:
        logger.info("purged %d abandoned documents", purged)
    return purged


async def _purge_periodically(ctx: RelayContext) -> None:
    while True:
        await asyncio.sleep(ctx.limits.purge_interval_s)
        try:
            await purge_abandoned(ctx)
        except StoreError:
            logger.warning("purge of abandoned documents failed; retrying next interval")


def create_app(store_url: str, limits: Limits | None = None) -> Starlette:
    """Build the relay application; the store is opened when the app starts."""
    limits = limits or Limits()
    hub = Hub(limits)
    store = open_store(store_url, hub)
    hub.attach(store)
    ctx = RelayContext(
        limits=limits, store=store, hub=hub, max_connections=limits.effective_max_connections()
    )
    handlers = RelayHandlers(ctx)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await store.open()
        purger = asyncio.create_task(_purge_periodically(ctx), name="relay-purge")
        logger.info(
            "relay ready (store: %s, max connections: %d)",
            store_url.partition(":")[0],
            ctx.max_connections,
        )
        try:
            yield
        finally:
            purger.cancel()
            await asyncio.gather(purger, return_exceptions=True)
            await hub.close()
            await store.close()

    app = Starlette(
        routes=[
            Route("/v1/docs", handlers.create_doc, methods=["POST"]),
            Route("/v1/docs/{doc_id}", handlers.delete_doc, methods=["DELETE"]),
            Route("/v1/docs/{doc_id}/token", handlers.rotate_token, methods=["PUT"]),
            Route("/healthz", handlers.healthz, methods=["GET"]),
            Route("/metrics", handlers.metrics, methods=["GET"]),
            WebSocketRoute("/v1/docs/{doc_id}", handlers.websocket),
        ],
        lifespan=lifespan,
    )
    app.state.relay = ctx
    return app
