"""After tasks move: finish batches whose work is done and carry that down the pipeline.

``settle_tasks`` is what every event calls (finish, reaper, retry dispatch, stop):
place the tasks, then complete their batches when nothing is left open, which may
release an ``--after`` batch or cancel one whose upstream failed or was stopped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)

from db.clock import db_now
from db.pool import keys
from db.pool.driver import DriverStatement
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
    conn: Connection,
    task_ids: Iterable[int],
    retry_in: Mapping[int, float] | None = None,
    *,
    complete: bool = True,
) -> dict[int, Placement]:
    """Place tasks where their counters say, then complete any batch left with no work.

    ``complete=False``: the caller completes the batches itself, once it is done.
    """
    placements = place_tasks(conn, task_ids, retry_in)
    if complete and any(p.terminal for p in placements.values()):
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


# An open task no other transaction is changing, share-locked until this one commits.
# Running tasks first: claims never wait on them (they wait on queued ones).
def _open_task_probe(states: list[TaskState]) -> DriverStatement:
    return DriverStatement(
        select(TASKS.c.id)
        .with_hint(TASKS, "FORCE INDEX (ix_pool_tasks_batch_id_state)", "mysql")
        .where(TASKS.c.batch_id == bindparam("batch"), TASKS.c.state.in_(states))
        .limit(1)
        .with_for_update(read=True, skip_locked=True)
    )


_RUNNING_TASK_HOLD = _open_task_probe([TaskState.RUNNING])
_OTHER_OPEN_TASK_HOLD = _open_task_probe(sorted(OPEN_TASK_STATES - {TaskState.RUNNING}))


def settled_later(conn: Connection, batch_id: int) -> bool:
    """True when a later transaction is sure to settle the batch, so this one need not.

    The row found is open in the newest committed state and share-locked by this
    transaction: whoever ends that task must wait for this commit, and settles the
    batch after it. Rows other transactions are changing right now are skipped, for
    their outcome is unknown here (READ COMMITTED shows their old state): with none
    found, this transaction must settle the batch itself, under the batch's lock.
    """
    args = {"batch": batch_id}
    if _RUNNING_TASK_HOLD.execute(conn, args).first() is not None:
        return True
    return _OTHER_OPEN_TASK_HOLD.execute(conn, args).first() is not None


def lock_batch(conn: Connection, batch_id: int) -> Any | None:
    """A batch row, locked for update: concurrent settlers of one batch go one at a time."""
    return conn.execute(select(BATCHES).where(BATCHES.c.id == batch_id).with_for_update()).first()


def complete_batches(conn: Connection, batch_ids: Iterable[int]) -> None:
    """Mark batches completed once no task is open; release or cancel what waits on them.

    Correct under any interleaving: two hosts ending a batch's last two tasks in
    overlapping transactions each see the other's task still running (READ
    COMMITTED); neither finds an open task it could hold (``settled_later``), so both
    lock the batch row, and the second to get it reads the first's committed work.
    Every transaction that ends a task comes here; ``settle_finished_batches`` (the
    reaper's pass) repairs a batch left behind all the same (issue 9).
    """
    pending = sorted(set(batch_ids), reverse=True)
    while pending:
        batch_id = pending.pop()
        if settled_later(conn, batch_id):
            continue  # the common case: one index probe, one row share-locked
        batch = lock_batch(conn, batch_id)
        if batch is None or batch.finished_at is not None or not _work_is_done(conn, batch):
            continue
        state = BatchState.STOPPED if batch.state == BatchState.STOPPED else BatchState.COMPLETED
        conn.execute(
            update(BATCHES)
            .where(BATCHES.c.id == batch.id)
            .values(state=state, finished_at=db_now())
        )
        pending.extend(_release_downstream(conn, batch.id, stopped=state == BatchState.STOPPED))


# Open batches that have no open task: what a lost or crashed settle leaves behind.
_UNSETTLED = (
    select(BATCHES.c.id)
    .where(
        BATCHES.c.state.in_([BatchState.ACTIVE, BatchState.PAUSED, BatchState.STOPPED]),
        BATCHES.c.finished_at.is_(None),
        ~exists().where(
            TASKS.c.batch_id == BATCHES.c.id, TASKS.c.state.in_(sorted(OPEN_TASK_STATES))
        ),
    )
    .order_by(BATCHES.c.id)
    .limit(bindparam("limit", type_=Integer, literal_execute=True))
)


_UPSTREAM = BATCHES.alias("upstream")
# Finished batches with a batch still waiting on them: a release that never happened.
_STRANDED_UPSTREAMS = (
    select(_UPSTREAM.c.id)
    .join(BATCHES, BATCHES.c.after_batch_id == _UPSTREAM.c.id)
    .where(BATCHES.c.state == BatchState.WAITING, _UPSTREAM.c.finished_at.is_not(None))
    .distinct()
    .order_by(_UPSTREAM.c.id)
    .limit(bindparam("limit", type_=Integer, literal_execute=True))
)


def settle_finished_batches(conn: Connection, limit: int = 100) -> list[int]:
    """Complete open batches whose tasks have all ended; return those now finished.

    The repairing pass (the reaper runs it): finds what a settle never reached, for
    example a batch left active by a version without ``complete_batches``'s locking,
    or a batch still waiting on an upstream that has finished; it completes the
    first and releases (or stops) the second.
    """
    candidates = list(conn.execute(_UNSETTLED, {"limit": limit}).scalars())
    for upstream_id in conn.execute(_STRANDED_UPSTREAMS, {"limit": limit}).scalars().all():
        upstream = lock_batch(conn, upstream_id)
        assert upstream is not None
        stopped = upstream.state == BatchState.STOPPED
        candidates.extend(_release_downstream(conn, upstream_id, stopped=stopped))
    complete_batches(conn, candidates)
    if not candidates:
        return []
    done = conn.execute(
        select(BATCHES.c.id).where(BATCHES.c.id.in_(candidates), BATCHES.c.finished_at.is_not(None))
    ).scalars()
    return sorted(int(batch_id) for batch_id in done)


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
    # Locked: a pause, resume or stop of a waiting batch in progress is waited out
    # and its outcome read, never overwritten.
    rows = conn.execute(
        select(BATCHES.c.id, BATCHES.c.map_json, BATCHES.c.state)
        .where(BATCHES.c.after_batch_id == batch_id)
        .order_by(BATCHES.c.id)
        .with_for_update()
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
        literal(True) if batch.barred else (TASKS.c.required > 1) | (TASKS.c.device_fails > 0),
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
    # Locked before its waiting batches are read: a submit --after it (which
    # share-locks it) either commits first and is stopped here, or waits and is refused.
    lock_batch(conn, batch_id)
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
