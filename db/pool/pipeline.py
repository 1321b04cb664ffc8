"""Output items: stored as they are emitted, fenced by the run, fanned out downstream at once.

A batch submitted ``--after`` another with a mapping gets one task per output item
of the upstream batch, made in the same transaction that stores the item. The
task's key in its batch is the item's key, so a retried run that emits the same
item again creates nothing twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, update

from db.clock import db_now
from db.pool.errors import InvalidRequest, NotFound
from db.pool.models import KEY_LENGTH
from db.pool.settle import release_blocked_tasks
from db.pool.sql import (
    BATCHES,
    ITEMS,
    MAX_JSON_BYTES,
    RUNS,
    TASKS,
    clip,
    from_json,
    insert_ignoring_duplicates,
    json_bytes,
    to_json,
)
from db.pool.states import BatchState, RunStatus, TaskState
from db.pool.values import EmitResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from db.pool.values import OutputItem

BACKFILL_CHUNK = 1000


@dataclass(frozen=True)
class _Emitted:
    """An item with the attempt that emitted it.

    ``key`` is the item key as stored (cut to 191 characters); ``dedupe`` is made
    from the whole key, so two keys that differ only past the cut stay two tasks.
    """

    key: str
    dedupe: str
    data: dict[str, Any]
    task_id: int
    run_id: int


def emit_items(session: Session, run_id: int, items: Sequence[OutputItem]) -> EmitResult:
    """Store items a running attempt emitted and create their downstream tasks now.

    Fenced by ``run_id``: once the attempt's lease is lost, the items are still kept
    (marked late, for audit) but count for nothing and start no downstream work.
    """
    conn = session.connection()
    n = len(items)
    for item in items:
        if not item.key:
            raise InvalidRequest("output item: its key is empty")
        if json_bytes(item.data) > MAX_JSON_BYTES:
            raise InvalidRequest(
                f"output item {item.key!r}: larger than {MAX_JSON_BYTES} bytes as JSON"
            )
    moved = conn.execute(
        update(RUNS)
        .where(RUNS.c.id == run_id, RUNS.c.status == RunStatus.RUNNING)
        .values(output_count=RUNS.c.output_count + n)
    )
    run = conn.execute(
        select(RUNS.c.task_id, RUNS.c.batch_id, RUNS.c.output_count).where(RUNS.c.id == run_id)
    ).first()
    if run is None:
        raise NotFound(f"there is no attempt {run_id}")
    accepted = moved.rowcount == 1
    if not n:
        return EmitResult(accepted, 0, 0)
    first = run.output_count - n + 1 if accepted else _next_seq(conn, run_id)
    conn.execute(
        insert(ITEMS).values(created_at=db_now()),
        [
            {
                "run_id": run_id,
                "seq": first + i,
                "task_id": run.task_id,
                "batch_id": run.batch_id,
                "item_key": item_key_column(item.key),
                "dedupe_key": dedupe_key(item.key),
                "data_json": to_json(item.data),
                "late": not accepted,
            }
            for i, item in enumerate(items)
        ],
    )
    if not accepted:
        return EmitResult(False, n, 0)
    emitted = [
        _Emitted(item_key_column(item.key), dedupe_key(item.key), item.data, run.task_id, run_id)
        for item in items
    ]
    created = fan_out(conn, run.batch_id, emitted)
    return EmitResult(True, n, created)


def _next_seq(conn: Connection, run_id: int) -> int:
    return last_item_seq(conn, run_id) + 1


def last_item_seq(session: Session | Connection, run_id: int) -> int:
    """The number of the run's last stored item (0: none); one probe of its index."""
    last = session.execute(select(func.max(ITEMS.c.seq)).where(ITEMS.c.run_id == run_id)).scalar()
    return int(last or 0)


def item_key_column(key: str) -> str:
    """An item key as stored (very long keys are cut; ``dedupe_key`` uses the whole key)."""
    return clip(key, KEY_LENGTH) or ""


def dedupe_key(key: str) -> str:
    """A task's de-duplication key for the whole item key ``key``, within its batch.

    Hash the key as emitted, never as stored: a stored key is cut to 191 characters.
    """
    text = f"item:{key}"
    if len(text) <= KEY_LENGTH:
        return text
    return "item#" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def fan_out(
    conn: Connection, batch_id: int, emitted: Sequence[_Emitted], only: int | None = None
) -> int:
    """Create a task per item in every open mapped batch after ``batch_id``; return how many."""
    query = select(BATCHES).where(
        BATCHES.c.after_batch_id == batch_id,
        BATCHES.c.map_json.is_not(None),
        BATCHES.c.state.in_([BatchState.ACTIVE, BatchState.PAUSED]),
    )
    if only is not None:
        query = query.where(BATCHES.c.id == only)
    created = 0
    for downstream in conn.execute(query).all():
        created += _fan_out_into(conn, downstream, emitted)
    return created


def _fan_out_into(conn: Connection, batch: Any, emitted: Sequence[_Emitted]) -> int:
    base = from_json(batch.params_json)
    mapping: dict[str, str] = from_json(batch.map_json)
    rows = []
    for item in emitted:
        params = dict(base)
        params.update({p: item.data[f] for f, p in mapping.items() if f in item.data})
        author = params.get(batch.author_param) if batch.author_param else None
        rows.append(
            {
                "batch_id": batch.id,
                "state": TaskState.BLOCKED,
                "target": None,
                "dedupe_key": item.dedupe,
                "params_json": to_json(params),
                "author_id": clip(str(author), 64) if author is not None else None,
                "required": batch.successes,
                "source_task_id": item.task_id,
                "source_run_id": item.run_id,
                "item_key": item_key_column(item.key),
            }
        )
    stmt = insert_ignoring_duplicates(conn, TASKS).values(
        succeeded_count=0,
        running_count=0,
        claim_count=0,
        failed_attempts=0,
        device_fails=0,
        created_at=db_now(),
    )
    conn.execute(stmt, rows)
    new = conn.execute(
        select(func.count())
        .select_from(TASKS)
        .where(TASKS.c.batch_id == batch.id, TASKS.c.state == TaskState.BLOCKED)
    ).scalar_one()
    if new:
        conn.execute(
            update(BATCHES)
            .where(BATCHES.c.id == batch.id)
            .values(task_count=BATCHES.c.task_count + new)
        )
        release_blocked_tasks(conn, batch.id)
    return int(new)


def backfill_from_items(conn: Connection, batch_id: int, upstream_id: int) -> int:
    """Give a mapped batch submitted late the tasks of items its upstream already stored."""
    created = 0
    after = 0
    while True:
        rows = conn.execute(
            select(
                ITEMS.c.id,
                ITEMS.c.item_key,
                ITEMS.c.dedupe_key,
                ITEMS.c.data_json,
                ITEMS.c.task_id,
                ITEMS.c.run_id,
            )
            .where(ITEMS.c.batch_id == upstream_id, ITEMS.c.late.is_(False), ITEMS.c.id > after)
            .order_by(ITEMS.c.id)
            .limit(BACKFILL_CHUNK)
        ).all()
        if not rows:
            return created
        emitted = [
            _Emitted(
                r.item_key,
                r.dedupe_key or dedupe_key(r.item_key),  # rows stored before 0003
                from_json(r.data_json),
                r.task_id,
                r.run_id,
            )
            for r in rows
        ]
        created += fan_out(conn, upstream_id, emitted, only=batch_id)
        after = rows[-1].id
