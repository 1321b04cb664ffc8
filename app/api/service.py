"""The API's request layer: check a request, then call db/pool and db/dispatch.

Routes stay thin: they parse, call one function here and shape the answer. Every
check happens before the first write, so a 4xx leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from app.api.problems import ApiProblem, FieldError
from app.pool_calls import pool_call
from app.submission import spec_for, targets_from
from db.dispatch import clients
from db.dispatch.outbox import api_task_rows, record_task_endings
from db.pool.states import Mode
from workers.flows.registry import UnknownFlow

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from app.api.schemas import BatchIn, TaskIn
    from db.pool.values import BatchSpec
    from workers.flows.registry import FlowRegistry
    from workers.flows.sdk import Flow


@dataclass(frozen=True)
class Caller:
    """Who is calling: the token's display prefix and scopes."""

    prefix: str
    scopes: frozenset[str]

    @property
    def actor(self) -> str:
        """How stops and submits record this caller."""
        return f"api:{self.prefix}"


@dataclass(frozen=True)
class Submitted:
    """The answer to a submit: the batch, and whether it was an idempotent replay."""

    batch: dict[str, Any]
    replayed: bool
    batch_id: int


def request_sha256(body: BatchIn) -> str:
    """The fingerprint of a submit, independent of key order and spacing."""
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def submit(engine: Engine, registry: FlowRegistry, body: BatchIn, caller: Caller) -> Submitted:
    """Store a batch, or answer the stored one for an identical repeat (409 otherwise)."""
    digest = request_sha256(body)
    replay = _replay(engine, body.client_batch_id, digest)
    if replay is not None:
        return replay
    tasks = checked_tasks(engine, registry, body, caller)
    try:
        batch_id = pool_call(
            engine,
            lambda s: clients.store_batch(
                s, body.client_batch_id, digest, body.priority, caller.prefix, tasks
            ),
        )
    except IntegrityError:
        # Another submit with this client_batch_id committed first.
        replay = _replay(engine, body.client_batch_id, digest)
        if replay is None:
            raise
        return replay
    view = pool_call(engine, lambda s: clients.batch_view(s, batch_id), read_only=True)
    return Submitted(view, replayed=False, batch_id=batch_id)


def _replay(engine: Engine, client_batch_id: str, digest: str) -> Submitted | None:
    stored = pool_call(engine, lambda s: clients.find_batch(s, client_batch_id), read_only=True)
    if stored is None:
        return None
    if stored.request_sha256 != digest:
        raise ApiProblem(409, "idempotency_conflict", id=client_batch_id)
    view = pool_call(engine, lambda s: clients.batch_view(s, stored.id), read_only=True)
    return Submitted(view, replayed=True, batch_id=stored.id)


def checked_tasks(
    engine: Engine, registry: FlowRegistry, body: BatchIn, caller: Caller
) -> list[clients.TaskToStore]:
    """Every task checked against its flow (all errors at once), then business rules."""
    errors: list[FieldError] = []
    built: list[clients.TaskToStore] = []
    for number, task in enumerate(body.tasks):
        where = f"tasks.{number}"
        flow = _flow(registry, task.flow, where, errors)
        if flow is None:
            continue
        params = _params(flow, task.params, where, errors)
        if params is None:
            continue
        spec = task_spec(flow, params, task, body.priority, caller)
        built.append(clients.TaskToStore(task.client_task_id, spec, task.model_dump(mode="json")))
    if errors:
        raise ApiProblem(422, "invalid", errors=errors, count=len(errors))
    _check_conflicts(engine, body)
    return built


def _flow(registry: FlowRegistry, name: str, where: str, errors: list[FieldError]) -> Flow | None:
    try:
        return registry.get(name)
    except UnknownFlow:
        known = ", ".join(registry.names())
        errors.append(FieldError(field=f"{where}.flow", message=f"unknown flow (known: {known})"))
        return None


def _params(
    flow: Flow, raw: dict[str, Any], where: str, errors: list[FieldError]
) -> dict[str, Any] | None:
    try:
        params: dict[str, Any] = flow.params.model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        for error in exc.errors():
            path = ".".join(str(part) for part in error["loc"])
            field = f"{where}.params.{path}" if path else f"{where}.params"
            errors.append(FieldError(field=field, message=error["msg"]))
        return None
    return params


def task_spec(
    flow: Flow, params: dict[str, Any], task: TaskIn, priority: int, caller: Caller
) -> BatchSpec:
    """The pool batch that carries one API task."""
    target = task.target
    return spec_for(
        flow,
        params,
        mode=Mode(task.mode),
        count=1,
        priority=task.priority if task.priority is not None else priority,
        targets=targets_from(
            target.devices if target else None, target.accounts if target else None
        ),
        successes=task.successes if task.mode == "spread" else 1,
        max_attempts=task.max_attempts,
        timeout_s=task.max_run_seconds,
        submitted_by=caller.actor,
        name=task.client_task_id,
    )


def _check_conflicts(engine: Engine, body: BatchIn) -> None:
    seen: set[str] = set()
    for task in body.tasks:
        if task.client_task_id in seen:
            raise ApiProblem(
                409, "conflict", message=f"client_task_id {task.client_task_id!r} appears twice"
            )
        seen.add(task.client_task_id)
    serials = sorted(
        {s for t in body.tasks if t.target and t.target.devices for s in t.target.devices}
    )
    if serials:
        bad = pool_call(engine, lambda s: clients.unusable_devices(s, serials), read_only=True)
        if bad:
            raise ApiProblem(409, "conflict", message=f"phone {bad[0]!r} is unknown or disabled")


def retry(engine: Engine, registry: FlowRegistry, api_task_id: int, caller: Caller) -> None:
    """Run a failed or cancelled task again under its client id (409 while it runs)."""
    from app.api.schemas import TaskIn

    request = pool_call(engine, lambda s: clients.task_request(s, api_task_id), read_only=True)
    task = TaskIn.model_validate(request)
    flow = registry.get(task.flow)
    params = flow.params.model_validate(task.params).model_dump(mode="json")
    priority = task.priority if task.priority is not None else 5
    spec = task_spec(flow, params, task, priority, caller)
    pool_call(engine, lambda s: clients.start_retry(s, api_task_id, spec))


def settle_endings(session: Session, api_task_ids: list[int]) -> None:
    """After a stop: record the endings of tasks it finished at once (nothing running)."""
    record_task_endings(session.connection(), api_task_rows(session.connection(), api_task_ids))
