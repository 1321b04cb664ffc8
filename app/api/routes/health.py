"""/v1/health: liveness, and whether the database answers (no token needed)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app import __version__
from app.api.auth import context
from app.pool_calls import pool_call

router = APIRouter(prefix="/v1", tags=["health"])


@router.get("/health", responses={503: {"description": "the database does not answer"}})
def health(request: Request) -> Any:
    """200 while the process runs and its database answers."""
    try:
        pool_call(context(request).engine, lambda s: s.execute(text("SELECT 1")), read_only=True)
    except Exception:  # noqa: BLE001  (any database failure means "not healthy")
        return JSONResponse({"status": "unavailable", "version": __version__}, status_code=503)
    return {"status": "ok", "version": __version__}
