"""After tasks move: finish batches whose work is done and carry that down the pipeline.

``settle_tasks`` is what every event calls (finish, reaper, retry dispatch, stop):
place the tasks, then complete their batches when nothing is left open, which may
release an ``--after`` batch or cancel one whose upstream failed or was stopped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, delete, func, insert, literal, select, update

from db.clock import db_now
from db.pool import keys
from db.pool.placement import Placement, load_batches, place_tasks
from db.pool.sql import ACTORS, BATCHES, READY, TASKS, clip
from db.pool.states import (
    OPEN_BATCH_STATES,
    OPEN_TASK_STATES,
    BatchState,
    Mode,
    TargetKind,
    TaskState,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sqlalchemy import Connection

WAITING_TASK_STATES = (TaskState.BLOCKED, TaskState.QUEUED, TaskState.SCHEDULED, TaskState.HELD)


def settle_tasks(
    conn: Connection, task_ids: Iterable[int], retry_in: Mapping[int, float] | None = None
) -> dict[int, Placement]:
    """Place tasks where their counters say, then complete any batch left with no work."""
    placements = place_tasks(conn, task_ids, retry_in)
    if any(p.terminal for p in placements.values()):
        batch_ids = conn.execute(
            select(TASKS.c.batch_id)
            .where(TASKS.c.id.in_([tid for tid, p in placements.items() if p.terminal]))
            .distinct()
        ).scalars()
        complete_batches(conn, list(batch_ids))
    return placements


_OPEN_TASK_PROBE = (
    select(TASKS.c.id)
    .where(TASKS.c.batch_id == bindparam("batch"), TASKS.c.state.in_(sorted(OPEN_TASK_STATES)))
    .limit(1)
)


def has_open_tasks(conn: Connection, batch_id: int) -> bool:
    """True while any task of the batch is not finished (one index probe)."""
    return conn.execute(_OPEN_TASK_PROBE, {"batch": batch_id}).first() is not None


def complete_batches(conn: Connection, batch_ids: Iterable[int]) -> None:
    """Mark batches completed once no task is open; release or cancel what waits on them."""
    pending = list(batch_ids)
    while pending:
        batch_id = pending.pop()
        if has_open_tasks(conn, batch_id):
            continue  # the common case, answered by one index probe
        batch = load_batches(conn, [batch_id]).get(batch_id)
        if batch is None or batch.finished_at is not None or not _work_is_done(conn, batch):
            continue
        state = BatchState.STOPPED if batch.state == BatchState.STOPPED else BatchState.COMPLETED
        conn.execute(
            update(BATCHES)
            .where(BATCHES.c.id == batch.id)
            .values(state=state, finished_at=db_now())
        )
        pending.extend(_release_downstream(conn, batch.id, stopped=state == BatchState.STOPPED))


def _work_is_done(conn: Connection, batch: Any) -> bool:
    if batch.state == BatchState.WAITING:
        return False
    if batch.map_json is not None and batch.after_batch_id is not None:
        upstream = load_batches(conn, [batch.after_batch_id])[batch.after_batch_id]
        if upstream.finished_at is None:
            return False  # more items may still arrive
    return not has_open_tasks(conn, batch.id)


def _release_downstream(conn: Connection, batch_id: int, *, stopped: bool) -> list[int]:
    """Start or cancel the batches that waited for ``batch_id``; return those to re-check."""
    rows = conn.execute(
        select(BATCHES.c.id, BATCHES.c.map_json, BATCHES.c.state).where(
            BATCHES.c.after_batch_id == batch_id
        )
    ).all()
    recheck = []
    for row in rows:
        if row.map_json is not None:
            recheck.append(row.id)  # a mapped batch completes once its upstream has
        elif row.state == BatchState.PAUSED and not stopped:
            # Paused while it waited: its tasks become held, for resume to release.
            conn.execute(
                update(TASKS)
                .where(TASKS.c.batch_id == row.id, TASKS.c.state == TaskState.BLOCKED)
                .values(state=TaskState.HELD)
            )
        elif row.state in (BatchState.WAITING, BatchState.PAUSED):
            if stopped:
                stop_batch_tree(conn, row.id, f"upstream batch {batch_id} was stopped")
            else:
                activate_batch(conn, row.id)
            recheck.append(row.id)
    return recheck


def activate_batch(conn: Connection, batch_id: int) -> None:
    """Make a waiting batch active and every blocked task of it claimable."""
    conn.execute(update(BATCHES).where(BATCHES.c.id == batch_id).values(state=BatchState.ACTIVE))
    release_blocked_tasks(conn, batch_id)


def release_blocked_tasks(conn: Connection, batch_id: int) -> None:
    """Give the blocked tasks of a batch the place its state allows (set-based, any size)."""
    batch = load_batches(conn, [batch_id])[batch_id]
    blocked = and_(TASKS.c.batch_id == batch_id, TASKS.c.state == TaskState.BLOCKED)
    if batch.state == BatchState.PAUSED:
        conn.execute(update(TASKS).where(blocked).values(state=TaskState.HELD))
        return
    if batch.state != BatchState.ACTIVE:
        return
    shared = keys.shared_target(batch.needs_device, batch.needs_account)
    restricted = batch.mode != Mode.EACH_DEVICE and batch.target_kind != TargetKind.ALL_DEVICES
    rows = select(
        TASKS.c.id,
        TASKS.c.batch_id,
        func.coalesce(TASKS.c.target, shared),
        literal(batch.priority),
        TASKS.c.required,
        literal(bool(batch.needs_account)),
        literal(restricted),
        literal(batch.share_cap if batch.mode == Mode.SPREAD else 0),
        (TASKS.c.required > 1) | (TASKS.c.device_fails > 0),
        db_now(),
    ).where(blocked)
    columns = [
        "task_id",
        "batch_id",
        "target",
        "priority",
        "slots_open",
        "needs_account",
        "restricted",
        "share_cap",
        "listed",
        "created_at",
    ]
    conn.execute(insert(READY).from_select(columns, rows))
    conn.execute(update(TASKS).where(blocked).values(state=TaskState.QUEUED))


def cancel_waiting_tasks(conn: Connection, batch_id: int, reason: str) -> None:
    """Cancel every task of a batch that is not running; drop their ready rows."""
    conn.execute(delete(READY).where(READY.c.batch_id == batch_id))
    waiting = and_(TASKS.c.batch_id == batch_id, TASKS.c.state.in_(WAITING_TASK_STATES))
    conn.execute(delete(ACTORS).where(ACTORS.c.task_id.in_(select(TASKS.c.id).where(waiting))))
    conn.execute(
        update(TASKS)
        .where(waiting)
        .values(
            state=TaskState.CANCELLED,
            reason=clip(reason, 512),
            retry_at=None,
            finished_at=db_now(),
        )
    )


def stop_batch_tree(conn: Connection, batch_id: int, reason: str) -> list[int]:
    """Stop a batch and every ``--after`` batch still waiting on it; return their ids."""
    stopped = []
    pending = [batch_id]
    while pending:
        current = pending.pop()
        batch = load_batches(conn, [current])[current]
        if batch.state not in OPEN_BATCH_STATES:
            continue
        cancel_waiting_tasks(conn, current, reason)
        conn.execute(
            update(BATCHES)
            .where(BATCHES.c.id == current)
            .values(state=BatchState.STOPPED, stop_reason=clip(reason, 255))
        )
        stopped.append(current)
        waiting_children = conn.execute(
            select(BATCHES.c.id).where(
                BATCHES.c.after_batch_id == current,
                BATCHES.c.map_json.is_(None),
                BATCHES.c.state == BatchState.WAITING,
            )
        ).scalars()
        pending.extend(waiting_children)
    complete_batches(conn, stopped)
    return stopped


def cancel_downstream_of_task(conn: Connection, task_id: int, reason: str) -> int:
    """Cancel the pipeline work that depends on a task that failed fatally; return the count.

    Tasks made from its output items are cancelled (running ones are told to stop),
    and so are the ``--after`` batches still waiting for its batch; both recursively.
    """
    batch_id = conn.execute(select(TASKS.c.batch_id).where(TASKS.c.id == task_id)).scalar_one()
    children = conn.execute(
        select(BATCHES.c.id).where(
            BATCHES.c.after_batch_id == batch_id,
            BATCHES.c.map_json.is_(None),
            BATCHES.c.state == BatchState.WAITING,
        )
    ).scalars()
    for child in list(children):
        stop_batch_tree(conn, child, reason)
    cancelled = 0
    frontier = [task_id]
    while frontier:
        dependants = conn.execute(
            select(TASKS.c.id).where(
                TASKS.c.source_task_id.in_(frontier), TASKS.c.state.in_(list(OPEN_TASK_STATES))
            )
        ).scalars()
        frontier = list(dependants)
        if frontier:
            conn.execute(
                update(TASKS)
                .where(TASKS.c.id.in_(frontier))
                .values(stop_state=TaskState.CANCELLED, reason=clip(reason, 512))
            )
            settle_tasks(conn, frontier)
            cancelled += len(frontier)
    return cancelled
