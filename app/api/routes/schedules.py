"""/v1/schedules: create, list, read, pause, resume, run now, remove.

The body is checked by the same request layer as ``schedule add`` (app.scheduling),
so the API and the command line refuse the same values with the same words.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from app.api import service
from app.api.auth import context, require
from app.api.problems import problem_responses
from app.api.schemas import ScheduleIn
from app.pool_calls import pool_call
from app.scheduling import (
    Control,
    ScheduleRequest,
    control_schedule,
    schedule_request,
    store_schedule,
)
from db.dispatch.states import Scope
from db.monitor.schedules import list_schedules, show_schedule

router = APIRouter(prefix="/v1/schedules", tags=["schedules"])
READ = Depends(require(Scope.TASKS_READ))
WRITE = Depends(require(Scope.TASKS_WRITE))
COMMON = (401, 403, 404, 429, 503)
ScheduleId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.post("", status_code=201, responses=problem_responses(400, 413, 422, *COMMON))
def create(request: Request, body: ScheduleIn, caller: service.Caller = WRITE) -> JSONResponse:
    """Add a schedule; every slot submits the batch described by the body."""
    ctx = context(request)
    spec = schedule_request(ctx.registry, ScheduleRequest(**body.model_dump()), caller.actor)
    info = store_schedule(ctx.engine, spec)
    request.state.created_ids = f"schedule {info.id}"
    return JSONResponse(info.to_json(), status_code=201)


@router.get("", responses=problem_responses(*COMMON))
def list_all(request: Request, caller: service.Caller = READ) -> dict[str, Any]:
    """Every schedule not removed, with its next run and last slot."""
    infos = pool_call(context(request).engine, list_schedules, read_only=True)
    return {"items": [info.to_json() for info in infos]}


@router.get("/{schedule_id}", responses=problem_responses(422, *COMMON))
def read(
    request: Request, schedule_id: ScheduleId, caller: service.Caller = READ
) -> dict[str, Any]:
    """One schedule and its slots, newest first (fired or skipped, why, the batch)."""
    info = pool_call(
        context(request).engine, lambda s: show_schedule(s, schedule_id), read_only=True
    )
    return info.to_json(with_slots=True)


def _control(request: Request, schedule_id: int, action: Control, by: str) -> dict[str, Any]:
    engine = context(request).engine
    slot = control_schedule(engine, schedule_id, action, by)
    if action is Control.REMOVE:  # gone from the list; its slots stay on record
        return {"schedule": schedule_id, "state": "removed"}
    info = pool_call(engine, lambda s: show_schedule(s, schedule_id), read_only=True)
    answer = info.to_json()
    if slot is not None:
        answer["slot"] = slot.to_json()
    return answer


@router.post("/{schedule_id}/pause", responses=problem_responses(409, 422, *COMMON))
def pause(
    request: Request, schedule_id: ScheduleId, caller: service.Caller = WRITE
) -> dict[str, Any]:
    """Fire no slot until resumed."""
    return _control(request, schedule_id, Control.PAUSE, caller.actor)


@router.post("/{schedule_id}/resume", responses=problem_responses(409, 422, *COMMON))
def resume(
    request: Request, schedule_id: ScheduleId, caller: service.Caller = WRITE
) -> dict[str, Any]:
    """Fire again from the next slot (missed ones are not made up)."""
    return _control(request, schedule_id, Control.RESUME, caller.actor)


@router.post("/{schedule_id}/run", responses=problem_responses(409, 422, *COMMON))
def run_now(
    request: Request, schedule_id: ScheduleId, caller: service.Caller = WRITE
) -> dict[str, Any]:
    """Fire a slot now; the overlap policy applies (``slot`` says fired or skipped)."""
    return _control(request, schedule_id, Control.RUN_NOW, caller.actor)


@router.delete("/{schedule_id}", responses=problem_responses(409, 422, *COMMON))
def remove(
    request: Request, schedule_id: ScheduleId, caller: service.Caller = WRITE
) -> dict[str, Any]:
    """Fire no more; the schedule and its slots stay on record."""
    return _control(request, schedule_id, Control.REMOVE, caller.actor)
