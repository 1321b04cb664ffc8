"""What each error class does to a task: the retry, exclusion and cancel rules.

- retryable, timeout, lease_expired: spend one attempt of the budget; retry after a
  jittered exponential backoff; fail when the budget is spent.
- device: costs no attempt. Each-device: the task fails (it exists for that phone
  only). Pool/spread: the account (or phone) is barred from the rest of the batch
  (from this task only when the flow says the cause is the task's), and the task
  goes straight back to the pool; it fails when no eligible account is left. Each
  such failure is noted on the phone; after ``drain_after`` of them across batches
  the phone is drained and raised to the operator (``devices.attention``).
- fatal: the task fails now, and the pipeline work that depends on it is cancelled.
- cancelled: costs nothing; the stop's cause decides (batch or task stop: cancelled;
  phone stop: back to the pool, or each-device waits for the phone or is skipped).
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update

from db.alerts import raised as alerts
from db.clock import db_now
from db.models import AdminState
from db.pool.placement import is_restricted, load_batches, lock_ready_row
from db.pool.reasons import reason
from db.pool.roster import actors_left, batch_allow_list, fleet_actors
from db.pool.settle import (
    WAITING_TASK_STATES,
    cancel_downstream_of_task,
    lock_batch,
    settle_tasks,
)
from db.pool.sql import (
    ACTORS,
    BARS,
    BATCHES,
    DEVICES,
    READY,
    RUNS,
    TASKS,
    add_to_share,
    clip,
    insert_ignoring_duplicates,
)
from db.pool.states import (
    COSTED_CLASSES,
    ActorRole,
    BatchState,
    ErrorClass,
    Mode,
    TaskState,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from db.pool.values import RunReport

MAX_BACKOFF_S = 1800.0
# Device-class failures of a phone's account, across batches, before the pool drains
# the phone and raises it to the operator (app setting drain_after_device_failures).
DRAIN_AFTER_DEVICE_FAILURES = 3


def backoff_seconds(base: float, failed_attempts: int) -> float:
    """Exponential backoff with equal jitter: half fixed, half random, capped at 30 min."""
    if base <= 0:
        return 0.0
    ceiling = min(MAX_BACKOFF_S, base * math.pow(2, max(failed_attempts - 1, 0)))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def apply_failure(
    conn: Connection,
    run: Any,
    report: RunReport,
    *,
    complete: bool = True,
    drain_after: int = DRAIN_AFTER_DEVICE_FAILURES,
) -> dict[int, TaskState]:
    """Apply a closed, failed attempt's error class to its task; return the task's state.

    ``complete=False`` leaves completing the batch to the caller (after its other rows).
    """
    error_class = report.error_class
    assert error_class is not None
    message = report.message or error_class.value
    batch = load_batches(conn, [run.batch_id])[run.batch_id]
    lock_ready_row(conn, run.task_id)
    task = conn.execute(select(TASKS).where(TASKS.c.id == run.task_id).with_for_update()).one()
    changes: dict[str, Any] = {"running_count": TASKS.c.running_count - 1}
    retry_in: dict[int, float] = {}
    if error_class != ErrorClass.CANCELLED:
        changes.update(last_error_class=error_class, reason=clip(message, 512))
    if error_class in COSTED_CLASSES:
        changes["failed_attempts"] = TASKS.c.failed_attempts + 1
        retry_in[task.id] = backoff_seconds(batch.retry_delay_s, task.failed_attempts + 1)
    elif error_class == ErrorClass.DEVICE:
        changes.update(_device_failure(conn, run, batch, task, report, drain_after))
    elif error_class == ErrorClass.FATAL:
        changes.update(stop_state=TaskState.FAILED)
    if error_class != ErrorClass.DEVICE:
        _release_slot(conn, run, batch, task)
    conn.execute(update(TASKS).where(TASKS.c.id == task.id).values(**changes))
    if error_class == ErrorClass.DEVICE and batch.mode != Mode.EACH_DEVICE:
        _fail_if_nobody_left(conn, task.id, batch, message, report.error_code)
        if not report.task_only:
            _fail_batch_if_nobody_left(conn, task.id, batch, message, report.error_code)
    if error_class == ErrorClass.CANCELLED:
        _record_stop_cause(conn, run, batch, task)
    if error_class == ErrorClass.FATAL:
        alerts.fatal_failure(conn, run, report)  # a person must look (issue 12)
        # Before the task settles: its batch completing would otherwise release the
        # batches waiting on it.
        why = reason("upstream_failed", task=task.id, message=message)
        cancel_downstream_of_task(conn, task.id, clip(why, 512) or why)
    state = settle_tasks(conn, [task.id], retry_in, complete=complete)[task.id].state
    return {task.id: state}


def _release_slot(conn: Connection, run: Any, batch: Any, task: Any) -> None:
    """Give back a spread member's place and share after an attempt that did not succeed."""
    if task.required > 1:
        conn.execute(
            delete(ACTORS).where(
                ACTORS.c.task_id == task.id,
                ACTORS.c.actor == run.actor,
                ACTORS.c.role == ActorRole.MEMBER,
            )
        )
    if batch.mode == Mode.SPREAD and batch.share_cap:
        add_to_share(conn, batch.id, run.actor, -1)


def _device_failure(
    conn: Connection, run: Any, batch: Any, task: Any, report: RunReport, drain_after: int
) -> dict[str, Any]:
    message = report.message or ErrorClass.DEVICE.value
    changes: dict[str, Any] = {"device_fails": TASKS.c.device_fails + 1}
    if batch.mode == Mode.EACH_DEVICE:
        # The task exists for this phone alone: its device error is its result.
        changes.update(stop_state=TaskState.FAILED)
        if not report.task_only:
            note_device_problem(conn, run.device_id, report, drain_after)
        return changes
    reason = clip(message, 255)
    if not report.task_only and bar_from_batch(conn, batch.id, run.actor, reason):
        note_device_problem(conn, run.device_id, report, drain_after)
    moved = conn.execute(
        update(ACTORS)
        .where(ACTORS.c.task_id == task.id, ACTORS.c.actor == run.actor)
        .values(role=ActorRole.EXCLUDED, reason=reason)
    )
    if moved.rowcount == 0:
        conn.execute(
            insert(ACTORS).values(
                task_id=task.id,
                actor=run.actor,
                role=ActorRole.EXCLUDED,
                reason=reason,
                created_at=db_now(),
            )
        )
    if batch.mode == Mode.SPREAD and batch.share_cap:
        add_to_share(conn, batch.id, run.actor, -1)
    return changes


def bar_from_batch(conn: Connection, batch_id: int, actor: str, reason: str | None) -> bool:
    """Bar an account (or phone) from every task of a batch; True when it is new.

    The batch row is locked first, so two bars landing at once are counted one after
    the other and the second sees the first when it asks who is left.
    """
    batch = lock_batch(conn, batch_id)
    added = conn.execute(
        insert_ignoring_duplicates(conn, BARS).values(
            batch_id=batch_id, actor=actor, reason=reason, created_at=db_now()
        )
    ).rowcount
    if not added:
        return False
    conn.execute(
        update(BATCHES).where(BATCHES.c.id == batch_id).values(barred=BATCHES.c.barred + 1)
    )
    # Its ready rows are checked against the bars from now on (new ones are, too).
    conn.execute(
        update(READY)
        .where(READY.c.batch_id == batch_id, READY.c.listed.is_(False))
        .values(listed=True)
    )
    if batch is not None:
        _widen_share(conn, batch)
    return True


def _widen_share(conn: Connection, batch: Any) -> None:
    """Spread: the accounts still eligible take up the share of one just barred.

    The cap per account is an even share counted at submit (or the operator's
    ``per_account``). Once accounts are barred, the others together may no longer be
    allowed every task, and the rest would wait forever (found by ``bench soak``:
    restricted accounts stranded 32 of 800 spread tasks). The cap is raised to the
    even share over the accounts left, never lowered.
    """
    if batch.mode != Mode.SPREAD or not batch.share_cap:
        return
    allowed = batch_allow_list(conn, batch.id) if is_restricted(batch) else None
    barred = set(conn.execute(select(BARS.c.actor).where(BARS.c.batch_id == batch.id)).scalars())
    left = len(fleet_actors(conn, bool(batch.needs_account), allowed) - barred)
    if not left:
        return  # nobody left: _fail_batch_if_nobody_left ends the batch's tasks
    even = math.ceil(batch.task_count * batch.successes / left)
    if even <= batch.share_cap:
        return
    conn.execute(update(BATCHES).where(BATCHES.c.id == batch.id).values(share_cap=even))
    conn.execute(update(READY).where(READY.c.batch_id == batch.id).values(share_cap=even))


def note_device_problem(
    conn: Connection, device_id: int | None, report: RunReport, drain_after: int
) -> None:
    """Note a device-class failure on the phone; drain it and raise it at ``drain_after``.

    Counted once per batch the account was barred from (or per each-device task it
    failed), until the operator resumes the phone. ``drain_after`` 0: never drain.
    """
    if device_id is None:
        return
    message = clip(report.message or ErrorClass.DEVICE.value, 255)
    conn.execute(
        update(DEVICES)
        .where(DEVICES.c.id == device_id)
        .values(
            problem=message,
            problem_code=clip(report.error_code, 64),
            problem_count=DEVICES.c.problem_count + 1,
        )
    )
    device = conn.execute(
        select(DEVICES.c.problem_count, DEVICES.c.admin_state).where(DEVICES.c.id == device_id)
    ).one()
    if drain_after <= 0 or device.problem_count < drain_after:
        return
    if device.admin_state != AdminState.ENABLED:
        return
    why = clip(reason("drained", count=device.problem_count, message=message), 255)
    conn.execute(
        update(DEVICES)
        .where(DEVICES.c.id == device_id)
        .values(admin_state=AdminState.DRAINING, admin_reason=why, attention=why)
    )


def _fail_batch_if_nobody_left(
    conn: Connection, task_id: int, batch: Any, message: str, code: str | None
) -> None:
    """Fail the batch's waiting tasks once every account that could take them is barred."""
    if not batch.needs_device:
        return
    allowed = batch_allow_list(conn, batch.id) if is_restricted(batch) else None
    barred = set(conn.execute(select(BARS.c.actor).where(BARS.c.batch_id == batch.id)).scalars())
    if fleet_actors(conn, bool(batch.needs_account), allowed) - barred:
        return
    waiting = [
        int(tid)
        for tid in conn.execute(
            select(TASKS.c.id).where(
                TASKS.c.batch_id == batch.id,
                TASKS.c.id != task_id,
                TASKS.c.state.in_(list(WAITING_TASK_STATES)),
            )
        ).scalars()
    ]
    if not waiting:
        return
    why = reason("nobody_left_barred", count=len(barred), message=message)
    conn.execute(
        update(TASKS)
        .where(TASKS.c.id.in_(waiting))
        .values(stop_state=TaskState.FAILED, reason=clip(why, 512))
    )
    settle_tasks(conn, waiting, complete=False)
    alerts.no_eligible_account(conn, batch.id, waiting, len(barred), code)


def _fail_if_nobody_left(
    conn: Connection, task_id: int, batch: Any, message: str, code: str | None
) -> None:
    if not batch.needs_device:
        return  # host-side flows: any PC may pick it up again
    task = conn.execute(select(TASKS).where(TASKS.c.id == task_id)).one()
    still_needed = task.required - task.succeeded_count - task.running_count
    if still_needed <= 0 or actors_left(conn, task_id, batch, is_restricted(batch)):
        return
    excluded = conn.execute(
        select(func.count())
        .select_from(ACTORS)
        .where(ACTORS.c.task_id == task_id, ACTORS.c.role == ActorRole.EXCLUDED)
    ).scalar_one()
    why = reason("nobody_left_excluded", count=excluded, message=message)
    conn.execute(
        update(TASKS)
        .where(TASKS.c.id == task_id)
        .values(stop_state=TaskState.FAILED, reason=clip(why, 512))
    )
    alerts.no_eligible_account(conn, batch.id, [task_id], int(excluded), code)


def stop_cause(batch: Any, task: Any, device_state: Any, device_reason: str | None) -> str | None:
    """Why a running attempt must stop (operator stops only), or None."""
    if batch.state == BatchState.STOPPED:
        return str(batch.stop_reason or reason("batch_id_stopped", batch=batch.id))
    if task.stop_state is not None:
        return str(task.reason or reason("task_id_stopped", task=task.id))
    if device_state == AdminState.STOPPED:
        return device_reason or reason("phone_stopped_plain")
    return None


def _record_stop_cause(conn: Connection, run: Any, batch: Any, task: Any) -> None:
    device = None
    if run.device_id is not None:
        device = conn.execute(
            select(DEVICES.c.admin_state, DEVICES.c.admin_reason).where(
                DEVICES.c.id == run.device_id
            )
        ).first()
    cause = stop_cause(
        batch,
        task,
        device.admin_state if device else None,
        device.admin_reason if device else None,
    )
    conn.execute(
        update(RUNS)
        .where(RUNS.c.id == run.id)
        .values(stop_reason=clip(cause or reason("stopped_by_worker"), 255))
    )
