"""/v1/events (the pull feed), redelivery, recovery by time window, and a test ping."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from app.api import service
from app.api.auth import context, require
from app.api.problems import problem_responses
from app.api.schemas import MAX_ID, EventTypeName, RecoverIn
from app.pool_calls import pool_call
from db.dispatch.deliveries import recover, redeliver_event
from db.dispatch.feed import list_events
from db.dispatch.outbox import add_event
from db.dispatch.states import EventType, Scope

router = APIRouter(prefix="/v1", tags=["events"])
COMMON = (401, 403, 404, 429, 503)
MANAGE = Depends(require(Scope.CALLBACKS_MANAGE))
READ = Depends(require(Scope.TASKS_READ))
TYPES = [t.value for t in EventType]


@router.get("/events", responses=problem_responses(422, *COMMON))
def events(
    request: Request,
    after: Annotated[int, Query(ge=0, le=MAX_ID, description="the last position you read")] = 0,
    type: Annotated[  # noqa: A002  (the query parameter's documented name)
        list[EventTypeName] | None, Query(description="only these event types")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    caller: service.Caller = READ,
) -> dict[str, Any]:
    """The exact bodies sent as callbacks, in feed order; page on with next_after."""
    items = pool_call(
        context(request).engine, lambda s: list_events(s, after, type, limit), read_only=True
    )
    return {"items": items, "next_after": items[-1]["position"] if items else after}


@router.post("/events/{event_id}/redeliver", status_code=202, responses=problem_responses(*COMMON))
def redeliver(request: Request, event_id: str, caller: service.Caller = MANAGE) -> dict[str, Any]:
    """Send one event again (same webhook-id)."""
    queued = pool_call(context(request).engine, lambda s: redeliver_event(s, event_id))
    return {"queued": queued}


@router.post("/callbacks/recover", status_code=202, responses=problem_responses(422, *COMMON))
def recover_window(
    request: Request, body: RecoverIn, caller: service.Caller = MANAGE
) -> dict[str, Any]:
    """Send again every event of a time window whose delivery died."""
    since = body.since
    until = body.until or datetime.now(since.tzinfo)
    queued = pool_call(context(request).engine, lambda s: recover(s, since, until))
    return {"queued": queued}


@router.post("/callbacks/test", status_code=202, responses=problem_responses(*COMMON))
def send_test_event(request: Request, caller: service.Caller = MANAGE) -> dict[str, Any]:
    """Send a ping event to the callback endpoint."""
    event_id = pool_call(
        context(request).engine,
        lambda s: add_event(s.connection(), EventType.PING, {"message": "test event"}),
    )
    return {"id": event_id}
