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
from app.errors import UserError
from app.pool_calls import pool_call
from app.submission import check_mapping, spec_for, targets_from, validated_params
from db.dispatch import clients
from db.dispatch.outbox import api_task_rows, record_task_endings
from db.pool.errors import InvalidRequest
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


PIPELINE_FIELDS = ("after", "map")


def request_sha256(body: BatchIn) -> str:
    """The fingerprint of a submit, independent of key order and spacing."""
    doc = body.model_dump(mode="json")
    for task in doc["tasks"]:  # fields added later hash as before while unused
        for name in PIPELINE_FIELDS:
            if task.get(name) is None:
                task.pop(name, None)
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def submit(engine: Engine, registry: FlowRegistry, body: BatchIn, caller: Caller) -> Submitted:
    """Store a batch, or answer the stored one for an identical repeat (409 otherwise)."""
    digest = request_sha256(body)
    replay = _replay(engine, body.client_batch_id, digest)
    if replay is not None:
        return replay
    tasks = checked_tasks(engine, registry, body, caller)

    def store(session: Session) -> int:
        try:
            return clients.store_batch(
                session, body.client_batch_id, digest, body.priority, caller.prefix, tasks
            )
        except InvalidRequest as exc:
            raise UserError(str(exc), field=refused_field(exc)) from None

    try:
        batch_id = pool_call(engine, store)
    except IntegrityError:
        # Another submit with this client_batch_id committed first.
        replay = _replay(engine, body.client_batch_id, digest)
        if replay is None:
            raise
        return replay
    view = pool_call(engine, lambda s: clients.batch_view(s, batch_id), read_only=True)
    return Submitted(view, replayed=False, batch_id=batch_id)


# The pool names its fields in its refusals ("successes: ..."); the API's words for them.
POOL_FIELDS = {"targets": "target", "devices": "target", "accounts": "target",
               "timeout": "max_run_seconds", "name": "client_task_id"}  # fmt: skip


def refused_field(exc: InvalidRequest) -> str | None:
    """The request field a pool refusal of one task names (tasks.N.roster), or None."""
    from app.api.schemas import TaskIn

    number = exc.details.get("task")
    if number is None:
        return None
    word = str(exc).split(":", 1)[0].split(" ", 1)[0]
    name = POOL_FIELDS.get(word, word)
    return f"tasks.{number}.{name}" if name in TaskIn.model_fields else f"tasks.{number}"


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
    flows: dict[str, Flow | None] = {}
    for number, task in enumerate(body.tasks):
        where = f"tasks.{number}"
        flow = flows[task.client_task_id] = _flow(registry, task.flow, where, errors)
        ok, upstream = _upstream(task, flows, where, errors)
        if flow is None or not ok:
            continue
        if task.map is not None and upstream is not None:
            params = _mapped_params(flow, upstream, task, where, errors)
        else:
            params = _params(flow, task.params, where, errors)
        if params is None:
            continue
        try:
            spec = task_spec(flow, params, task, body.priority, caller)
        except UserError:  # the only one: a target naming both phones and accounts
            message = "devices and accounts cannot be combined: choose one"
            errors.append(FieldError(field=f"{where}.target", message=message))
            continue
        request = task.model_dump(mode="json")
        built.append(clients.TaskToStore(task.client_task_id, spec, request, task.after))
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
    # Strict JSON validation: what the flow's published schema says, no more (a lax
    # "5" for a number or 0 for true/false is the CLI's convenience, not the API's);
    # JSON's 5.0 stays an integer, as JSON Schema has it.
    text = json.dumps(_integral_floats_as_ints(raw))
    try:
        params: dict[str, Any] = flow.params.model_validate_json(text, strict=True).model_dump(
            mode="json"
        )
    except ValidationError as exc:
        for error in exc.errors():
            path = ".".join(str(part) for part in error["loc"])
            field = f"{where}.params.{path}" if path else f"{where}.params"
            errors.append(FieldError(field=field, message=error["msg"]))
        return None
    return params


def _integral_floats_as_ints(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral_floats_as_ints(v) for v in value]
    return value


def _upstream(
    task: TaskIn, flows: dict[str, Flow | None], where: str, errors: list[FieldError]
) -> tuple[bool, Flow | None]:
    """Whether ``after``/``map`` are right, and the flow of the task named by ``after``."""
    if task.after is None:
        if task.map is not None:
            errors.append(FieldError(field=f"{where}.map", message="map needs after"))
            return False, None
        return True, None
    if task.after not in flows or task.after == task.client_task_id:
        message = f"no earlier task of this batch has client_task_id {task.after!r}"
        errors.append(FieldError(field=f"{where}.after", message=message))
        return False, None
    upstream = flows[task.after]
    return upstream is not None, upstream


def _mapped_params(
    flow: Flow, upstream: Flow, task: TaskIn, where: str, errors: list[FieldError]
) -> dict[str, Any] | None:
    """Parameters of a fan-out task: the mapped ones come from the upstream's items."""
    assert task.map is not None
    try:
        check_mapping(upstream, task.map, flow)
    except UserError as exc:
        errors.append(FieldError(field=f"{where}.map", message=str(exc).removeprefix("--map")))
        return None
    try:
        return validated_params(flow, task.params, list(task.map.values()))
    except UserError as exc:
        errors.append(FieldError(field=f"{where}.params", message=str(exc)))
        return None


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
        mapping=task.map,
        roster_grows=task.roster == "grow",
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
    if task.after is not None:
        # A pipeline stage: its tasks (one per upstream item when mapped) run again
        # as they were made, without waiting for the upstream again.
        pool_call(engine, lambda s: clients.start_retry(s, api_task_id, None, caller.actor))
        return
    flow = registry.get(task.flow)
    params = flow.params.model_validate(task.params).model_dump(mode="json")
    priority = task.priority if task.priority is not None else 5
    spec = task_spec(flow, params, task, priority, caller)
    pool_call(engine, lambda s: clients.start_retry(s, api_task_id, spec, caller.actor))


def settle_endings(session: Session, api_task_ids: list[int]) -> None:
    """After a stop: record the endings of tasks it finished at once (nothing running)."""
    record_task_endings(session.connection(), api_task_rows(session.connection(), api_task_ids))
