"""The transactional outbox: callback events written in the transactions that cause them.

``record_finished_runs`` runs inside the pool's fenced finish (``db.pool.finish``), so
a result and its callback commit together or not at all. Events that happen once
(``task.finished``, ``batch.finished``) are fenced by an update of the row that says
they happened (``finished_at IS NULL``) and by a unique ``once_key``.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, func, insert, select, update

from db.artifacts.catalog import artifacts_of_runs
from db.clock import db_now
from db.dispatch.lineage import task_lineage
from db.dispatch.sql import (
    API_BATCHES,
    API_TASKS,
    DELIVERIES,
    ENDPOINTS,
    EVENT_PREFIX,
    EVENTS,
    RUN_PREFIX,
    TASK_PREFIX,
)
from db.dispatch.states import DeliveryState, EventType
from db.dispatch.task_status import task_status
from db.pool.sql import BATCHES, RUNS, to_json
from db.pool.values import iso

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

    from sqlalchemy import Connection


def new_event_id() -> str:
    """A webhook id: stable across every retry of the event's delivery."""
    return EVENT_PREFIX + secrets.token_hex(12)


def add_event(
    conn: Connection,
    event_type: EventType,
    data: dict[str, Any],
    *,
    api_task_id: int | None = None,
    once_key: str | None = None,
    endpoint_ids: Iterable[int] | None = None,
) -> str:
    """Store one event and a pending delivery per subscribed endpoint; return its id."""
    now = conn.execute(select(db_now())).scalar_one()
    event_id = new_event_id()
    body = to_json({"type": event_type.value, "timestamp": _stamp(now), "data": data})
    pk = conn.execute(
        insert(EVENTS).values(
            event_id=event_id,
            type=event_type.value,
            api_task_id=api_task_id,
            once_key=once_key,
            body=body,
            created_at=now,
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    targets = list(endpoint_ids) if endpoint_ids is not None else _subscribers(conn, event_type)
    if targets:
        conn.execute(
            insert(DELIVERIES),
            [
                {
                    "event_pk": pk,
                    "endpoint_id": endpoint,
                    "state": DeliveryState.PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for endpoint in targets
            ],
        )
    return event_id


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def _subscribers(conn: Connection, event_type: EventType) -> list[int]:
    rows = conn.execute(
        select(ENDPOINTS.c.id, ENDPOINTS.c.events).where(ENDPOINTS.c.enabled.is_(True))
    ).all()
    return [
        row.id
        for row in rows
        if event_type == EventType.PING
        or row.events == "*"
        or event_type.value in row.events.split()
    ]


_API_TASK_FIELDS = (
    API_TASKS.c.id.label("api_task_id"),
    API_TASKS.c.client_task_id,
    API_TASKS.c.pool_batch_id,
    API_TASKS.c.api_batch_id,
    API_TASKS.c.finished_at.label("task_finished_at"),
    API_BATCHES.c.client_batch_id,
)


def _api_tasks_of(conn: Connection, pool_batch_ids: Iterable[int]) -> list[Any]:
    ids = sorted(set(pool_batch_ids))
    if not ids:
        return []
    return list(
        conn.execute(
            select(*_API_TASK_FIELDS)
            .join(API_BATCHES, API_BATCHES.c.id == API_TASKS.c.api_batch_id)
            .where(API_TASKS.c.pool_batch_id.in_(ids))
        ).all()
    )


def submitted_by_api(batch_id: Any) -> Any:
    """A column for the finish's read of its runs: whether the API submitted the batch.

    With it on every run, a finish of runs the API never submitted (a farm's own
    batches) skips the read of ``api_tasks``: one round trip fewer per finish.
    """
    return exists().where(API_TASKS.c.pool_batch_id == batch_id).label("from_api")


def record_finished_runs(conn: Connection, runs: Mapping[int, Any]) -> None:
    """In the finish transaction: attempt.finished per run of an API task, then the
    task's (and batch's) ending if this finish ended it. ``runs`` maps run id to a row
    with ``batch_id`` (and, when read with ``submitted_by_api``, ``from_api``); runs of
    batches the API did not submit cost one indexed read, or none with ``from_api``."""
    if not any(getattr(run, "from_api", True) for run in runs.values()):
        return
    tasks = {
        row.pool_batch_id: row for row in _api_tasks_of(conn, (r.batch_id for r in runs.values()))
    }
    if not tasks:
        return
    ended: dict[int, Any] = {}
    for run_id in sorted(runs):
        task = tasks.get(runs[run_id].batch_id)
        if task is None:
            continue
        _attempt_finished(conn, run_id, task)
        ended[task.api_task_id] = task
    record_task_endings(conn, ended.values())


def _next_seq(conn: Connection, api_task_id: int) -> int:
    conn.execute(
        update(API_TASKS)
        .where(API_TASKS.c.id == api_task_id)
        .values(event_seq=API_TASKS.c.event_seq + 1)
    )
    seq: int = conn.execute(
        select(API_TASKS.c.event_seq).where(API_TASKS.c.id == api_task_id)
    ).scalar_one()
    return seq


def task_ref(conn: Connection, task: Any) -> dict[str, Any]:
    """The ``task`` object every event about a task carries (with its pipeline's root
    and parent: db/dispatch/lineage.py)."""
    lineage = task_lineage(conn, task.api_task_id)
    return {
        "id": f"{TASK_PREFIX}{task.api_task_id}",
        "client_task_id": task.client_task_id,
        "client_batch_id": task.client_batch_id,
        "root_client_task_id": lineage.root_client_task_id,
        "parent_task_id": lineage.parent_task_id,
        "status": task_status(conn, task.pool_batch_id).status,
    }


def _attempt_finished(conn: Connection, run_id: int, task: Any) -> None:
    run = conn.execute(select(RUNS).where(RUNS.c.id == run_id)).one()
    seq = _next_seq(conn, task.api_task_id)
    error = None
    if run.error_class is not None:
        error = {
            "class": str(run.error_class),
            "message": run.error_message,
            "step": run.failed_step,
            "retryable_elsewhere": str(run.error_class) == "device",
            "artifacts": {
                str(a.kind): f"/v1/artifacts/{a.id}"
                for a in artifacts_of_runs(conn, [run.id]).get(run.id, [])
            },
        }
    data = {
        "event_seq": seq,
        "task": task_ref(conn, task),
        "attempt": {
            "id": f"{RUN_PREFIX}{run.id}",
            "attempt": run.attempt_no,
            "status": str(run.status),
            "device": run.device_serial,
            "account": run.account_uid,
            "host": run.host_name,
            "started_at": iso(run.started_at),
            "finished_at": iso(run.finished_at),
            "duration_ms": run.duration_ms,
        },
        "outputs": {
            "count": run.output_count,
            "url": f"/v1/tasks/{TASK_PREFIX}{task.api_task_id}/outputs",
        },
        "error": error,
    }
    add_event(
        conn,
        EventType.ATTEMPT_FINISHED,
        data,
        api_task_id=task.api_task_id,
        once_key=f"attempt.finished:{run.id}",
    )


def record_task_endings(conn: Connection, tasks: Iterable[Any]) -> int:
    """task.cancelled (when cancelled) and task.finished for every given API task
    whose pool batch has finished and whose ending was not recorded yet; then
    batch.finished for batches that ended with them. Returns the tasks ended."""
    ended = 0
    batches: set[int] = set()
    for task in tasks:
        status = task_status(conn, task.pool_batch_id)
        if not status.finished:
            continue
        fenced = conn.execute(
            update(API_TASKS)
            .where(API_TASKS.c.id == task.api_task_id, API_TASKS.c.finished_at.is_(None))
            .values(finished_at=db_now())
        )
        if fenced.rowcount != 1:
            continue  # another transaction recorded it first
        ended += 1
        batches.add(task.api_batch_id)
        retries = conn.execute(
            select(API_TASKS.c.retries).where(API_TASKS.c.id == task.api_task_id)
        ).scalar_one()
        if status.status == "cancelled":
            _task_event(conn, EventType.TASK_CANCELLED, task, status, retries)
        _task_event(conn, EventType.TASK_FINISHED, task, status, retries)
    for api_batch_id in sorted(batches):
        _maybe_batch_finished(conn, api_batch_id)
    return ended


def _task_event(
    conn: Connection, event_type: EventType, task: Any, status: Any, retries: int
) -> None:
    data = {
        "event_seq": _next_seq(conn, task.api_task_id),
        "task": task_ref(conn, task),
        "counts": status.counts,
        "reason": status.reason,
    }
    add_event(
        conn,
        event_type,
        data,
        api_task_id=task.api_task_id,
        once_key=f"{event_type.value}:{task.api_task_id}:{retries}",
    )


def _maybe_batch_finished(conn: Connection, api_batch_id: int) -> None:
    # Lock the batch row first: two tasks ending in concurrent transactions would
    # each see the other open (READ COMMITTED); the second waits here and sees it.
    batch = conn.execute(
        select(API_BATCHES).where(API_BATCHES.c.id == api_batch_id).with_for_update()
    ).one()
    open_tasks = conn.execute(
        select(func.count())
        .select_from(API_TASKS)
        .where(API_TASKS.c.api_batch_id == api_batch_id, API_TASKS.c.finished_at.is_(None))
    ).scalar_one()
    if open_tasks or batch.finished_at is not None:
        return
    conn.execute(
        update(API_BATCHES).where(API_BATCHES.c.id == api_batch_id).values(finished_at=db_now())
    )
    generation = conn.execute(
        select(func.coalesce(func.sum(API_TASKS.c.retries), 0)).where(
            API_TASKS.c.api_batch_id == api_batch_id
        )
    ).scalar_one()
    by_status = dict(
        conn.execute(
            select(API_TASKS.c.id, API_TASKS.c.pool_batch_id).where(
                API_TASKS.c.api_batch_id == api_batch_id
            )
        ).all()
    )
    counts: dict[str, int] = {}
    for pool_batch_id in by_status.values():
        word = task_status(conn, pool_batch_id).status
        counts[word] = counts.get(word, 0) + 1
    data = {
        "batch": {
            "id": f"bat_{api_batch_id}",
            "client_batch_id": batch.client_batch_id,
            "status": "finished",
            "tasks": counts,
        }
    }
    add_event(
        conn, EventType.BATCH_FINISHED, data, once_key=f"batch.finished:{api_batch_id}:{generation}"
    )


def record_unended_tasks(conn: Connection, limit: int = 200) -> int:
    """Record the endings the finish transaction could not see: pool batches ended by
    a stop with nothing running (a CLI stop, a console stop). Idempotent; the API
    process runs it in its dispatcher loop. Returns how many tasks it ended."""
    rows = conn.execute(
        select(*_API_TASK_FIELDS)
        .join(API_BATCHES, API_BATCHES.c.id == API_TASKS.c.api_batch_id)
        .join(BATCHES, BATCHES.c.id == API_TASKS.c.pool_batch_id)
        .where(API_TASKS.c.finished_at.is_(None), BATCHES.c.finished_at.is_not(None))
        .limit(limit)
    ).all()
    return record_task_endings(conn, rows) if rows else 0


def api_task_rows(conn: Connection, api_task_ids: Iterable[int]) -> list[Any]:
    """The rows ``record_task_endings`` takes, for the given API tasks."""
    ids = sorted(set(api_task_ids))
    if not ids:
        return []
    return list(
        conn.execute(
            select(*_API_TASK_FIELDS)
            .join(API_BATCHES, API_BATCHES.c.id == API_TASKS.c.api_batch_id)
            .where(API_TASKS.c.id.in_(ids))
        ).all()
    )
