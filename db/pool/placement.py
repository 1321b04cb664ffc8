"""Where a task belongs after any event: claimable, waiting, or finished.

Every path that changes a task's counters (claim aside) ends here, so the rule that
turns counters and batch state into a task state and a ready row lives in one place:
``decide`` (pure) and ``place_tasks`` (which locks, decides and writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

from db.clock import db_now
from db.pool import keys
from db.pool.reasons import reason
from db.pool.sql import ACTORS, BATCHES, READY, TASKS, clip, insert_ignoring_duplicates
from db.pool.states import (
    TERMINAL_TASK_STATES,
    BatchState,
    Mode,
    TargetKind,
    TaskState,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sqlalchemy import Connection, Row


@dataclass(frozen=True)
class Placement:
    """Where one task goes: its state, open slots on a ready row (None: no row), reason."""

    state: TaskState
    ready_slots: int | None = None
    reason: str | None = None
    retry_at: datetime | None = None

    @property
    def terminal(self) -> bool:
        """True when the task is finished for good."""
        return self.state in TERMINAL_TASK_STATES


def decide(task: Any, batch: Any, now: datetime, retry_in: float | None = None) -> Placement:
    """Turn a task's counters and its batch's state into a placement (no I/O)."""
    running = task.running_count
    busy = TaskState.RUNNING
    if task.state in TERMINAL_TASK_STATES:
        return Placement(task.state, reason=task.reason)
    if task.succeeded_count >= task.required:
        return Placement(TaskState.SUCCEEDED)
    if task.stop_state is not None:
        return Placement(busy) if running else Placement(task.stop_state, reason=task.reason)
    if batch.state == BatchState.STOPPED:
        why = batch.stop_reason or reason("batch_stopped_plain")
        return Placement(busy) if running else Placement(TaskState.CANCELLED, reason=why)
    if task.failed_attempts >= batch.max_attempts:
        if running:
            return Placement(busy)
        tries = "attempt" if task.failed_attempts == 1 else "attempts"
        why = reason("gave_up", count=task.failed_attempts, tries=tries, message=task.reason or "?")
        return Placement(TaskState.FAILED, reason=why)
    retry_at = _retry_time(task, now, retry_in)
    if batch.state == BatchState.WAITING:
        return Placement(TaskState.BLOCKED, retry_at=retry_at)
    if batch.state == BatchState.PAUSED:
        return Placement(busy if running else TaskState.HELD, retry_at=retry_at)
    if retry_at is not None:
        return Placement(busy if running else TaskState.SCHEDULED, retry_at=retry_at)
    open_slots = task.required - task.succeeded_count - running
    state = busy if running else TaskState.QUEUED
    return Placement(state, ready_slots=open_slots if open_slots > 0 else None)


def _retry_time(task: Any, now: datetime, retry_in: float | None) -> datetime | None:
    if retry_in is not None and retry_in > 0:
        return now + timedelta(seconds=retry_in)
    if task.retry_at is not None and task.retry_at > now:
        return task.retry_at  # type: ignore[no-any-return]
    return None


def ready_target(task: Any, batch: Any) -> str:
    """The target a task's ready row carries."""
    if task.target is not None:
        return str(task.target)
    return keys.shared_target(batch.needs_device, batch.needs_account)


def is_restricted(batch: Any) -> bool:
    """True when only the batch's listed phones or accounts may take its shared tasks."""
    return bool(batch.mode != Mode.EACH_DEVICE and batch.target_kind != TargetKind.ALL_DEVICES)


def ready_row(task: Any, batch: Any, slots: int) -> dict[str, Any]:
    """The values of a new ready row for ``task``."""
    return {
        "task_id": task.id,
        "batch_id": task.batch_id,
        "target": ready_target(task, batch),
        "priority": batch.priority,
        "slots_open": slots,
        "needs_account": bool(batch.needs_account),
        "restricted": is_restricted(batch),
        "share_cap": batch.share_cap if batch.mode == Mode.SPREAD else 0,
        "listed": task.required > 1 or task.device_fails > 0 or batch.barred > 0,
        "created_at": db_now(),
    }


def load_batches(
    conn: Connection, batch_ids: Iterable[int], *, share_lock: bool = False
) -> dict[int, Row[Any]]:
    """Batch rows by id; ``share_lock`` waits out a stop, pause or resume in progress."""
    ids = sorted(set(batch_ids))
    if not ids:
        return {}
    query = select(BATCHES).where(BATCHES.c.id.in_(ids))
    if share_lock:
        query = query.with_for_update(read=True)
    return {row.id: row for row in conn.execute(query)}


def lock_ready_row(conn: Connection, task_id: int) -> None:
    """Lock a task's ready row, if it has one, before its task row: the claim's order."""
    conn.execute(select(READY.c.id).where(READY.c.task_id == task_id).with_for_update()).first()


def database_now(conn: Connection) -> datetime:
    """The database clock's current time."""
    return conn.execute(select(db_now())).scalar_one()  # type: ignore[no-any-return]


def place_tasks(
    conn: Connection,
    task_ids: Iterable[int],
    retry_in: Mapping[int, float] | None = None,
) -> dict[int, Placement]:
    """Lock each task's ready row and task row, decide where it goes, and write that.

    ``retry_in`` gives the backoff, in seconds, of tasks that just failed retryably.
    Locks are taken ready row first, then task: the order every claim uses.
    """
    ids = sorted(set(task_ids))
    if not ids:
        return {}
    ready = {
        row.task_id: row
        for row in conn.execute(
            select(
                READY.c.id, READY.c.task_id, READY.c.slots_open, READY.c.priority, READY.c.listed
            )
            .where(READY.c.task_id.in_(ids))
            .with_for_update()
        )
    }
    tasks = conn.execute(select(TASKS).where(TASKS.c.id.in_(ids)).with_for_update()).all()
    batches = load_batches(conn, (task.batch_id for task in tasks), share_lock=True)
    now = database_now(conn)
    placements: dict[int, Placement] = {}
    for task in tasks:
        batch = batches[task.batch_id]
        placement = decide(task, batch, now, (retry_in or {}).get(task.id))
        _write_ready(conn, task, batch, ready.get(task.id), placement)
        _write_task(conn, task, placement)
        placements[task.id] = placement
    finished = [tid for tid, p in placements.items() if p.terminal]
    if finished:
        conn.execute(delete(ACTORS).where(ACTORS.c.task_id.in_(finished)))
    return placements


def _write_ready(
    conn: Connection, task: Any, batch: Any, current: Any, placement: Placement
) -> None:
    wanted = placement.ready_slots
    if current is None and wanted is not None:
        # Ignoring a duplicate: a transaction that placed the same task first wins.
        conn.execute(insert_ignoring_duplicates(conn, READY).values(ready_row(task, batch, wanted)))
    elif current is not None and wanted is None:
        conn.execute(delete(READY).where(READY.c.id == current.id))
    elif current is not None and wanted is not None:
        values = ready_row(task, batch, wanted)
        changed = {
            k: values[k]
            for k in ("slots_open", "priority", "listed")
            if values[k] != current._mapping[k]
        }
        if changed:
            conn.execute(update(READY).where(READY.c.id == current.id).values(**changed))


def _write_task(conn: Connection, task: Any, placement: Placement) -> None:
    changes: dict[str, Any] = {}
    if placement.state != task.state:
        changes["state"] = placement.state
    if placement.retry_at != task.retry_at:
        changes["retry_at"] = placement.retry_at
    if placement.terminal and task.state not in TERMINAL_TASK_STATES:
        changes["finished_at"] = db_now()
        changes["reason"] = clip(placement.reason, 512)
    if changes:
        conn.execute(update(TASKS).where(TASKS.c.id == task.id).values(**changes))
