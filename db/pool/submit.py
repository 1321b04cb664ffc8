"""Submit batches and pipelines, extend a running batch, retry a batch's failures.

Everything is checked before the first write, and all writes of one call belong to
the caller's one transaction: a refused request leaves nothing behind.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from db.clock import db_now
from db.models import AdminState
from db.pool import keys, pipeline
from db.pool.errors import InvalidRequest, NotFound, Refused
from db.pool.roster import fleet_actors, resolve_targets
from db.pool.settle import complete_batches, lock_batch, release_blocked_tasks
from db.pool.sql import BATCH_TARGETS, BATCHES, DEVICES, TASKS, clip, from_json, to_json
from db.pool.states import BatchState, ErrorClass, Mode, TargetKind, TaskState
from db.pool.validation import check_spec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from db.pool.values import BatchSpec, PipelineStage, Targets

MAX_TASKS = 1_000_000


def submit_batch(session: Session, spec: BatchSpec) -> int:
    """Check and store one batch with its tasks; return the batch id."""
    return _submit(session.connection(), spec)


def submit_pipeline(session: Session, stages: Sequence[PipelineStage]) -> list[int]:
    """Store every stage of a pipeline, in order; return the batch ids in stage order."""
    if not stages:
        raise InvalidRequest("pipeline: it has no stages")
    conn = session.connection()
    ids: list[int] = []
    for number, stage in enumerate(stages, start=1):
        spec = stage.spec
        if stage.after_stage is not None:
            if not 0 <= stage.after_stage < number - 1:
                raise InvalidRequest(f"stage {number}: 'after' must name an earlier stage")
            spec = _with_after(spec, ids[stage.after_stage])
        try:
            ids.append(_submit(conn, spec))
        except InvalidRequest as exc:
            raise InvalidRequest(
                f"stage {number} ({spec.flow}): {exc}", exc.code, **exc.details
            ) from None
    return ids


def _with_after(spec: BatchSpec, batch_id: int) -> BatchSpec:
    return replace(spec, after_batch_id=batch_id)


def _submit(conn: Connection, spec: BatchSpec) -> int:
    check_spec(spec)
    upstream = _upstream(conn, spec)
    roster = resolve_targets(conn, spec.targets)
    if spec.mode == Mode.EACH_DEVICE and not roster:
        raise InvalidRequest("targets: no phone or account to run on", Refused.NO_TARGETS)
    share_cap = _share_cap(conn, spec, roster)
    state = _initial_state(spec, upstream)
    batch_id = _insert_batch(conn, spec, state, share_cap, len(roster))
    if spec.mode != Mode.EACH_DEVICE and spec.targets.kind != TargetKind.ALL_DEVICES:
        conn.execute(insert(BATCH_TARGETS), [{"batch_id": batch_id, "target": k} for k in roster])
    if spec.mapping is None:
        _insert_tasks(conn, batch_id, spec, roster)
        release_blocked_tasks(conn, batch_id)
    else:
        assert upstream is not None
        pipeline.backfill_from_items(conn, batch_id, upstream.id)
    complete_batches(conn, [batch_id])  # an empty mapped batch after a finished upstream
    return batch_id


def _upstream(conn: Connection, spec: BatchSpec) -> Any | None:
    if spec.after_batch_id is None:
        return None
    # Share-locked: an upstream completing right now (under its row's exclusive lock)
    # is waited out, so it either sees this batch or this batch sees it finished.
    row = conn.execute(
        select(BATCHES).where(BATCHES.c.id == spec.after_batch_id).with_for_update(read=True)
    ).first()
    if row is None:
        raise NotFound(
            f"after: there is no batch {spec.after_batch_id}",
            Refused.UPSTREAM_MISSING,
            batch=spec.after_batch_id,
        )
    if row.state == BatchState.STOPPED and spec.mapping is None:
        raise InvalidRequest(
            f"after: batch {row.id} was stopped; it will never complete",
            Refused.UPSTREAM_STOPPED,
            batch=row.id,
        )
    if spec.mapping is None and _failed_fatally(conn, row.id):
        raise InvalidRequest(
            f"after: a task of batch {row.id} failed with a fatal error; "
            "what waits on it would be stopped",
            Refused.UPSTREAM_FAILED,
            batch=row.id,
        )
    return row


def _failed_fatally(conn: Connection, batch_id: int) -> bool:
    query = select(TASKS.c.id).where(
        TASKS.c.batch_id == batch_id,
        TASKS.c.state == TaskState.FAILED,
        TASKS.c.last_error_class == ErrorClass.FATAL,
    )
    return conn.execute(query.limit(1)).first() is not None


def _initial_state(spec: BatchSpec, upstream: Any | None) -> BatchState:
    if upstream is None or spec.mapping is not None or upstream.finished_at is not None:
        return BatchState.ACTIVE
    return BatchState.WAITING


def _share_cap(conn: Connection, spec: BatchSpec, roster: list[str]) -> int:
    if spec.mode != Mode.SPREAD:
        return 0
    allowed = None if spec.targets.kind == TargetKind.ALL_DEVICES else set(roster)
    eligible = len(fleet_actors(conn, spec.needs_account, allowed))
    if eligible == 0:
        raise InvalidRequest(
            "mode spread: no phone or account is eligible to take the tasks",
            Refused.NOBODY_ELIGIBLE,
        )
    if spec.successes > eligible:
        raise InvalidRequest(
            f"successes: each task needs {spec.successes} distinct accounts "
            f"but only {eligible} are eligible",
            Refused.TOO_FEW_ACCOUNTS,
            needed=spec.successes,
            eligible=eligible,
        )
    if spec.per_account is not None:
        return spec.per_account
    return math.ceil(_task_total(spec) * spec.successes / eligible)


def _insert_batch(
    conn: Connection, spec: BatchSpec, state: BatchState, share_cap: int, roster_size: int
) -> int:
    count = roster_size if spec.mode == Mode.EACH_DEVICE else _task_total(spec)
    if spec.mapping is not None:
        count = 0
    result = conn.execute(
        insert(BATCHES).values(
            name=clip(spec.name, 128),
            flow=spec.flow,
            mode=spec.mode,
            state=state,
            priority=spec.priority,
            params_json=to_json(spec.params),
            target_kind=spec.targets.kind,
            task_count=count,
            successes=spec.successes,
            share_cap=share_cap,
            max_attempts=spec.max_attempts,
            timeout_s=spec.timeout_s,
            lease_s=spec.lease_s,
            retry_delay_s=spec.retry_delay_s,
            needs_device=spec.needs_device,
            needs_account=spec.needs_account,
            author_param=spec.author_param,
            after_batch_id=spec.after_batch_id,
            map_json=to_json(spec.mapping) if spec.mapping is not None else None,
            pipeline=clip(spec.pipeline, 128),
            stage=clip(spec.stage, 64),
            submitted_by=clip(spec.submitted_by, 128),
            roster_grows=spec.roster_grows,
            created_at=db_now(),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def author_of(params: dict[str, Any], author_param: str | None) -> str | None:
    """The author id a task's parameters name, if the flow has such a parameter."""
    if author_param is None or params.get(author_param) is None:
        return None
    return clip(str(params[author_param]), 64)


def _insert_tasks(conn: Connection, batch_id: int, spec: BatchSpec, roster: list[str]) -> None:
    base = {
        "batch_id": batch_id,
        "state": TaskState.BLOCKED,
        "params_json": to_json(spec.params),
        "author_id": author_of(spec.params, spec.author_param),
        "required": spec.successes,
    }
    if spec.mode == Mode.EACH_DEVICE:
        rows = [{**base, "target": key, "dedupe_key": key} for key in roster]
    elif spec.task_params:
        rows = [
            {
                **base,
                "params_json": to_json(params),
                "target": None,
                "dedupe_key": None,
                "author_id": author_of(params, spec.author_param),
            }
            for params in spec.task_params
        ]
    else:
        rows = [{**base, "target": None, "dedupe_key": None} for _ in range(spec.count)]
    insert_tasks(conn, rows)


def _task_total(spec: BatchSpec) -> int:
    return len(spec.task_params) if spec.task_params else spec.count


def insert_tasks(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert task rows (counters zero, created now), in chunks."""
    stmt = insert(TASKS).values(
        succeeded_count=0,
        running_count=0,
        claim_count=0,
        failed_attempts=0,
        device_fails=0,
        created_at=db_now(),
    )
    for start in range(0, len(rows), 2000):
        conn.execute(stmt, rows[start : start + 2000])


def extend_batch(session: Session, batch_id: int, targets: Targets) -> int:
    """Add each-device tasks for phones or accounts not yet in the batch; return how many."""
    conn = session.connection()
    # Locked: a batch completing now either finds the new tasks or refuses them here.
    batch = lock_batch(conn, batch_id)
    if batch is None:
        raise NotFound(f"there is no batch {batch_id}", Refused.NO_BATCH, batch=batch_id)
    if batch.mode != Mode.EACH_DEVICE:
        raise InvalidRequest(
            f"batch {batch_id} is a {batch.mode} batch; only each-device grows",
            Refused.NOT_EACH_DEVICE,
            batch=batch_id,
            mode=str(batch.mode),
        )
    if _closed(batch):
        raise InvalidRequest(
            f"batch {batch_id} is {batch.state}; it cannot be extended",
            Refused.NOT_EXTENDABLE,
            batch=batch_id,
            state=str(batch.state),
        )
    return _add_roster(conn, batch, resolve_targets(conn, targets))


def join_growing_batches(session: Session, device_id: int) -> list[int]:
    """Give a phone that joined its task in every open each-device batch whose roster
    grows; return those batches' ids (a batch that already has the phone is left).

    Each batch is locked and read again first: a batch that completed in the meantime
    (another PC finished its last task) gets nothing, and one that gets the task
    cannot complete before it runs."""
    conn = session.connection()
    open_batches = conn.execute(
        select(BATCHES.c.id).where(
            BATCHES.c.roster_grows.is_(True),
            BATCHES.c.finished_at.is_(None),
            BATCHES.c.mode == Mode.EACH_DEVICE,
        )
    ).scalars()
    grown = []
    key = keys.device_key(device_id)
    for batch_id in sorted(open_batches):
        batch = lock_batch(conn, batch_id)
        if batch is None or _closed(batch) or not _enabled(conn, device_id):
            continue
        if _add_roster(conn, batch, [key]):
            grown.append(batch_id)
    return grown


def _closed(batch: Any) -> bool:
    return batch.finished_at is not None or batch.state == BatchState.STOPPED


def _enabled(conn: Connection, device_id: int) -> bool:
    state = conn.execute(select(DEVICES.c.admin_state).where(DEVICES.c.id == device_id)).scalar()
    return state is not None and state != AdminState.DISABLED


def _add_roster(conn: Connection, batch: Any, roster: list[str]) -> int:
    have = set(
        conn.execute(select(TASKS.c.dedupe_key).where(TASKS.c.batch_id == batch.id)).scalars()
    )
    new = [key for key in roster if key not in have]
    if not new:
        return 0
    params = from_json(batch.params_json)
    base = {
        "batch_id": batch.id,
        "state": TaskState.BLOCKED,
        "params_json": batch.params_json,
        "author_id": author_of(params, batch.author_param),
        "required": batch.successes,
    }
    insert_tasks(conn, [{**base, "target": key, "dedupe_key": key} for key in new])
    conn.execute(
        update(BATCHES)
        .where(BATCHES.c.id == batch.id)
        .values(task_count=BATCHES.c.task_count + len(new))
    )
    release_blocked_tasks(conn, batch.id)
    return len(new)


def retry_failed(
    session: Session, batch_id: int, submitted_by: str, *, include_cancelled: bool = False
) -> int:
    """Submit the failed tasks of a batch again, as a new batch; return its id.

    Cancelled tasks were stopped on purpose and stay so, unless ``include_cancelled``.
    """
    conn = session.connection()
    batch = conn.execute(select(BATCHES).where(BATCHES.c.id == batch_id)).first()
    if batch is None:
        raise NotFound(f"there is no batch {batch_id}", Refused.NO_BATCH, batch=batch_id)
    states = [TaskState.FAILED, TaskState.CANCELLED] if include_cancelled else [TaskState.FAILED]
    failed = conn.execute(
        select(TASKS).where(TASKS.c.batch_id == batch_id, TASKS.c.state.in_(states))
    ).all()
    if not failed:
        what = "failed or cancelled" if include_cancelled else "failed"
        code = Refused.NO_FAILED_OR_CANCELLED if include_cancelled else Refused.NO_FAILED_TASKS
        raise InvalidRequest(f"batch {batch_id} has no {what} tasks", code, batch=batch_id)
    values = {
        c.name: getattr(batch, c.name)
        for c in BATCHES.c
        if c.name not in {"id", "state", "created_at", "finished_at", "stop_reason"}
    }
    values.update(
        state=BatchState.ACTIVE,
        task_count=len(failed),
        after_batch_id=None,
        map_json=None,
        retry_of_batch_id=batch_id,
        submitted_by=clip(submitted_by, 128),
        created_at=db_now(),
    )
    new_id = int(conn.execute(insert(BATCHES).values(**values)).inserted_primary_key[0])  # type: ignore[index]
    targets = conn.execute(select(BATCH_TARGETS).where(BATCH_TARGETS.c.batch_id == batch_id))
    rows = [{"batch_id": new_id, "target": t.target} for t in targets]
    if rows:
        conn.execute(insert(BATCH_TARGETS), rows)
    insert_tasks(conn, [_copy_task(task, new_id) for task in failed])
    release_blocked_tasks(conn, new_id)
    return new_id


def _copy_task(task: Any, batch_id: int) -> dict[str, Any]:
    return {
        "batch_id": batch_id,
        "state": TaskState.BLOCKED,
        "target": task.target,
        "dedupe_key": task.dedupe_key,
        "params_json": task.params_json,
        "author_id": task.author_id,
        "required": task.required,
        "item_key": task.item_key,
        "source_task_id": None,
    }
