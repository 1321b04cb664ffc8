"""What a host still has to wait for, and the items a host-side flow reads."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from db.pool import keys
from db.pool.sql import BATCHES, ITEMS, RUNS, TASKS
from db.pool.states import RunStatus, TaskState

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from db.pool.values import Slot

# A task in these states will still run somewhere: queued now, running, or waiting for
# its retry. Blocked and paused tasks wait on something else (an upstream batch, an
# operator), not on this host.
_WAITING_FOR_A_WORKER = (TaskState.QUEUED, TaskState.RUNNING, TaskState.SCHEDULED)


def open_work_for(session: Session, slots: Sequence[Slot]) -> int:
    """How many tasks that these slots could run are queued, running or due to retry.

    A task aimed at one phone or account counts when a slot is that phone or
    account; a task of a shared queue counts when some slot may claim from it.
    """
    targets = {
        target for slot in slots for target in keys.slot_targets(slot.device_id, slot.account_id)
    }
    own = [t for t in targets if t not in keys.SHARED_TARGETS]
    shared_ok = [
        (BATCHES.c.needs_device == needs_device) & (BATCHES.c.needs_account == needs_account)
        for needs_device in (True, False)
        for needs_account in (True, False)
        if keys.shared_target(needs_device, needs_account) in targets
    ]
    conditions: list[ColumnElement[bool]] = []
    if own:
        conditions.append(TASKS.c.target.in_(own))
    if shared_ok:
        conditions.append(TASKS.c.target.is_(None) & or_(*shared_ok))
    if not conditions:
        return 0
    query = (
        select(func.count())
        .select_from(TASKS)
        .join(BATCHES, BATCHES.c.id == TASKS.c.batch_id)
        .where(TASKS.c.state.in_(_WAITING_FOR_A_WORKER), or_(*conditions))
    )
    return int(session.execute(query).scalar_one())


def batch_items(session: Session, batch_id: int, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """The items of a batch's succeeded attempts, oldest first: the batch's result.

    An attempt that failed part-way stored some items too; its task's retry stores
    them again, so only succeeded attempts count here.

    Each is the item's fields plus ``run`` (the attempt that emitted it) and ``key``.
    Read in chunks by id, so a large batch never sits in memory whole.
    """
    last_id = 0
    while True:
        rows = session.execute(
            select(ITEMS.c.id, ITEMS.c.run_id, ITEMS.c.item_key, ITEMS.c.data_json)
            .join(RUNS, RUNS.c.id == ITEMS.c.run_id)
            .where(ITEMS.c.batch_id == batch_id, ITEMS.c.id > last_id)
            .where(RUNS.c.status == RunStatus.SUCCEEDED, ITEMS.c.late.is_(False))
            .order_by(ITEMS.c.id)
            .limit(chunk)
        ).all()
        for row in rows:
            yield {**json.loads(row.data_json), "run": int(row.run_id), "key": row.item_key}
        if len(rows) < chunk:
            return
        last_id = int(rows[-1].id)
