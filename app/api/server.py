"""The API process: uvicorn over TLS in its own asyncio loop, plus the dispatcher thread.

TLS is on by default (uvicorn's context refuses anything below TLS 1.2); the
listener never speaks plain HTTP. ``listening on https://HOST:PORT`` is printed
once the socket accepts connections.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import uvicorn

from app.api.application import build_app
from app.api.auth import RateLimiter
from app.api.context import ApiContext
from app.api.dispatcher import Dispatcher, DispatcherConfig
from app.api.secret_box import SecretBox
from app.api.tls import ensure_certificate
from app.artifact_setup import open_artifacts
from app.submission import registry

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy import Engine

    from app.settings import Settings

log = logging.getLogger(__name__)
CONCURRENCY_LIMIT = 200  # beyond this many open requests uvicorn answers 503


@dataclass(frozen=True)
class ServeOptions:
    """Where and how to listen."""

    host: str = "0.0.0.0"  # noqa: S104  (the farm's LAN is the point)
    port: int = 8443
    cert: Path | None = None
    key: Path | None = None
    client_ca: Path | None = None  # optional mTLS: only clients with a cert it signed
    dispatcher: bool = True


def make_context(settings: Settings, engine: Engine) -> ApiContext:
    """The parts the routes share, built once."""
    return ApiContext(
        engine=engine,
        registry=registry(settings),
        limiter=RateLimiter(settings.api_rate_per_minute),
        secrets=SecretBox(settings.api_dir),
        host_name=settings.host_name,
        artifacts=open_artifacts(settings, engine).reader,
    )


def uvicorn_config(ctx: ApiContext, settings: Settings, options: ServeOptions) -> uvicorn.Config:
    """uvicorn's configuration: TLS, limits, no access log (it would carry paths only)."""
    cert, key = options.cert, options.key
    if cert is None or key is None:
        cert, key = ensure_certificate(settings.api_dir, settings.host_name)
    extra = {}
    if options.client_ca is not None:
        extra = {"ssl_ca_certs": str(options.client_ca), "ssl_cert_reqs": ssl.CERT_REQUIRED}
    return uvicorn.Config(
        build_app(ctx),
        host=options.host,
        port=options.port,
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
        limit_concurrency=CONCURRENCY_LIMIT,
        log_config=None,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,
        **extra,  # type: ignore[arg-type]
    )


def serve(
    settings: Settings,
    engine: Engine,
    options: ServeOptions,
    on_listening: Callable[[str, int], None],
    stop: threading.Event | None = None,
    dispatcher_config: DispatcherConfig | None = None,
) -> None:
    """Serve until ``stop`` is set or the process is interrupted."""
    # httpx logs every callback POST at INFO: one line per event is noise, not news.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    ctx = make_context(settings, engine)
    server = uvicorn.Server(uvicorn_config(ctx, settings, options))
    halt = stop or threading.Event()
    worker = None
    if options.dispatcher:
        dispatcher = Dispatcher(engine, ctx.secrets, dispatcher_config)
        worker = threading.Thread(
            target=dispatcher.run, args=(halt,), name="callback-dispatcher", daemon=True
        )
        worker.start()
    try:
        asyncio.run(_serve(server, halt, on_listening, options))
    finally:
        halt.set()
        if worker is not None:
            worker.join(timeout=10)


async def _serve(
    server: uvicorn.Server,
    halt: threading.Event,
    on_listening: Callable[[str, int], None],
    options: ServeOptions,
) -> None:
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            await task  # it failed to start: raise its error
            return
        await asyncio.sleep(0.02)
    port = options.port
    if server.servers and server.servers[0].sockets:
        port = int(server.servers[0].sockets[0].getsockname()[1])
    on_listening(options.host, port)
    while not task.done():
        if halt.is_set():
            server.should_exit = True
        await asyncio.sleep(0.05)
    await task
