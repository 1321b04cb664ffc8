"""ASGI middleware: refuse bodies over the limit (413) before reading them, and keep
an audit row for every mutating call that passed authentication."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from app.api.messages import render
from app.api.problems import MEDIA_TYPE, PROBLEM_TYPE
from app.pool_calls import pool_call
from db.dispatch.audit import record_call

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from app.api.context import ApiContext

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class BodyLimit:
    """Answer 413 for a body over ``MAX_BODY_BYTES`` (declared or streamed)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(scope, send, self.limit)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(scope, send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    language = dict(scope.get("headers", [])).get(b"accept-language", b"").decode("latin-1")
    title, detail = render("too_large", language, limit=limit)
    body = json.dumps(
        {
            "type": PROBLEM_TYPE + "too_large",
            "title": title,
            "status": 413,
            "detail": detail,
            "code": "too_large",
            "errors": [],
        },
        ensure_ascii=False,
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", MEDIA_TYPE.encode()), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Audit:
    """One audit row per mutating call that passed authentication."""

    def __init__(self, app: ASGIApp, ctx: ApiContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in MUTATING:
            await self.app(scope, receive, send)
            return
        status = 500

        async def watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watching)
        state: Any = scope.get("state", {})
        prefix = state.get("token_prefix")
        if prefix is None:
            return
        created = state.get("created_ids")
        path = str(scope["path"])
        try:
            await run_in_threadpool(
                pool_call,
                self.ctx.engine,
                lambda s: record_call(s, prefix, scope["method"], path, status, created),
            )
        except Exception:  # noqa: BLE001  (the answer is out; the audit must not crash the server)
            log.exception("could not keep the audit row of %s %s", scope["method"], path)
