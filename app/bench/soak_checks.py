"""What ``bench soak`` checks at the end, read from the pool and the workers' logs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import distinct, func, or_, select

from db.pool.sql import ITEMS, RUNS, TASKS
from db.pool.states import TERMINAL_TASK_STATES, RunStatus, TaskState
from db.pool.tx import run_transaction

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from app.bench.soak_faults import Applied

# The worker logs one line per attempt it recorded: "LABEL: run 123 succeeded (1.2 s)".
_RECORDED = re.compile(r": run (\d+) (\w+) \(")


def invariants(
    engine: Engine, pipelines: list[tuple[int, int]], logs: list[Path]
) -> dict[str, Any]:
    """The soak's figures: every key of the JSON except ``faults``."""
    logged = logged_runs(logs)
    return run_transaction(engine, lambda s: _invariants(s, pipelines, logged), read_only=True)


def _invariants(
    session: Session, pipelines: list[tuple[int, int]], logged: set[int]
) -> dict[str, Any]:
    successes = (
        select(RUNS.c.task_id, func.count().label("n"))
        .where(RUNS.c.status == RunStatus.SUCCEEDED)
        .group_by(RUNS.c.task_id)
        .subquery()
    )
    n = func.coalesce(successes.c.n, 0)
    joined = TASKS.outerjoin(successes, successes.c.task_id == TASKS.c.id)

    def count(*where: Any) -> int:
        query = select(func.count()).select_from(joined).where(*where)
        return int(session.execute(query).scalar_one())

    succeeded = TASKS.c.state == TaskState.SUCCEEDED
    items, tasks = _fan_out(session, pipelines)
    return {
        "tasks": count(),
        "succeeded_once": count(succeeded, n == TASKS.c.required),
        "double_successes": count(n > TASKS.c.required),
        "left_unfinished": count(TASKS.c.state.not_in(list(TERMINAL_TASK_STATES))),
        "fanout_items": items,
        "fanout_tasks": tasks,
        "records_lost": count(succeeded, n < TASKS.c.required) + _lost_runs(session, logged),
    }


def _lost_runs(session: Session, logged: set[int]) -> int:
    """Attempts without a finished record: still 'running' at the end, logged as recorded
    by a worker but not finished in the pool, or with fewer stored items than counted."""
    running = {
        r for (r,) in session.execute(select(RUNS.c.id).where(RUNS.c.status == RunStatus.RUNNING))
    }
    finished = (
        {
            r
            for (r,) in session.execute(
                select(RUNS.c.id).where(RUNS.c.status != RunStatus.RUNNING, RUNS.c.id.in_(logged))
            )
        }
        if logged
        else set()
    )
    stored = (
        select(ITEMS.c.run_id, func.count().label("n"))
        .where(ITEMS.c.late.is_(False))
        .group_by(ITEMS.c.run_id)
        .subquery()
    )
    short = session.execute(
        select(func.count())
        .select_from(RUNS.outerjoin(stored, stored.c.run_id == RUNS.c.id))
        .where(
            RUNS.c.status == RunStatus.SUCCEEDED,
            RUNS.c.output_count != func.coalesce(stored.c.n, 0),
        )
    ).scalar_one()
    return len(running) + len(logged - finished - running) + int(short)


def _fan_out(session: Session, pipelines: list[tuple[int, int]]) -> tuple[int, int]:
    """(distinct items the upstream stages emitted in time, tasks their downstream got)."""
    items = tasks = 0
    for upstream, downstream in pipelines:
        items += int(
            session.execute(
                select(func.count(distinct(ITEMS.c.dedupe_key))).where(
                    ITEMS.c.batch_id == upstream, ITEMS.c.late.is_(False)
                )
            ).scalar_one()
        )
        tasks += int(
            session.execute(
                select(func.count()).select_from(TASKS).where(TASKS.c.batch_id == downstream)
            ).scalar_one()
        )
    return items, tasks


def logged_runs(logs: list[Path]) -> set[int]:
    """Run ids the workers logged as recorded."""
    found: set[int] = set()
    for path in logs:
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace")
            found.update(int(m.group(1)) for m in _RECORDED.finditer(text))
    return found


def recoveries(engine: Engine, faults: list[Applied]) -> list[dict[str, Any]]:
    """Each fault with the seconds from its end to the first attempt finished after it
    (on the hosts or phones it touched); None when none finished."""
    return run_transaction(
        engine, lambda s: [_recovery(s, fault) for fault in faults], read_only=True
    )


def _recovery(session: Session, fault: Applied) -> dict[str, Any]:
    scope = []
    if fault.hosts:
        scope.append(RUNS.c.host_name.in_(fault.hosts))
    if fault.serials:
        scope.append(RUNS.c.device_serial.in_(fault.serials))
    where = [RUNS.c.finished_at >= fault.ended]
    if scope:
        where.append(or_(*scope))
    first = session.execute(select(func.min(RUNS.c.finished_at)).where(*where)).scalar_one()
    seconds = None if first is None else round((first - fault.ended).total_seconds(), 2)
    return {"kind": fault.kind, "at_s": fault.at_s, "recovery_s": seconds}
