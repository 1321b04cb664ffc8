"""/v1/tasks: a task with its last error, its attempts, its outputs; cancel and retry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request

from app.api import service
from app.api.auth import context, require
from app.api.problems import problem_responses
from app.api.schemas import MAX_ID, CancelIn
from app.pool_calls import pool_call
from db.dispatch import clients
from db.dispatch.sql import RUN_PREFIX
from db.dispatch.states import Scope
from db.pool.records import query_records
from db.pool.states import OPEN_BATCH_STATES
from db.pool.status import batch_status
from db.pool.stop import stop_batch
from db.pool.values import RecordFilter

router = APIRouter(prefix="/v1/tasks", tags=["tasks"])
READ = Depends(require(Scope.TASKS_READ))
WRITE = Depends(require(Scope.TASKS_WRITE))
COMMON = (401, 403, 404, 429, 503)


@router.get("/{ref}", responses=problem_responses(*COMMON))
def get_task(request: Request, ref: str, caller: service.Caller = READ) -> dict[str, Any]:
    """A task with its status, counts and last error."""
    engine = context(request).engine
    task_id = pool_call(engine, lambda s: clients.task_id_of(s, ref), read_only=True)
    return pool_call(engine, lambda s: clients.task_view(s, task_id), read_only=True)


@router.get("/{ref}/attempts", responses=problem_responses(*COMMON))
def attempts(request: Request, ref: str, caller: service.Caller = READ) -> dict[str, Any]:
    """Every attempt (execution record) of the task's current run, newest first."""
    engine = context(request).engine

    def work(session: Any) -> list[dict[str, Any]]:
        pool_batch_id = clients.pool_batch_of(session, clients.task_id_of(session, ref))
        records = query_records(session, RecordFilter(batch=pool_batch_id), limit=500)
        return [_attempt(r.to_json()) for r in records]

    return {"items": pool_call(engine, work, read_only=True)}


def _attempt(record: dict[str, Any]) -> dict[str, Any]:
    run_id = record.pop("id")
    for internal in ("batch", "task", "outputs"):
        record.pop(internal, None)
    record["artifacts"] = [
        {**artifact, "url": f"/v1/artifacts/{artifact['id']}"}
        for artifact in record.pop("artifacts", [])
    ]
    return {"id": f"{RUN_PREFIX}{run_id}", **record}


@router.get("/{ref}/outputs", responses=problem_responses(422, *COMMON))
def outputs(
    request: Request,
    ref: str,
    cursor: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    caller: service.Caller = READ,
) -> dict[str, Any]:
    """Output items, oldest first, from ``cursor`` (the last page's next_cursor)."""
    engine = context(request).engine

    def work(session: Any) -> list[dict[str, Any]]:
        return clients.outputs_page(session, clients.task_id_of(session, ref), cursor, limit)

    items = pool_call(engine, work, read_only=True)
    return {"items": items, "next_cursor": items[-1]["seq"] if len(items) == limit else None}


@router.post("/{ref}/cancel", status_code=202, responses=problem_responses(422, *COMMON))
def cancel(
    request: Request,
    ref: str,
    body: Annotated[CancelIn | None, Body()] = None,
    caller: service.Caller = WRITE,
) -> dict[str, Any]:
    """Stop the task: at once when waiting, at its next step when running (cancelling);
    with ``kill`` the running flow's app is also force-stopped after a short grace."""
    engine = context(request).engine
    strategy = (body or CancelIn()).strategy
    reason = (body or CancelIn()).reason

    def work(session: Any) -> dict[str, Any]:
        task_id = clients.task_id_of(session, ref)
        pool_batch_id = clients.pool_batch_of(session, task_id)
        if batch_status(session, pool_batch_id).state in OPEN_BATCH_STATES:
            by = f"{caller.actor} {strategy}" + (f" ({reason})" if reason else "")
            stop_batch(session, pool_batch_id, by, kill=strategy == "kill")
        service.settle_endings(session, [task_id])
        return clients.task_view(session, task_id)

    return pool_call(engine, work)


@router.post("/{ref}/retry", status_code=202, responses=problem_responses(*COMMON, 409))
def retry(request: Request, ref: str, caller: service.Caller = WRITE) -> dict[str, Any]:
    """Run a failed or cancelled task again under the same client id (409 while it runs)."""
    ctx = context(request)
    task_id = pool_call(ctx.engine, lambda s: clients.task_id_of(s, ref), read_only=True)
    service.retry(ctx.engine, ctx.registry, task_id, caller)
    return pool_call(ctx.engine, lambda s: clients.task_view(s, task_id), read_only=True)
