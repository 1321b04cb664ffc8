"""``monitor.hit``: one event per hit a monitor stores, in the same transaction.

The seen-store admits a hit once across runs, PCs and retries, and calls this in the
transaction that stores it; the event's ``once_key`` names the stored item (attempt
and sequence number), so even a repeated call cannot send a hit twice.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from db.dispatch.outbox import add_event
from db.dispatch.sql import RUN_PREFIX
from db.dispatch.states import EventType
from db.monitor.tables import SLOTS
from db.pool.sql import BATCHES, ITEMS, RUNS
from db.pool.values import iso

if TYPE_CHECKING:
    from sqlalchemy import Connection


def record_monitor_hits(conn: Connection, run_id: int, monitor: str, count: int) -> int:
    """Add a monitor.hit event for each of the run's last ``count`` stored items (the
    ones just admitted as news); return how many were added."""
    if count <= 0:
        return 0
    run = conn.execute(
        select(RUNS.c.batch_id, RUNS.c.device_serial, RUNS.c.host_name).where(RUNS.c.id == run_id)
    ).one()
    batch = conn.execute(select(BATCHES.c.flow).where(BATCHES.c.id == run.batch_id)).one()
    slot = conn.execute(
        select(SLOTS.c.schedule_id, SLOTS.c.slot_at).where(SLOTS.c.batch_id == run.batch_id)
    ).first()
    items = conn.execute(
        select(ITEMS.c.id, ITEMS.c.seq, ITEMS.c.item_key, ITEMS.c.data_json, ITEMS.c.created_at)
        .where(ITEMS.c.run_id == run_id, ITEMS.c.late.is_(False))
        .order_by(ITEMS.c.seq.desc())
        .limit(count)
    ).all()
    for item in reversed(items):
        data: dict[str, Any] = {
            "monitor": monitor,
            "flow": batch.flow,
            "schedule": None
            if slot is None
            else {"id": slot.schedule_id, "slot": iso(slot.slot_at)},
            "batch_id": run.batch_id,
            "attempt": {
                "id": f"{RUN_PREFIX}{run_id}",
                "device": run.device_serial,
                "host": run.host_name,
            },
            "hit": {
                "id": item.id,
                "key": item.item_key,
                "found_at": iso(item.created_at),
                **json.loads(item.data_json),
            },
        }
        add_event(conn, EventType.MONITOR_HIT, data, once_key=f"monitor.hit:{run_id}:{item.seq}")
    return len(items)
