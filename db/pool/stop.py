"""Operator controls: stop a batch, a task or a phone; drain and resume phones; pause,
resume and re-prioritise batches.

Lock order (the pool's deadlock rule): ready rows, then task rows, then the batch
row. A stop or pause takes the batch row exclusively last, after removing its ready
rows, so a claim in flight finishes first and a later claim sees the new state.
Running attempts learn of a stop from ``poll_stop_requests``; a ready row that
slipped past (a retry placed during the stop) is dropped by the next claim to see it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, select, update

from db.clock import db_now_plus
from db.fleet import (
    UnknownDevice,
    accounts_on,
    device_id_of,
    set_admin_state,
    set_health_override,
)
from db.fleet_view import HOST_SILENT_S
from db.models import AdminState, ConnState
from db.pool import keys
from db.pool.errors import InvalidRequest, NotFound, Refused
from db.pool.placement import load_batches, lock_ready_row
from db.pool.reasons import reason
from db.pool.settle import lock_batch, release_blocked_tasks, settle_tasks, stop_batch_tree
from db.pool.sql import BATCHES, DEVICES, HOSTS, READY, TASKS, clip
from db.pool.states import (
    OPEN_BATCH_STATES,
    OPEN_TASK_STATES,
    TERMINAL_TASK_STATES,
    BatchState,
    Mode,
    TaskState,
)
from db.pool.validation import check_priority

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def _batch(conn: Connection, batch_id: int) -> Any:
    batch = load_batches(conn, [batch_id]).get(batch_id)
    if batch is None:
        raise NotFound(f"there is no batch {batch_id}", Refused.NO_BATCH, batch=batch_id)
    return batch


def stop_batch(session: Session, batch_id: int, by: str, *, kill: bool = False) -> list[int]:
    """Stop a batch: no claim after this commits; running attempts are told to stop.

    Batches waiting ``--after`` it (without a mapping) can never start and are
    stopped too. With ``kill`` the app of each running attempt is also force-stopped
    after a short grace (the host does it). Returns the ids of every batch stopped.
    """
    conn = session.connection()
    batch = _batch(conn, batch_id)
    if batch.state not in OPEN_BATCH_STATES:
        raise InvalidRequest(
            f"batch {batch_id} is already {batch.state}",
            Refused.BATCH_ALREADY,
            batch=batch_id,
            state=str(batch.state),
        )
    stopped = stop_batch_tree(conn, batch_id, reason("batch_stopped", batch=batch_id, by=by))
    if kill and stopped:
        conn.execute(update(BATCHES).where(BATCHES.c.id.in_(stopped)).values(stop_kill=True))
    return stopped


def stop_task(session: Session, task_id: int, by: str) -> TaskState:
    """Stop one task: cancelled now, or once its running attempt has stopped."""
    conn = session.connection()
    lock_ready_row(conn, task_id)
    task = conn.execute(select(TASKS).where(TASKS.c.id == task_id).with_for_update()).first()
    if task is None:
        raise NotFound(f"there is no task {task_id}", Refused.NO_TASK, task=task_id)
    if task.state in TERMINAL_TASK_STATES:
        raise InvalidRequest(
            f"task {task_id} is already {task.state}",
            Refused.TASK_ALREADY,
            task=task_id,
            state=str(task.state),
        )
    conn.execute(
        update(TASKS)
        .where(TASKS.c.id == task_id)
        .values(
            stop_state=TaskState.CANCELLED,
            reason=clip(reason("task_stopped", task=task_id, by=by), 512),
        )
    )
    return settle_tasks(conn, [task_id])[task_id].state


def _set_phone(session: Session, serial: str, state: AdminState, reason: str) -> int:
    try:
        set_admin_state(session, serial, state, reason=reason)
    except UnknownDevice as exc:
        raise NotFound(str(exc), Refused.NO_PHONE, serial=serial) from None
    device_id = device_id_of(session, serial)
    assert device_id is not None
    return device_id


def stop_device(session: Session, serial: str, by: str, *, skip_each_device: bool = False) -> int:
    """Stop a phone: its running attempt stops and it takes no work until resumed.

    Its pool and spread work goes back to the pool at no cost. Its each-device
    tasks wait for it, or, with ``skip_each_device``, are cancelled; returns how many.
    """
    why = reason("phone_stopped", serial=serial, by=by)
    device_id = _set_phone(session, serial, AdminState.STOPPED, why)
    if not skip_each_device:
        return 0
    return _cancel_each_device_tasks(session, device_id, why)


def remove_offline_device(session: Session, serial: str, by: str) -> int:
    """Take a phone that is not connected out of the fleet (a simulated phone of an
    earlier run, a phone unplugged for good); return the each-device tasks cancelled.

    Its each-device tasks would wait for it forever: they are cancelled. If it
    connects again it comes back (``db.fleet.upsert_device``).
    """
    # Connected as the grid tells it: adb has it, on a PC that is still heartbeating.
    alive = and_(
        HOSTS.c.stopped_at.is_(None), HOSTS.c.last_heartbeat_at > db_now_plus(-HOST_SILENT_S)
    )
    row = session.execute(
        select(DEVICES.c.conn_state, alive.label("alive"))
        .outerjoin(HOSTS, HOSTS.c.id == DEVICES.c.host_id)
        .where(DEVICES.c.serial == serial)
    ).first()
    if row is None:
        raise NotFound(f"there is no phone {serial}", Refused.NO_PHONE, serial=serial)
    if row.conn_state == ConnState.DEVICE and row.alive:
        raise InvalidRequest(
            f"phone {serial} is connected; only an offline phone is removed",
            Refused.PHONE_CONNECTED,
            serial=serial,
        )
    device_id = _set_phone(session, serial, AdminState.DISABLED, reason("removed_offline", by=by))
    why = reason("phone_removed", serial=serial, by=by)
    return _cancel_each_device_tasks(session, device_id, why)


def _cancel_each_device_tasks(session: Session, device_id: int, why: str) -> int:
    conn = session.connection()
    targets = [keys.device_key(device_id)] + [
        keys.account_key(a) for a in accounts_on(session, device_id)
    ]
    ids = list(
        conn.execute(
            select(TASKS.c.id)
            .join(BATCHES, BATCHES.c.id == TASKS.c.batch_id)
            .where(
                BATCHES.c.mode == Mode.EACH_DEVICE,
                TASKS.c.target.in_(targets),
                TASKS.c.state.in_(list(OPEN_TASK_STATES)),
            )
        ).scalars()
    )
    for task_id in ids:
        lock_ready_row(conn, task_id)
    if ids:
        conn.execute(
            update(TASKS)
            .where(TASKS.c.id.in_(ids))
            .values(stop_state=TaskState.CANCELLED, reason=clip(reason("skipped", reason=why), 512))
        )
        settle_tasks(conn, ids)
    return len(ids)


def drain_device(session: Session, serial: str, by: str) -> None:
    """Let a phone finish its current attempt and take no more."""
    _set_phone(session, serial, AdminState.DRAINING, f"phone {serial} drained by {by}")


def resume_device(session: Session, serial: str, by: str) -> None:
    """Let a stopped or draining phone take work again; its noted problems are cleared."""
    device_id = _set_phone(session, serial, AdminState.ENABLED, f"phone {serial} resumed by {by}")
    session.execute(
        update(DEVICES)
        .where(DEVICES.c.id == device_id)
        .values(problem=None, problem_code=None, problem_count=0, attention=None)
    )


def run_despite_health(session: Session, serial: str, run_anyway: bool = True) -> None:
    """Let a phone paused for its health (too hot, battery low) take work anyway, until
    it recovers; or, ``run_anyway`` False, take that back."""
    try:
        set_health_override(session, serial, run_anyway)
    except UnknownDevice as exc:
        raise NotFound(str(exc), Refused.NO_PHONE, serial=serial) from None


def pause_batch(session: Session, batch_id: int, by: str) -> None:
    """Take no new claims for a batch; its running attempts finish."""
    conn = session.connection()
    # Locked: an upstream completing now releases this batch before or after the pause.
    batch = lock_batch(conn, batch_id)
    if batch is None:
        raise NotFound(f"there is no batch {batch_id}", Refused.NO_BATCH, batch=batch_id)
    if batch.state not in (BatchState.ACTIVE, BatchState.WAITING):
        raise InvalidRequest(
            f"batch {batch_id} is {batch.state}; only an active batch pauses",
            Refused.NOT_PAUSABLE,
            batch=batch_id,
            state=str(batch.state),
        )
    conn.execute(delete(READY).where(READY.c.batch_id == batch_id))
    conn.execute(
        update(TASKS)
        .where(TASKS.c.batch_id == batch_id, TASKS.c.state == TaskState.QUEUED)
        .values(state=TaskState.HELD)
    )
    conn.execute(
        update(BATCHES)
        .where(BATCHES.c.id == batch_id)
        .values(state=BatchState.PAUSED, stop_reason=clip(reason("paused", by=by), 255))
    )


def resume_batch(session: Session, batch_id: int) -> BatchState:
    """Let a paused batch's tasks be claimed again (or wait again for its upstream)."""
    conn = session.connection()
    after = conn.execute(select(BATCHES.c.after_batch_id).where(BATCHES.c.id == batch_id)).first()
    if after is None:
        raise NotFound(f"there is no batch {batch_id}", Refused.NO_BATCH, batch=batch_id)
    upstream = None
    if after.after_batch_id is not None:
        # Upstream first (the order its completion takes them in), share-locked: its
        # completion in progress is waited out, then seen.
        upstream = load_batches(conn, [after.after_batch_id], share_lock=True)[after.after_batch_id]
    batch = lock_batch(conn, batch_id)
    assert batch is not None
    if batch.state != BatchState.PAUSED:
        raise InvalidRequest(
            f"batch {batch_id} is {batch.state}, not paused",
            Refused.NOT_PAUSED,
            batch=batch_id,
            state=str(batch.state),
        )
    state = BatchState.ACTIVE
    if upstream is not None and batch.map_json is None and upstream.finished_at is None:
        state = BatchState.WAITING
    conn.execute(
        update(BATCHES).where(BATCHES.c.id == batch_id).values(state=state, stop_reason=None)
    )
    held = (TASKS.c.batch_id == batch_id, TASKS.c.state == TaskState.HELD)
    conn.execute(
        update(TASKS).where(*held, TASKS.c.retry_at.is_not(None)).values(state=TaskState.SCHEDULED)
    )
    conn.execute(update(TASKS).where(*held).values(state=TaskState.BLOCKED))
    release_blocked_tasks(conn, batch_id)
    running = conn.execute(
        select(TASKS.c.id).where(TASKS.c.batch_id == batch_id, TASKS.c.state == TaskState.RUNNING)
    ).scalars()
    settle_tasks(conn, list(running))  # spread tasks with places still open
    return state


def set_batch_priority(session: Session, batch_id: int, priority: int) -> None:
    """Change a batch's priority (lower is more urgent), for its waiting tasks too."""
    check_priority(priority)
    conn = session.connection()
    _batch(conn, batch_id)
    conn.execute(update(READY).where(READY.c.batch_id == batch_id).values(priority=priority))
    conn.execute(update(BATCHES).where(BATCHES.c.id == batch_id).values(priority=priority))
