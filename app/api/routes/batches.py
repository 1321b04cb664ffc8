"""/v1/batches: submit (idempotent), read, page tasks, cancel, pause, resume."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse

from app.api import service
from app.api.auth import context, require
from app.api.problems import problem_responses
from app.api.schemas import MAX_ID, BatchIn, CancelIn
from app.pool_calls import pool_call
from db.dispatch import clients
from db.dispatch.states import Scope
from db.pool.states import OPEN_BATCH_STATES, BatchState
from db.pool.status import batch_status
from db.pool.stop import pause_batch, resume_batch, stop_batch

router = APIRouter(prefix="/v1/batches", tags=["batches"])
READ = Depends(require(Scope.TASKS_READ))
WRITE = Depends(require(Scope.TASKS_WRITE))
COMMON = (401, 403, 404, 429, 503)


@router.post(
    "",
    status_code=201,
    responses={
        200: {"description": "an identical repeat: the stored batch"},
        **problem_responses(400, 409, 413, 422, *COMMON),
    },
)
def submit_batch(request: Request, body: BatchIn, caller: service.Caller = WRITE) -> JSONResponse:
    """Submit 1-1,000 tasks, all stored or none; idempotent by client_batch_id."""
    ctx = context(request)
    result = service.submit(ctx.engine, ctx.registry, body, caller)
    request.state.created_ids = None if result.replayed else f"bat_{result.batch_id}"
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return JSONResponse(result.batch, status_code=200 if result.replayed else 201, headers=headers)


@router.get("/{ref}", responses=problem_responses(*COMMON))
def get_batch(request: Request, ref: str, caller: service.Caller = READ) -> dict[str, Any]:
    """A batch: counts by status (tasks are paged under /tasks)."""
    engine = context(request).engine
    batch_id = pool_call(engine, lambda s: clients.batch_id_of(s, ref), read_only=True)
    return pool_call(
        engine, lambda s: clients.batch_view(s, batch_id, with_tasks=False), read_only=True
    )


@router.get("/{ref}/tasks", responses=problem_responses(422, *COMMON))
def list_tasks(
    request: Request,
    ref: str,
    status: Annotated[str | None, Query(max_length=16)] = None,
    cursor: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    caller: service.Caller = READ,
) -> dict[str, Any]:
    """Tasks of a batch in submit order, from ``cursor`` (the last page's next_cursor)."""
    engine = context(request).engine
    batch_id = pool_call(engine, lambda s: clients.batch_id_of(s, ref), read_only=True)
    items = pool_call(
        engine,
        lambda s: clients.batch_tasks_page(s, batch_id, status, cursor, limit),
        read_only=True,
    )
    last = int(items[-1]["id"].removeprefix("tsk_")) if len(items) == limit else None
    return {"items": items, "next_cursor": last}


def _stop_batch(request: Request, ref: str, cancel: CancelIn, actor: str) -> dict[str, Any]:
    engine = context(request).engine
    by, reason, kill = f"{actor} {cancel.strategy}", cancel.reason, cancel.strategy == "kill"

    def work(session: Any) -> dict[str, Any]:
        batch_id = clients.batch_id_of(session, ref)
        pairs = clients.pool_batches_of_batch(session, batch_id)
        note = f"{by} ({reason})" if reason else by
        for _, pool_batch_id in pairs:
            if batch_status(session, pool_batch_id).state in OPEN_BATCH_STATES:
                stop_batch(session, pool_batch_id, note, kill=kill)
        service.settle_endings(session, [task for task, _ in pairs])
        return clients.batch_view(session, batch_id, with_tasks=False)

    return pool_call(engine, work)


@router.post("/{ref}/cancel", status_code=202, responses=problem_responses(422, *COMMON))
def cancel_batch(
    request: Request,
    ref: str,
    body: Annotated[CancelIn | None, Body()] = None,
    caller: service.Caller = WRITE,
) -> dict[str, Any]:
    """Stop every task: waiting ones are cancelled, running ones stop at their next step;
    with ``kill`` their app is also force-stopped after a short grace."""
    return _stop_batch(request, ref, body or CancelIn(), caller.actor)


@router.post("/{ref}/pause", status_code=202, responses=problem_responses(*COMMON))
def pause(request: Request, ref: str, caller: service.Caller = WRITE) -> dict[str, Any]:
    """No new claims for the batch's tasks; running attempts finish."""

    def act(session: Any, pool_batch_id: int, state: BatchState) -> None:
        if state in (BatchState.ACTIVE, BatchState.WAITING):
            pause_batch(session, pool_batch_id, caller.actor)

    return _for_each_task(request, ref, act)


@router.post("/{ref}/resume", status_code=202, responses=problem_responses(*COMMON))
def resume(request: Request, ref: str, caller: service.Caller = WRITE) -> dict[str, Any]:
    """Claims again for a paused batch."""

    def act(session: Any, pool_batch_id: int, state: BatchState) -> None:
        if state == BatchState.PAUSED:
            resume_batch(session, pool_batch_id)

    return _for_each_task(request, ref, act)


def _for_each_task(request: Request, ref: str, act: Any) -> dict[str, Any]:
    engine = context(request).engine

    def work(session: Any) -> dict[str, Any]:
        batch_id = clients.batch_id_of(session, ref)
        for _, pool_batch_id in clients.pool_batches_of_batch(session, batch_id):
            act(session, pool_batch_id, batch_status(session, pool_batch_id).state)
        return clients.batch_view(session, batch_id, with_tasks=False)

    return pool_call(engine, work)
