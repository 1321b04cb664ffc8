"""Execution records: one per attempt, filtered and paged by key, never deleted.

Every filter column has its own index; InnoDB (and SQLite) keep the primary key at
the end of each secondary index, so "filter = ? ORDER BY id" reads one index range
and a page costs the same at the millionth record as at the first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from db.artifacts.catalog import artifacts_of_runs
from db.pool.errors import InvalidRequest, Refused
from db.pool.sql import ITEMS, RUNS, TASKS, from_json
from db.pool.states import ErrorClass, RunStatus
from db.pool.values import Record, RecordSummary
from db.time_box import scalar_within

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection
    from sqlalchemy.orm import Session

    from db.artifacts.store import ArtifactInfo
    from db.pool.values import RecordFilter

STATUS_WORDS = sorted({s.value for s in RunStatus} | {c.value for c in ErrorClass})


def record_conditions(flt: RecordFilter) -> list[ColumnElement[bool]]:
    """SQL conditions for a filter; an unknown status word is refused, naming it."""
    conditions: list[ColumnElement[bool]] = []
    for value, column in (
        (flt.account, RUNS.c.account_uid),
        (flt.author, RUNS.c.author_id),
        (flt.flow, RUNS.c.flow),
        (flt.device, RUNS.c.device_serial),
        (flt.host, RUNS.c.host_name),
        (flt.batch, RUNS.c.batch_id),
        (flt.error_code, RUNS.c.error_code),
    ):
        if value is not None:
            conditions.append(column == value)
    if flt.devices is not None:
        conditions.append(RUNS.c.device_serial.in_(flt.devices))
    if flt.status is not None:
        conditions.append(_status_condition(flt.status))
    if flt.since is not None:
        conditions.append(RUNS.c.started_at >= flt.since)
    if flt.until is not None:
        conditions.append(RUNS.c.started_at < flt.until)
    return conditions


def _status_condition(word: str) -> ColumnElement[bool]:
    if word in {s.value for s in RunStatus}:
        return RUNS.c.status == RunStatus(word)
    if word in {c.value for c in ErrorClass}:
        return RUNS.c.error_class == ErrorClass(word)
    choices = ", ".join(STATUS_WORDS)
    raise InvalidRequest(
        f"status: {word!r} is not one of {choices}",
        Refused.NOT_ONE_OF,
        field="status",
        value=word,
        choices=choices,
    )


def query_records(
    session: Session, flt: RecordFilter, *, before_id: int | None = None, limit: int = 100
) -> list[Record]:
    """One page of records matching ``flt``, newest first; page on with the last id."""
    conditions = record_conditions(flt)
    if before_id is not None:
        conditions.append(RUNS.c.id < before_id)
    return fetch_records(session.connection(), conditions, newest_first=True, limit=limit)


def query_record_summaries(
    session: Session, flt: RecordFilter, *, before_id: int | None = None, limit: int = 100
) -> list[RecordSummary]:
    """One page of records matching ``flt``, newest first, without params or items."""
    conditions = record_conditions(flt)
    if before_id is not None:
        conditions.append(RUNS.c.id < before_id)
    rows = session.execute(
        select(*(RUNS.c[name] for name in _SUMMARY_COLUMNS))
        .where(*conditions)
        .order_by(RUNS.c.id.desc())
        .limit(limit)
    ).all()
    return [_to_summary(row) for row in rows]


_SUMMARY_COLUMNS = (
    "id", "batch_id", "flow", "account_uid", "device_serial", "host_name", "author_id",
    "attempt_no", "status", "error_class", "error_code", "error_message", "started_at",
    "finished_at", "output_count",
)  # fmt: skip


def _to_summary(row: Any) -> RecordSummary:
    return RecordSummary(**_run_fields(row))


def _run_fields(row: Any) -> dict[str, Any]:
    """The fields a summary and a full record both take from a run row."""
    return {
        "id": row.id,
        "batch": row.batch_id,
        "flow": row.flow,
        "account": row.account_uid,
        "device": row.device_serial,
        "host": row.host_name,
        "author": row.author_id,
        "attempt": row.attempt_no,
        "status": RunStatus(row.status),
        "error_class": ErrorClass(row.error_class) if row.error_class else None,
        "error_code": row.error_code,
        "error_message": row.error_message,
        "started_at": row.started_at,
        "finished_at": row.finished_at,
        "output_count": row.output_count,
    }


def count_records_up_to(
    session: Session, flt: RecordFilter, cap: int, *, budget_s: float | None = None
) -> int | None:
    """How many records match ``flt``; None when more than ``cap`` do, or (with a budget)
    when counting takes longer than ``budget_s``: sparse matches cost many rows read."""
    matching = select(RUNS.c.id).where(*record_conditions(flt)).limit(cap + 1).subquery()
    query = select(func.count()).select_from(matching)
    found: int | None
    if budget_s is None:
        found = session.execute(query).scalar_one()
    else:
        found = scalar_within(session, query, budget_s)
    return None if found is None or found > cap else int(found)


def record_by_id(session: Session, run_id: int, *, max_items: int | None = None) -> Record | None:
    """One record with its params and first ``max_items`` items (all: None); None if unknown."""
    conn = session.connection()
    row = conn.execute(
        select(RUNS, TASKS.c.params_json)
        .join(TASKS, TASKS.c.id == RUNS.c.task_id)
        .where(RUNS.c.id == run_id)
    ).first()
    if row is None:
        return None
    query = select(ITEMS.c.late, ITEMS.c.data_json).where(ITEMS.c.run_id == run_id)
    rows = conn.execute(query.order_by(ITEMS.c.seq).limit(max_items)).all()
    artifacts = artifacts_of_runs(conn, [run_id]).get(run_id, [])
    return to_record(row, [(bool(late), from_json(data)) for late, data in rows], artifacts)


def fetch_records(
    conn: Connection, conditions: list[ColumnElement[bool]], *, newest_first: bool, limit: int
) -> list[Record]:
    """Records matching SQL conditions, in id order, with their params and outputs."""
    rows = run_rows(conn, conditions, newest_first=newest_first, limit=limit)
    run_ids = [row.id for row in rows]
    items = items_of_runs(conn, run_ids)
    artifacts = artifacts_of_runs(conn, run_ids)
    return [to_record(row, items.get(row.id, []), artifacts.get(row.id)) for row in rows]


def run_rows(
    conn: Connection, conditions: list[ColumnElement[bool]], *, newest_first: bool, limit: int
) -> list[Any]:
    """Attempt rows matching SQL conditions, in id order, with their task's params."""
    order = RUNS.c.id.desc() if newest_first else RUNS.c.id
    return list(
        conn.execute(
            select(RUNS, TASKS.c.params_json)
            .join(TASKS, TASKS.c.id == RUNS.c.task_id)
            .where(*conditions)
            .order_by(order)
            .limit(limit)
        ).all()
    )


def items_of_runs(conn: Connection, run_ids: list[int]) -> dict[int, list[tuple[bool, Any]]]:
    """Each attempt's output items, in emission order, flagged late or not."""
    found: dict[int, list[tuple[bool, Any]]] = defaultdict(list)
    if run_ids:
        rows = conn.execute(
            select(ITEMS.c.run_id, ITEMS.c.late, ITEMS.c.data_json)
            .where(ITEMS.c.run_id.in_(run_ids))
            .order_by(ITEMS.c.run_id, ITEMS.c.seq)
        )
        for run_id, late, data in rows:
            found[run_id].append((bool(late), from_json(data)))
    return found


def to_record(
    row: Any, items: list[tuple[bool, Any]], artifacts: list[ArtifactInfo] | None = None
) -> Record:
    """A plain Record from a joined run row and its items."""
    late = from_json(row.late_result)
    late_items = [data for is_late, data in items if is_late]
    if late_items:
        late = {**(late or {}), "outputs": late_items}
    return Record(
        **_run_fields(row),
        task=row.task_id,
        params=from_json(row.params_json),
        step=row.failed_step,
        duration_ms=row.duration_ms,
        outputs=[data for is_late, data in items if not is_late],
        stop_reason=row.stop_reason,
        artifacts=artifacts or [],
        failure_report=from_json(row.failure_report),
        late_result=late,
    )
