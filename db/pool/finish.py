"""Finish attempts, fenced by their run id, and apply each error class's rule.

A report is applied only while the attempt still holds its lease (status
``running``); otherwise it is kept on the record as ``late_result`` and changes
nothing else, so a worker whose lease was lost can never mark a task done.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select, update

from db.clock import db_now
from db.dispatch.outbox import record_finished_runs, submitted_by_api
from db.pool.driver import DriverStatement
from db.pool.errors import NotFound
from db.pool.failures import DRAIN_AFTER_DEVICE_FAILURES, apply_failure
from db.pool.placement import lock_ready_row
from db.pool.settle import complete_batches, settle_tasks
from db.pool.sql import ACTORS, RUNS, TASKS, clip, elapsed_ms, from_json, to_json
from db.pool.states import TERMINAL_TASK_STATES as TERMINAL
from db.pool.states import ErrorClass, RunStatus, TaskState
from db.pool.values import FinishResult, RunReport

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def finish_run(
    session: Session,
    run_id: int,
    report: RunReport,
    *,
    drain_after: int = DRAIN_AFTER_DEVICE_FAILURES,
) -> FinishResult:
    """Apply how one attempt ended; see ``finish_runs``."""
    return finish_runs(session, [(run_id, report)], drain_after=drain_after)[0]


def finish_runs(
    session: Session,
    reports: Sequence[tuple[int, RunReport]],
    *,
    drain_after: int = DRAIN_AFTER_DEVICE_FAILURES,
    claimed_in: Collection[int] = (),
) -> list[FinishResult]:
    """Apply how attempts ended, in one transaction; one result per report, in order.

    ``accepted`` is False for an attempt that no longer held its lease: its report
    is stored as the record's late result and nothing else changes. ``drain_after``:
    device-class failures of a phone's account, across batches, before it is drained.
    ``claimed_in``: batches in which this same transaction has just claimed a task.
    That task commits running with this finish, and whoever ends it settles the
    batch, so this finish does not check (nor lock anything to know) whether it must.
    """
    conn = session.connection()
    for _, report in reports:
        _check_report(report)
    if len({run_id for run_id, _ in reports}) != len(reports):
        raise ValueError("an attempt is reported twice in one finish")
    runs = _close_runs(conn, reports)
    unclosed = [(run_id, report) for run_id, report in reports if run_id not in runs]
    again = _recorded_before(conn, unclosed)
    for run_id, report in unclosed:
        if run_id not in again:
            _keep_late_result(conn, run_id, report)
    states: dict[int, TaskState | None] = {}
    done = [runs[run_id] for run_id, report in reports if run_id in runs and report.succeeded]
    states.update(_apply_successes(conn, done))
    for run_id, report in reports:
        if run_id in runs and not report.succeeded:
            states.update(
                apply_failure(conn, runs[run_id], report, complete=False, drain_after=drain_after)
            )
    # Last, once every task row is written: the batch rows come after tasks in the
    # pool's lock order.
    ended = {run.batch_id for run in runs.values() if states.get(run.task_id) in TERMINAL}
    complete_batches(conn, ended.difference(claimed_in))
    record_finished_runs(conn, runs)  # the callbacks commit with the results (issue 11)
    return [
        FinishResult(run_id, True, states.get(runs[run_id].task_id))
        if run_id in runs
        else FinishResult(run_id, run_id in again, again.get(run_id))
        for run_id, _ in reports
    ]


def _check_report(report: RunReport) -> None:
    if report.succeeded and report.error_class is not None:
        raise ValueError("a successful report carries no error class")
    if not report.succeeded and report.error_class is None:
        raise ValueError("a failed report needs an error class")


def _close_runs(conn: Connection, reports: Sequence[tuple[int, RunReport]]) -> dict[int, Any]:
    """Close the attempts that still hold their lease; return them by id.

    Identical success reports (the common case) are closed by one statement, after
    one read that locks those still running: exactly the rows this statement closes.
    Reading back which rows say "succeeded" afterwards is not the same: a report sent
    again after the database's answer to it was lost (the commit went through, the
    connection did not) finds its run succeeded already, and would be counted twice.
    """
    groups: dict[RunReport, list[int]] = defaultdict(list)
    for run_id, report in reports:
        groups[report].append(run_id)
    closed: dict[int, Any] = {}
    singles: list[int] = []
    for report, ids in groups.items():
        if len(ids) == 1 or not report.succeeded:
            singles.extend(run_id for run_id in ids if _close_run(conn, [run_id], report) == 1)
            continue
        running = list(_LOCK_RUNNING.execute(conn, {"runs": ids}).scalars())
        if running:
            _close_run(conn, running, report)
            closed.update(_load_runs(conn, _LOAD_SUCCESSES, running))
    all_succeeded = all(report.succeeded for report in groups)
    closed.update(_load_runs(conn, _LOAD_SUCCESSES if all_succeeded else _LOAD_RUNS, singles))
    return closed


def _status_of(report: RunReport) -> RunStatus:
    if report.succeeded:
        return RunStatus.SUCCEEDED
    if report.error_class == ErrorClass.CANCELLED:
        return RunStatus.CANCELLED
    return RunStatus.FAILED


def _close_run(conn: Connection, run_ids: list[int], report: RunReport) -> int:
    result = _CLOSE_RUNS.execute(
        conn,
        {
            "runs": run_ids,
            "status": _status_of(report),
            "error_class": report.error_class,
            "error_code": clip(report.error_code, 64),
            "failure_report": _report_json(report),
            "error_message": clip(report.message, 1024),
            "failed_step": clip(report.step, 128),
        },
    )
    return result.rowcount


# The runs of a group of identical reports that still hold their lease, locked until
# the transaction ends: the ones its close will close.
_LOCK_RUNNING = DriverStatement(
    select(RUNS.c.id)
    .where(RUNS.c.id.in_(bindparam("runs", expanding=True)), RUNS.c.status == RunStatus.RUNNING)
    .with_for_update()
)


# Fenced: only a run still holding its lease (status running) is closed.
_CLOSE_RUNS = DriverStatement(
    update(RUNS)
    .where(RUNS.c.id.in_(bindparam("runs", expanding=True)), RUNS.c.status == RunStatus.RUNNING)
    .values(
        status=bindparam("status"),
        error_class=bindparam("error_class"),
        error_code=bindparam("error_code"),
        failure_report=bindparam("failure_report"),
        error_message=bindparam("error_message"),
        failed_step=bindparam("failed_step"),
        finished_at=db_now(),
        duration_ms=elapsed_ms(RUNS.c.started_at),
        lease_expires_at=None,
        exclusive_task_id=None,
    )
)


MAX_REPORT_CHARS = 60_000  # a TEXT column holds 64 KiB on MySQL


def _report_json(report: RunReport) -> str | None:
    text = report.failure_report
    if text is None or len(text) <= MAX_REPORT_CHARS:
        return text
    # A runaway report keeps its phone state, not its trail.
    found = from_json(text)
    if isinstance(found, dict):
        return to_json({**found, "breadcrumbs": [], "cut": True})[:MAX_REPORT_CHARS]
    return None


def late_result_json(report: RunReport, reported_at: Any) -> str:
    """The late result kept on a record whose lease was lost before its worker reported."""
    return to_json(
        {
            "status": "succeeded" if report.succeeded else "failed",
            "error_class": report.error_class.value if report.error_class else None,
            "error_code": report.error_code,
            "message": clip(report.message, 1024),  # a TEXT column: bounded bytes
            "step": report.step,
            "reported_at": reported_at,
        }
    )


def _recorded_before(
    conn: Connection, reports: Sequence[tuple[int, RunReport]]
) -> dict[int, TaskState | None]:
    """Of reports whose run was closed already, those that closed it: each one's task
    state. A host sends a report again when the database's answer to it was lost (the
    commit went through, the connection did not); that report was applied, and is
    acknowledged as such: no late result, nothing counted or announced twice. Only the
    lease holder writes a success or its own failure; the reaper's and the restart's
    are lease_expired, which no worker reports of itself."""
    if not reports:
        return {}
    rows = {
        row.id: row
        for row in conn.execute(
            select(RUNS.c.id, RUNS.c.status, RUNS.c.error_class, RUNS.c.error_code, TASKS.c.state)
            .join(TASKS, TASKS.c.id == RUNS.c.task_id)
            .where(RUNS.c.id.in_([run_id for run_id, _ in reports]))
        )
    }
    return {
        run_id: rows[run_id].state
        for run_id, report in reports
        if run_id in rows and _says_the_same(rows[run_id], report)
    }


def _says_the_same(run: Any, report: RunReport) -> bool:
    if report.succeeded:
        return bool(run.status == RunStatus.SUCCEEDED)
    return bool(
        run.status == _status_of(report)
        and run.error_class == report.error_class
        and run.error_code == clip(report.error_code, 64)
    )


def _keep_late_result(conn: Connection, run_id: int, report: RunReport) -> None:
    now = conn.execute(select(db_now())).scalar_one()
    result = conn.execute(
        update(RUNS).where(RUNS.c.id == run_id).values(late_result=late_result_json(report, now))
    )
    if result.rowcount == 0:
        raise NotFound(f"there is no attempt {run_id}")


# What a success needs of its run (its task and batch, the exclusions to clear, the
# API's record); a failure needs the rest too. Fewer columns: the driver parses a
# description per column of every answer, a fifth of the agent's CPU in bench pool.
_SUCCESS_COLUMNS = (
    RUNS.c.id,
    RUNS.c.task_id,
    RUNS.c.batch_id,
    TASKS.c.device_fails,
    submitted_by_api(RUNS.c.batch_id),
)
_FAILURE_COLUMNS = (
    RUNS.c.actor,
    RUNS.c.device_id,
    RUNS.c.host_id,
    RUNS.c.flow,  # these three name a fatal failure's alert
    RUNS.c.device_serial,
    RUNS.c.host_name,
)
_LOAD_SUCCESS_QUERY = (
    select(*_SUCCESS_COLUMNS)
    .join(TASKS, TASKS.c.id == RUNS.c.task_id)
    .where(RUNS.c.id.in_(bindparam("runs", expanding=True)))
)
_LOAD_SUCCESSES = DriverStatement(_LOAD_SUCCESS_QUERY)
_LOAD_RUNS = DriverStatement(_LOAD_SUCCESS_QUERY.add_columns(*_FAILURE_COLUMNS))


def _load_runs(conn: Connection, query: DriverStatement, run_ids: list[int]) -> dict[int, Any]:
    if not run_ids:
        return {}
    return {row.id: row for row in query.execute(conn, {"runs": run_ids})}


# The common case, as one set-based update: a one-success task with one attempt running.
_ONE_SUCCESS_ENDS_TASK = DriverStatement(
    update(TASKS)
    .where(
        TASKS.c.id.in_(bindparam("tasks", expanding=True)),
        TASKS.c.required == 1,
        TASKS.c.running_count == 1,
        TASKS.c.state == TaskState.RUNNING,
    )
    .values(
        succeeded_count=TASKS.c.succeeded_count + 1,
        running_count=0,
        state=TaskState.SUCCEEDED,
        retry_at=None,
        finished_at=db_now(),
    )
)


def _apply_successes(conn: Connection, runs: list[Any]) -> dict[int, TaskState | None]:
    """Count successes; the common case (a one-success task) is one set-based update.

    Batches are not completed here: ``finish_runs`` does that last, for all reports.
    """
    if not runs:
        return {}
    per_task = Counter(run.task_id for run in runs)
    singles = [tid for tid, n in per_task.items() if n == 1]
    fast_count = 0
    if singles:
        fast_count = _ONE_SUCCESS_ENDS_TASK.execute(conn, {"tasks": singles}).rowcount
    if fast_count == len(per_task):
        states: dict[int, TaskState | None] = dict.fromkeys(singles, TaskState.SUCCEEDED)
    else:
        states = dict(
            conn.execute(
                select(TASKS.c.id, TASKS.c.state).where(TASKS.c.id.in_(list(per_task)))
            ).all()
        )
    fast = [tid for tid in singles if states.get(tid) == TaskState.SUCCEEDED]
    if fast:
        excluded_from = [r.task_id for r in runs if r.task_id in fast and r.device_fails]
        if excluded_from:  # its exclusions served their purpose
            conn.execute(delete(ACTORS).where(ACTORS.c.task_id.in_(excluded_from)))
    slow = [tid for tid in per_task if tid not in fast]
    for task_id in slow:
        lock_ready_row(conn, task_id)
        conn.execute(
            update(TASKS)
            .where(TASKS.c.id == task_id, TASKS.c.running_count >= per_task[task_id])
            .values(
                succeeded_count=TASKS.c.succeeded_count + per_task[task_id],
                running_count=TASKS.c.running_count - per_task[task_id],
            )
        )
    placed = settle_tasks(conn, slow, complete=False)
    states.update({tid: p.state for tid, p in placed.items()})
    return states
