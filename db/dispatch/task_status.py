"""An API task's status, worked out from the pool batch that carries it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from db.pool.sql import BATCHES, TASKS
from db.pool.states import BatchState, TaskState

if TYPE_CHECKING:
    from sqlalchemy import Connection

# The words the API uses; "cancelling" is the visible transition of a stop.
OPEN_STATUSES = ("queued", "running", "paused", "cancelling")
FINAL_STATUSES = ("succeeded", "failed", "cancelled")


@dataclass(frozen=True)
class TaskStatus:
    """Where an API task stands, with its pool tasks counted by state."""

    status: str
    finished: bool
    counts: dict[str, int]
    reason: str | None


def task_status(conn: Connection, pool_batch_id: int) -> TaskStatus:
    """The status of the API task carried by ``pool_batch_id``."""
    batch = conn.execute(
        select(BATCHES.c.state, BATCHES.c.finished_at, BATCHES.c.stop_reason).where(
            BATCHES.c.id == pool_batch_id
        )
    ).one()
    by_state = {
        str(state): int(n)
        for state, n in conn.execute(
            select(TASKS.c.state, func.count())
            .where(TASKS.c.batch_id == pool_batch_id)
            .group_by(TASKS.c.state)
        )
    }
    counts = {
        "queued": sum(
            by_state.get(s.value, 0)
            for s in (TaskState.QUEUED, TaskState.BLOCKED, TaskState.SCHEDULED, TaskState.HELD)
        ),
        "running": by_state.get(TaskState.RUNNING.value, 0),
        "succeeded": by_state.get(TaskState.SUCCEEDED.value, 0),
        "failed": by_state.get(TaskState.FAILED.value, 0),
        "cancelled": by_state.get(TaskState.CANCELLED.value, 0),
    }
    state = BatchState(batch.state)
    finished = batch.finished_at is not None
    return TaskStatus(_word(state, finished, counts), finished, counts, batch.stop_reason)


def _word(state: BatchState, finished: bool, counts: dict[str, int]) -> str:
    if finished:
        if state == BatchState.STOPPED:
            return "cancelled"
        if counts["failed"]:
            return "failed"  # one failed phone of an each-device task fails the task
        return "cancelled" if counts["cancelled"] else "succeeded"
    if state == BatchState.STOPPED:
        return "cancelling"
    if state == BatchState.PAUSED:
        return "paused"
    return "running" if counts["running"] else "queued"
