"""Build the FastAPI application: routes, problem handlers, body limit and audit."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from sqlalchemy.exc import DBAPIError

from app import __version__
from app.api.flow_schemas import add_flow_schemas, add_links
from app.api.limits import Audit, BodyLimit
from app.api.problems import HANDLERS, ApiProblem, problem_response
from app.api.routes import (
    artifacts,
    batches,
    devices,
    events,
    flows,
    health,
    schedules,
    tasks,
)
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from fastapi.responses import JSONResponse

    from app.api.context import ApiContext
    from workers.flows.registry import FlowRegistry

log = logging.getLogger(__name__)
OPENAPI_URL = "/v1/openapi.json"

DESCRIPTION = (
    "The FleetDeck dispatch-centre API: submit work for a phone farm under your own ids, "
    "query and stop it, and receive every result as a signed callback (Standard Webhooks). "
    "Errors are RFC 9457 problem documents."
)


async def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database error answering %s %s: %s", request.method, request.url.path, exc)
    return problem_response(request, ApiProblem(503, "overloaded"))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(request, ApiProblem(500, "internal"))


def build_app(ctx: ApiContext | None) -> FastAPI:
    """The application over ``ctx``'s database and flows (None: for its document only)."""
    app = FastAPI(
        title="FleetDeck dispatch API",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    handlers: dict[Any, Any] = {
        **HANDLERS,
        DBAPIError: _on_database_error,
        Exception: _on_unexpected,
    }
    for exc_type, handler in handlers.items():
        app.add_exception_handler(exc_type, handler)
    for module in (batches, tasks, schedules, artifacts, devices, flows, events, health):
        app.include_router(module.router)
    if ctx is not None:
        app.add_middleware(Audit, ctx=ctx)
    app.add_middleware(BodyLimit)
    _with_flow_schemas(app, ctx.registry if ctx is not None else load_catalog().registry)
    return app


def _with_flow_schemas(app: FastAPI, registry: FlowRegistry) -> None:
    """The document carries each flow's parameter schema (app/api/flow_schemas.py)."""
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_links(add_flow_schemas(plain(), registry))
        return app.openapi_schema

    # FastAPI's documented way to extend the generated document.
    app.openapi = openapi  # type: ignore[method-assign]


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, as committed in docs/openapi.json (the built-in and shipped
    flows; a farm's own YAML flows appear in its served /v1/openapi.json too)."""
    document: dict[str, Any] = build_app(None).openapi()
    return document
