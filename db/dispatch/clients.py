"""API batches and tasks under the client's own ids: store them, find them, show them.

An API task is carried by one pool batch (``db.pool.submit.submit_batch``); an API
batch is stored with its client id first, so of two identical submits racing, the
second fails at that unique key before doing any pool work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from db.clock import db_now
from db.dispatch.lineage import Lineage, batch_lineage, downstream_of
from db.dispatch.sql import API_BATCHES, API_TASKS, BATCH_PREFIX, RUN_PREFIX, TASK_PREFIX, own_id
from db.dispatch.task_status import task_status
from db.models import AdminState
from db.pool.errors import Conflict, InvalidRequest, NotFound
from db.pool.sql import BATCHES, DEVICES, ITEMS, RUNS
from db.pool.states import RunStatus
from db.pool.submit import retry_failed, submit_batch
from db.pool.values import iso

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from db.pool.values import BatchSpec


@dataclass(frozen=True)
class TaskToStore:
    """One checked task of a submit: the client's id, its pool batch, its request."""

    client_task_id: str
    spec: BatchSpec
    request: dict[str, Any]
    after: str | None = None  # an earlier task's client id: its pool batch goes after it


@dataclass(frozen=True)
class StoredBatch:
    """An API batch already stored under a client id, and the hash of its request."""

    id: int
    request_sha256: str


def find_batch(session: Session, client_batch_id: str) -> StoredBatch | None:
    """The batch stored under ``client_batch_id``, if any."""
    row = session.execute(
        select(API_BATCHES.c.id, API_BATCHES.c.request_sha256).where(
            API_BATCHES.c.client_batch_id == client_batch_id
        )
    ).first()
    return None if row is None else StoredBatch(row.id, row.request_sha256)


def store_batch(
    session: Session,
    client_batch_id: str,
    request_sha256: str,
    priority: int,
    token_prefix: str | None,
    tasks: Sequence[TaskToStore],
) -> int:
    """Store a batch and every task (each a pool batch) in the caller's transaction."""
    conn = session.connection()
    result = conn.execute(
        insert(API_BATCHES).values(
            client_batch_id=client_batch_id,
            request_sha256=request_sha256,
            priority=priority,
            token_prefix=token_prefix,
            created_at=db_now(),
        )
    )
    batch_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    taken = set(
        conn.execute(
            select(API_TASKS.c.client_task_id).where(
                API_TASKS.c.client_task_id.in_([t.client_task_id for t in tasks])
            )
        ).scalars()
    )
    if taken:
        raise Conflict(f"client_task_id {sorted(taken)[0]!r} is already used by another batch")
    pool_batches: dict[str, int] = {}
    for number, task in enumerate(tasks):
        spec = task.spec
        if task.after is not None:
            spec = replace(spec, after_batch_id=pool_batches[task.after])
        try:
            pool_batch_id = submit_batch(session, spec)
        except InvalidRequest as exc:
            exc.details["task"] = number  # which task of the request it refuses
            raise
        pool_batches[task.client_task_id] = pool_batch_id
        conn.execute(
            insert(API_TASKS).values(
                api_batch_id=batch_id,
                client_task_id=task.client_task_id,
                pool_batch_id=pool_batch_id,
                flow=task.spec.flow,
                mode=task.spec.mode.value,
                request_json=json.dumps(task.request, sort_keys=True),
                event_seq=0,
                retries=0,
                created_at=db_now(),
            )
        )
    return batch_id


def batch_id_of(session: Session, ref: str) -> int:
    """An API batch by ``bat_N`` or by its client id; NotFound otherwise."""
    number = own_id(BATCH_PREFIX, ref)
    column = API_BATCHES.c.id if number is not None else API_BATCHES.c.client_batch_id
    found = session.execute(
        select(API_BATCHES.c.id).where(column == (number if number is not None else ref))
    ).scalar()
    if found is None:
        raise NotFound(f"there is no batch {ref!r}")
    return int(found)


def task_id_of(session: Session, ref: str) -> int:
    """An API task by ``tsk_N`` or by its client id; NotFound otherwise."""
    number = own_id(TASK_PREFIX, ref)
    column = API_TASKS.c.id if number is not None else API_TASKS.c.client_task_id
    found = session.execute(
        select(API_TASKS.c.id).where(column == (number if number is not None else ref))
    ).scalar()
    if found is None:
        raise NotFound(f"there is no task {ref!r}")
    return int(found)


def pool_batch_of(session: Session, api_task_id: int) -> int:
    """The pool batch that carries an API task now."""
    return int(
        session.execute(
            select(API_TASKS.c.pool_batch_id).where(API_TASKS.c.id == api_task_id)
        ).scalar_one()
    )


def pool_batches_of_batch(session: Session, api_batch_id: int) -> list[tuple[int, int]]:
    """(api task id, pool batch id) of every task of an API batch, in submit order."""
    rows = session.execute(
        select(API_TASKS.c.id, API_TASKS.c.pool_batch_id)
        .where(API_TASKS.c.api_batch_id == api_batch_id)
        .order_by(API_TASKS.c.id)
    ).all()
    return [(int(a), int(b)) for a, b in rows]


_TASK_COLUMNS = (
    API_TASKS,
    API_BATCHES.c.client_batch_id,
    BATCHES.c.priority,
    BATCHES.c.params_json,
    BATCHES.c.task_count,
)


def _task_query() -> Any:
    return (
        select(*_TASK_COLUMNS)
        .join(API_BATCHES, API_BATCHES.c.id == API_TASKS.c.api_batch_id)
        .join(BATCHES, BATCHES.c.id == API_TASKS.c.pool_batch_id)
    )


def task_view(session: Session, api_task_id: int) -> dict[str, Any]:
    """A task as GET /v1/tasks/{ref} shows it, with its last error and the tasks its
    output feeds (a pipeline's later stages, made by fan-out, appear under it)."""
    row = session.execute(_task_query().where(API_TASKS.c.id == api_task_id)).one()
    conn = session.connection()
    lineage = batch_lineage(conn, row.api_batch_id)
    doc = _task_json(conn, row, lineage[api_task_id], with_error=True)
    fed = downstream_of(lineage, api_task_id)
    rows = session.execute(_task_query().where(API_TASKS.c.id.in_(fed))).all() if fed else []
    doc["downstream"] = [
        _task_json(conn, r, lineage[r.id], with_error=False)
        for r in sorted(rows, key=lambda r: int(r.id))
    ]
    return doc


def _task_json(conn: Connection, row: Any, lineage: Lineage, *, with_error: bool) -> dict[str, Any]:
    status = task_status(conn, row.pool_batch_id)
    doc: dict[str, Any] = {
        "id": f"{TASK_PREFIX}{row.id}",
        "client_task_id": row.client_task_id,
        "batch_id": f"{BATCH_PREFIX}{row.api_batch_id}",
        "client_batch_id": row.client_batch_id,
        "root_client_task_id": lineage.root_client_task_id,
        "parent_task_id": lineage.parent_task_id,
        "fan_out": lineage.mapped,
        "flow": row.flow,
        "mode": row.mode,
        "priority": row.priority,
        "params": json.loads(row.params_json),
        "status": status.status,
        "targets": row.task_count,
        "counts": status.counts,
        "retries": row.retries,
        "created_at": iso(row.created_at),
        "finished_at": iso(row.finished_at),
    }
    if with_error:
        doc["last_error"] = _last_error(conn, row.pool_batch_id)
    return doc


def _last_error(conn: Connection, pool_batch_id: int) -> dict[str, Any] | None:
    run = conn.execute(
        select(RUNS)
        .where(
            RUNS.c.batch_id == pool_batch_id,
            RUNS.c.status.in_([RunStatus.FAILED, RunStatus.CANCELLED]),
        )
        .order_by(RUNS.c.id.desc())
        .limit(1)
    ).first()
    if run is None:
        return None
    return {
        "attempt_id": f"{RUN_PREFIX}{run.id}",
        "class": str(run.error_class),
        "message": run.error_message,
        "step": run.failed_step,
        "device": run.device_serial,
        "retryable_elsewhere": str(run.error_class) == "device",
    }


def batch_view(session: Session, api_batch_id: int, *, with_tasks: bool = True) -> dict[str, Any]:
    """A batch as POST and GET /v1/batches show it: counts by status, and its tasks."""
    batch = session.execute(select(API_BATCHES).where(API_BATCHES.c.id == api_batch_id)).one()
    rows = session.execute(
        _task_query().where(API_TASKS.c.api_batch_id == api_batch_id).order_by(API_TASKS.c.id)
    ).all()
    conn = session.connection()
    lineage = batch_lineage(conn, api_batch_id)
    tasks = [_task_json(conn, row, lineage[row.id], with_error=False) for row in rows]
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task["status"]] = counts.get(task["status"], 0) + 1
    doc: dict[str, Any] = {
        "id": f"{BATCH_PREFIX}{batch.id}",
        "client_batch_id": batch.client_batch_id,
        "priority": batch.priority,
        "status": "finished" if batch.finished_at is not None else "open",
        "counts": counts,
        "created_at": iso(batch.created_at),
        "finished_at": iso(batch.finished_at),
    }
    if with_tasks:
        doc["tasks"] = tasks
    return doc


def batch_tasks_page(
    session: Session, api_batch_id: int, status: str | None, after_id: int, limit: int
) -> list[dict[str, Any]]:
    """Tasks of a batch after ``after_id``, optionally of one status (filtered here)."""
    rows = session.execute(
        _task_query()
        .where(API_TASKS.c.api_batch_id == api_batch_id, API_TASKS.c.id > after_id)
        .order_by(API_TASKS.c.id)
    ).all()
    conn = session.connection()
    lineage = batch_lineage(conn, api_batch_id)
    tasks = [_task_json(conn, row, lineage[row.id], with_error=False) for row in rows]
    if status is not None:
        tasks = [t for t in tasks if t["status"] == status]
    return tasks[:limit]


def outputs_page(
    session: Session, api_task_id: int, after_id: int, limit: int
) -> list[dict[str, Any]]:
    """Output items of a task's attempts in its lease, oldest first, after ``after_id``."""
    pool_batch_id = pool_batch_of(session, api_task_id)
    rows = session.execute(
        select(ITEMS.c.id, ITEMS.c.run_id, ITEMS.c.item_key, ITEMS.c.data_json)
        .where(ITEMS.c.batch_id == pool_batch_id, ITEMS.c.id > after_id, ITEMS.c.late.is_(False))
        .order_by(ITEMS.c.id)
        .limit(limit)
    ).all()
    return [
        {
            "seq": int(row.id),
            "attempt_id": f"{RUN_PREFIX}{row.run_id}",
            "key": row.item_key,
            "data": json.loads(row.data_json),
        }
        for row in rows
    ]


def start_retry(session: Session, api_task_id: int, spec: BatchSpec | None, by: str) -> int:
    """Run a finished task again under the same client id: a new pool batch carries it,
    made from ``spec``, or (a pipeline stage, ``spec`` None) from the failed and
    cancelled tasks of the last one."""
    conn = session.connection()
    row = conn.execute(
        select(API_TASKS.c.finished_at, API_TASKS.c.pool_batch_id)
        .where(API_TASKS.c.id == api_task_id)
        .with_for_update()
    ).one()
    if row.finished_at is None:
        raise Conflict("the task is still running: cancel it or wait for its end")
    if task_status(conn, row.pool_batch_id).status == "succeeded":
        raise Conflict("the task succeeded: only a failed or cancelled task is retried")
    if spec is None:
        pool_batch_id = retry_failed(session, row.pool_batch_id, by, include_cancelled=True)
    else:
        pool_batch_id = submit_batch(session, spec)
    conn.execute(
        update(API_TASKS)
        .where(API_TASKS.c.id == api_task_id)
        .values(pool_batch_id=pool_batch_id, finished_at=None, retries=API_TASKS.c.retries + 1)
    )
    batch_id = conn.execute(
        select(API_TASKS.c.api_batch_id).where(API_TASKS.c.id == api_task_id)
    ).scalar_one()
    conn.execute(update(API_BATCHES).where(API_BATCHES.c.id == batch_id).values(finished_at=None))
    return pool_batch_id


def task_request(session: Session, api_task_id: int) -> dict[str, Any]:
    """The task as the client submitted it."""
    text = session.execute(
        select(API_TASKS.c.request_json).where(API_TASKS.c.id == api_task_id)
    ).scalar_one()
    data: dict[str, Any] = json.loads(text)
    return data


def unusable_devices(session: Session, serials: Sequence[str]) -> list[str]:
    """The serials that name no phone, or a retired (disabled) one."""
    usable = set(
        session.execute(
            select(DEVICES.c.serial).where(
                DEVICES.c.serial.in_(list(serials)), DEVICES.c.admin_state != AdminState.DISABLED
            )
        ).scalars()
    )
    return [serial for serial in serials if serial not in usable]
