"""Batches as the operator sees them: state, progress counts, pipeline links."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from db.pool.errors import NotFound, Refused
from db.pool.sql import BATCHES, RUNS, TASKS, from_json
from db.pool.states import BatchState, Mode, RunStatus, TargetKind, TaskState
from db.pool.values import BatchStatus, TaskCounts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def batch_status(session: Session, batch_id: int) -> BatchStatus:
    """One batch with its task counts; NotFound when there is no such batch."""
    found = list_batches(session, batch_ids=[batch_id])
    if not found:
        raise NotFound(f"there is no batch {batch_id}", Refused.NO_BATCH, batch=batch_id)
    return found[0]


def list_batches(
    session: Session,
    *,
    batch_ids: Sequence[int] | None = None,
    states: Sequence[BatchState] | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[BatchStatus]:
    """Batches, newest first, with progress counts; page on with ``before_id``."""
    conn = session.connection()
    query = select(BATCHES).order_by(BATCHES.c.id.desc()).limit(limit)
    if batch_ids is not None:
        query = query.where(BATCHES.c.id.in_(list(batch_ids)))
    if states:
        query = query.where(BATCHES.c.state.in_(list(states)))
    if before_id is not None:
        query = query.where(BATCHES.c.id < before_id)
    rows = conn.execute(query).all()
    ids = [row.id for row in rows]
    counts = _task_counts(conn, ids)
    failures = _failures_by_class(conn, ids)
    downstream = _downstream(conn, ids)
    return [
        _status(row, counts.get(row.id, {}), failures.get(row.id, {}), downstream.get(row.id, []))
        for row in rows
    ]


def _task_counts(conn: Connection, ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if ids:
        rows = conn.execute(
            select(TASKS.c.batch_id, TASKS.c.state, func.count())
            .where(TASKS.c.batch_id.in_(ids))
            .group_by(TASKS.c.batch_id, TASKS.c.state)
        )
        for batch_id, state, n in rows:
            counts[batch_id][str(state)] = int(n)
    return counts


def _failures_by_class(conn: Connection, ids: list[int]) -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = defaultdict(dict)
    if ids:
        rows = conn.execute(
            select(RUNS.c.batch_id, RUNS.c.error_class, func.count())
            .where(
                RUNS.c.batch_id.in_(ids),
                RUNS.c.status.in_([RunStatus.FAILED, RunStatus.CANCELLED]),
            )
            .group_by(RUNS.c.batch_id, RUNS.c.error_class)
        )
        for batch_id, error_class, n in rows:
            result[batch_id][str(error_class)] = int(n)
    return result


def _downstream(conn: Connection, ids: list[int]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = defaultdict(list)
    if ids:
        rows = conn.execute(
            select(BATCHES.c.after_batch_id, BATCHES.c.id)
            .where(BATCHES.c.after_batch_id.in_(ids))
            .order_by(BATCHES.c.id)
        )
        for upstream, downstream in rows:
            links[upstream].append(downstream)
    return links


def _counts(by_state: dict[str, int]) -> TaskCounts:
    def n(state: TaskState) -> int:
        return by_state.get(state.value, 0)

    waiting = n(TaskState.BLOCKED) + n(TaskState.SCHEDULED) + n(TaskState.HELD)
    return TaskCounts(
        queued=n(TaskState.QUEUED) + waiting,
        running=n(TaskState.RUNNING),
        succeeded=n(TaskState.SUCCEEDED),
        failed=n(TaskState.FAILED),
        cancelled=n(TaskState.CANCELLED),
        blocked=n(TaskState.BLOCKED),
        scheduled=n(TaskState.SCHEDULED),
        held=n(TaskState.HELD),
    )


def _status(
    row: Any, by_state: dict[str, int], failures: dict[str, int], downstream: list[int]
) -> BatchStatus:
    return BatchStatus(
        id=row.id,
        name=row.name,
        flow=row.flow,
        mode=Mode(row.mode),
        state=BatchState(row.state),
        priority=row.priority,
        params=from_json(row.params_json),
        target_kind=TargetKind(row.target_kind),
        tasks=_counts(by_state),
        task_count=row.task_count,
        successes=row.successes,
        share_cap=row.share_cap,
        max_attempts=row.max_attempts,
        timeout_s=row.timeout_s,
        lease_s=row.lease_s,
        after=row.after_batch_id,
        mapping=from_json(row.map_json),
        downstream=downstream,
        pipeline=row.pipeline,
        stage=row.stage,
        submitted_by=row.submitted_by,
        created_at=row.created_at,
        finished_at=row.finished_at,
        stop_reason=row.stop_reason,
        runs_by_error_class=failures,
    )
