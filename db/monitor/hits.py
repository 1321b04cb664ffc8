"""Monitor hits as the console shows them: per monitor, newest first, read or unread.

A hit is an output item of a monitor flow's batch; a monitor is the schedule whose
slot submitted the batch (one-off batches of a flow share one monitor). Read marks
are rows of ``monitor_hit_reads``, shared by every console of the farm.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from db.clock import db_now
from db.monitor.models import ScheduleState
from db.monitor.tables import HIT_READS, SCHEDULES, SLOTS
from db.monitor.template import template_from_json
from db.pool.sql import BATCHES, ITEMS, clip

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy import Select
    from sqlalchemy.orm import Session

SHOWN_HITS = 500


@dataclass(frozen=True)
class MonitorSummary:
    """One monitor: its schedule (None for one-off batches of ``flow``) and its hits."""

    schedule_id: int | None
    flow: str
    name: str | None
    params: dict[str, Any]
    state: str | None  # the schedule's state; None for one-off batches
    hits: int
    unread: int
    newest_at: datetime | None


@dataclass(frozen=True)
class Hit:
    """One hit: the stored item, when it was found, and whether it was read."""

    item_id: int
    found_at: datetime
    batch_id: int
    run_id: int
    data: dict[str, Any]
    read: bool


def list_monitors(session: Session, flows: Sequence[str]) -> list[MonitorSummary]:
    """Every monitor of these flows: schedules not removed, and any with hits."""
    conn = session.connection()
    counted = conn.execute(
        select(
            SLOTS.c.schedule_id,
            BATCHES.c.flow,
            func.count(ITEMS.c.id).label("hits"),
            func.count(HIT_READS.c.item_id).label("read"),
            func.max(ITEMS.c.created_at).label("newest_at"),
        )
        .select_from(ITEMS)
        .join(BATCHES, BATCHES.c.id == ITEMS.c.batch_id)
        .join(SLOTS, SLOTS.c.batch_id == ITEMS.c.batch_id, isouter=True)
        .join(HIT_READS, HIT_READS.c.item_id == ITEMS.c.id, isouter=True)
        .where(BATCHES.c.flow.in_(list(flows)), ITEMS.c.late.is_(False))
        .group_by(SLOTS.c.schedule_id, BATCHES.c.flow)
    ).all()
    by_monitor = {(row.schedule_id, row.flow): row for row in counted}
    schedules = {
        row.id: row
        for row in conn.execute(select(SCHEDULES).where(SCHEDULES.c.flow.in_(list(flows))))
    }
    keys = set(by_monitor) | {
        (sid, row.flow) for sid, row in schedules.items() if row.state != ScheduleState.REMOVED
    }
    found = [_summary(key, by_monitor.get(key), schedules) for key in keys]
    return sorted(found, key=lambda m: (m.schedule_id is None, m.schedule_id or 0, m.flow))


def _summary(key: tuple[int | None, str], counts: Any, schedules: dict[int, Any]) -> MonitorSummary:
    schedule_id, flow = key
    row = schedules.get(schedule_id) if schedule_id is not None else None
    return MonitorSummary(
        schedule_id=schedule_id,
        flow=flow,
        name=row.name if row is not None else None,
        params=template_from_json(row.spec_json).params if row is not None else {},
        state=str(row.state) if row is not None else None,
        hits=counts.hits if counts else 0,
        unread=(counts.hits - counts.read) if counts else 0,
        newest_at=counts.newest_at if counts else None,
    )


def _hits_of(schedule_id: int | None, flow: str) -> Select[Any]:
    query = (
        select(
            ITEMS.c.id,
            ITEMS.c.created_at,
            ITEMS.c.batch_id,
            ITEMS.c.run_id,
            ITEMS.c.data_json,
            HIT_READS.c.item_id.label("read_id"),
        )
        .join(BATCHES, BATCHES.c.id == ITEMS.c.batch_id)
        .join(SLOTS, SLOTS.c.batch_id == ITEMS.c.batch_id, isouter=True)
        .join(HIT_READS, HIT_READS.c.item_id == ITEMS.c.id, isouter=True)
        .where(BATCHES.c.flow == flow, ITEMS.c.late.is_(False))
    )
    if schedule_id is None:
        return query.where(SLOTS.c.schedule_id.is_(None))
    return query.where(SLOTS.c.schedule_id == schedule_id)


def list_hits(
    session: Session, schedule_id: int | None, flow: str, limit: int = SHOWN_HITS
) -> list[Hit]:
    """A monitor's hits, newest first."""
    rows = session.connection().execute(
        _hits_of(schedule_id, flow).order_by(ITEMS.c.id.desc()).limit(limit)
    )
    return [
        Hit(
            item_id=row.id,
            found_at=row.created_at,
            batch_id=row.batch_id,
            run_id=row.run_id,
            data=json.loads(row.data_json),
            read=row.read_id is not None,
        )
        for row in rows
    ]


def mark_read(session: Session, item_ids: Sequence[int], by: str) -> int:
    """Mark these hits read (for every console); return how many were unread."""
    conn = session.connection()
    wanted = sorted(set(item_ids))
    if not wanted:
        return 0
    known = set(
        conn.execute(select(HIT_READS.c.item_id).where(HIT_READS.c.item_id.in_(wanted))).scalars()
    )
    marked = 0
    for item_id in (i for i in wanted if i not in known):
        try:
            with session.begin_nested():  # another console may mark it at the same time
                conn.execute(
                    insert(HIT_READS).values(
                        item_id=item_id, read_at=db_now(), read_by=clip(by, 128)
                    )
                )
            marked += 1
        except IntegrityError:
            continue
    return marked


def mark_all_read(session: Session, schedule_id: int | None, flow: str, by: str) -> int:
    """Mark every unread hit of one monitor read; return how many."""
    unread = session.connection().execute(
        _hits_of(schedule_id, flow).where(HIT_READS.c.item_id.is_(None))
    )
    return mark_read(session, [row.id for row in unread], by)
