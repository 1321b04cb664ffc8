"""Leases: bulk renewal, cheap polling for stops, the reaper and the retry dispatcher.

A host renews the leases of the attempts whose phone is alive; an attempt whose
lease runs out (its PC died, its phone hung) is failed as ``lease_expired`` by the
reaper, which any host may run at any time, concurrently with others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select, update

from db.clock import db_now, db_now_plus
from db.models import AdminState
from db.pool.driver import DriverStatement
from db.pool.failures import stop_cause
from db.pool.finish import finish_runs
from db.pool.reasons import reason
from db.pool.settle import settle_finished_batches, settle_tasks
from db.pool.sql import BATCHES, DEVICES, RUNS, TASKS
from db.pool.states import BatchState, ErrorClass, RunStatus
from db.pool.values import RunReport, StopRequest

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

REAPER_INDEX = "FORCE INDEX (ix_pool_runs_status_lease_expires_at)"
RETRY_INDEX = "FORCE INDEX (ix_pool_tasks_retry_at)"
# How long past its maximum run time an attempt may go on before the reaper ends it;
# the host normally stops it first, on its own poll.
TIMEOUT_GRACE_S = 30


def renew_leases(session: Session, host_id: int, run_ids: Sequence[int]) -> list[int]:
    """Extend the leases of this host's running attempts; return those it still holds."""
    if not run_ids:
        return []
    ids = sorted(set(run_ids))
    mine = (RUNS.c.id.in_(ids), RUNS.c.host_id == host_id, RUNS.c.status == RunStatus.RUNNING)
    session.execute(update(RUNS).where(*mine).values(lease_expires_at=db_now_plus(RUNS.c.lease_s)))
    return [int(run_id) for run_id in session.execute(select(RUNS.c.id).where(*mine)).scalars()]


_OVERDUE = RUNS.c.deadline_at <= db_now()
_MUST_STOP = (
    (BATCHES.c.state == BatchState.STOPPED)
    | TASKS.c.stop_state.is_not(None)
    | (DEVICES.c.admin_state == AdminState.STOPPED)
    | _OVERDUE
)
_OF_THE_HOST = (RUNS.c.host_id == bindparam("host"), RUNS.c.status == RunStatus.RUNNING)
_JOINED = (
    RUNS.join(TASKS, TASKS.c.id == RUNS.c.task_id)
    .join(BATCHES, BATCHES.c.id == RUNS.c.batch_id)
    .outerjoin(DEVICES, DEVICES.c.id == RUNS.c.device_id)
)
# Almost every poll finds nothing: it asks for the ids alone (the driver parses a
# description per column of an answer, rows or none), and the why only when one is due.
_RUNS_TO_STOP = DriverStatement(
    select(RUNS.c.id).select_from(_JOINED).where(*_OF_THE_HOST, _MUST_STOP)
)
_WHY_THEY_STOP = (
    select(
        RUNS.c.id,
        _OVERDUE.label("overdue"),
        BATCHES.c.id.label("batch_id"),
        BATCHES.c.state,
        BATCHES.c.stop_reason,
        BATCHES.c.stop_kill,
        BATCHES.c.timeout_s,
        TASKS.c.id.label("task_id"),
        TASKS.c.stop_state,
        TASKS.c.reason,
        DEVICES.c.admin_state,
        DEVICES.c.admin_reason,
    )
    .select_from(_JOINED)
    .where(*_OF_THE_HOST, _MUST_STOP, RUNS.c.id.in_(bindparam("runs", expanding=True)))
)


def poll_stop_requests(session: Session, host_id: int) -> list[StopRequest]:
    """Running attempts of this host that must stop now: an operator's stop, or timeout.

    One indexed read (host, status) joined by primary keys, of the ids alone; cheap
    enough to run every few hundred milliseconds. A second read says why, only when
    one is found. Read-only: on SQLite run it in a deferred transaction.
    """
    found = _RUNS_TO_STOP.execute(session.connection(), {"host": host_id}).scalars()
    if not found:
        return []
    rows = session.execute(_WHY_THEY_STOP, {"host": host_id, "runs": list(found)}).all()
    requests = []
    for row in rows:
        batch = _Facts(id=row.batch_id, state=row.state, stop_reason=row.stop_reason)
        task = _Facts(id=row.task_id, stop_state=row.stop_state, reason=row.reason)
        cause = stop_cause(batch, task, row.admin_state, row.admin_reason)
        if cause is not None:
            kill = bool(row.stop_kill) and row.state == BatchState.STOPPED
            requests.append(StopRequest(row.id, ErrorClass.CANCELLED, cause, kill=kill))
        else:
            why = reason("ran_past", seconds=row.timeout_s)
            requests.append(StopRequest(row.id, ErrorClass.TIMEOUT, why))
    return requests


class _Facts:
    """Attribute access over keyword values, for stop_cause."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


def reap_expired_leases(session: Session, limit: int = 200) -> int:
    """Fail attempts whose lease ran out (or that overran their time); return how many.

    Then repair what a lost settle left: open batches whose tasks have all ended.
    """
    now = db_now()
    expired = session.execute(
        select(RUNS.c.id, RUNS.c.lease_s)
        .with_hint(RUNS, REAPER_INDEX, "mysql")
        .where(RUNS.c.status == RunStatus.RUNNING, RUNS.c.lease_expires_at < now)
        .order_by(RUNS.c.lease_expires_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    reports = [
        (
            row.id,
            RunReport.failure(
                ErrorClass.LEASE_EXPIRED,
                f"lease expired: its host did not renew it within {row.lease_s} s",
            ),
        )
        for row in expired
    ]
    overdue = session.execute(
        select(RUNS.c.id)
        .with_hint(RUNS, REAPER_INDEX, "mysql")
        .where(
            RUNS.c.status == RunStatus.RUNNING,
            RUNS.c.deadline_at < db_now_plus(-TIMEOUT_GRACE_S),
            RUNS.c.id.not_in([row.id for row in expired] or [0]),
        )
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).scalars()
    reports += [
        (
            int(run_id),
            RunReport.failure(
                ErrorClass.TIMEOUT, "ran past its maximum run time and was not stopped by its host"
            ),
        )
        for run_id in overdue
    ]
    results = finish_runs(session, reports) if reports else []
    settle_finished_batches(session.connection())
    return sum(1 for result in results if result.accepted)


def dispatch_due_retries(session: Session, limit: int = 500) -> int:
    """Make tasks whose retry time has come claimable again; return how many were due."""
    due = session.execute(
        select(TASKS.c.id)
        .with_hint(TASKS, RETRY_INDEX, "mysql")
        .where(TASKS.c.retry_at <= db_now())
        .order_by(TASKS.c.retry_at)
        .limit(limit)
    ).scalars()
    ids = [int(task_id) for task_id in due]
    settle_tasks(session.connection(), ids)
    return len(ids)


def abandon_device_runs(session: Session, device_ids: Sequence[int]) -> int:
    """Fail the attempts still marked running on these phones; call when a PC restarts.

    A restarted agent cannot resume what its previous process ran; rather than wait
    for those leases to run out, it ends them now (as ``lease_expired``, retried).
    """
    stale = session.execute(
        select(RUNS.c.id).where(
            RUNS.c.status == RunStatus.RUNNING, RUNS.c.device_id.in_(list(device_ids))
        )
    ).scalars()
    report = RunReport.failure(ErrorClass.LEASE_EXPIRED, "abandoned: its PC restarted")
    results = finish_runs(session, [(int(run_id), report) for run_id in stale])
    return sum(1 for result in results if result.accepted)
