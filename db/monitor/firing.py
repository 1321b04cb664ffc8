"""Firing slots: each (schedule, slot) exactly once across every PC, with no leader.

Every host agent calls ``fire_due`` every half second. The arbiter is the unique
(schedule_id, slot_at) key of ``monitor_slots``: the agent whose slot row commits
first also submitted the batch in that same transaction; another agent's insert of
the same row waits for it (MariaDB) or runs after it (SQLite), fails as a duplicate,
and that agent's savepoint is rolled back whole. Due schedules are read with
``FOR UPDATE SKIP LOCKED``, so in the normal case agents do not even collide.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from db.clock import db_now
from db.monitor.models import Overlap, ScheduleState, SlotKind, SlotOutcome
from db.monitor.schedules import _row, db_time, recurrence_of
from db.monitor.tables import SCHEDULES, SLOTS
from db.monitor.template import template_from_json
from db.monitor.values import SlotInfo
from db.pool.errors import InvalidRequest, PoolError, Refused
from db.pool.sql import BATCHES, clip
from db.pool.states import BatchState
from db.pool.stop import stop_batch
from db.pool.submit import submit_batch
from db.pool.values import iso

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
DUE_PER_CALL = 50
MAX_RECORDED_MISSES = 500  # per schedule and catch-up; beyond that one row says how many


def fire_due(
    session: Session, host_name: str, now: datetime | None = None, limit: int = DUE_PER_CALL
) -> list[SlotInfo]:
    """Fire (or skip, by the schedule's rules) every slot that is due; return what this
    call recorded. ``now`` defaults to the database clock (a simulation passes its own)."""
    conn = session.connection()
    now = now or db_time(conn)
    due = conn.execute(
        select(SCHEDULES)
        .where(SCHEDULES.c.state == ScheduleState.ACTIVE, SCHEDULES.c.next_run_at <= now)
        .order_by(SCHEDULES.c.next_run_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    recorded: list[SlotInfo] = []
    for row in due:
        recorded.extend(_catch_up(session, row, host_name, now))
    return recorded


def _catch_up(session: Session, row: Any, host: str, now: datetime) -> list[SlotInfo]:
    """The due slots of one schedule: older misses skipped, the newest fired if young."""
    recurrence = recurrence_of(row)
    newest = recurrence.latest_at_or_before(now)
    if newest is None or newest < row.next_run_at:
        newest = row.next_run_at
    missed = recurrence.slots_between(
        row.next_run_at - timedelta(microseconds=1), newest, MAX_RECORDED_MISSES + 1
    )
    missed = [slot for slot in missed if slot < newest]
    plan: list[tuple[datetime, str | None]] = []
    for slot in missed[:MAX_RECORDED_MISSES]:
        plan.append((slot, "missed: no agent was running at its time"))
    if len(missed) > MAX_RECORDED_MISSES:
        plan[-1] = (plan[-1][0], f"missed: no agent was running ({len(missed)}+ slots)")
    age = (now - newest).total_seconds()
    if age > row.catch_up_s:
        window = _span(row.catch_up_s)
        plan.append(
            (newest, f"missed: {_span(int(age))} late, beyond the catch-up window {window}")
        )
    else:
        plan.append((newest, None))
    try:
        with session.begin_nested():
            recorded = [
                _record(session, row, slot, SlotKind.SCHEDULED, host, skip_reason)
                for slot, skip_reason in plan
            ]
            conn = session.connection()
            conn.execute(
                update(SCHEDULES)
                .where(SCHEDULES.c.id == row.id)
                .values(next_run_at=recurrence.next_after(max(now, newest)))
            )
    except IntegrityError:
        log.debug("schedule %s slot %s: another host fired it", row.id, iso(newest))
        return []
    return recorded


def fire_slot(
    session: Session, schedule_id: int, slot_at: datetime, host: str, kind: SlotKind
) -> SlotInfo | None:
    """Insert one slot row and act on it; None when another host already has that slot.

    The building block of ``fire_due`` and ``run_now`` (and of the interleaving tests).
    """
    row = _row(session.connection(), schedule_id)
    try:
        with session.begin_nested():
            return _record(session, row, slot_at, kind, host, None)
    except IntegrityError:
        return None


def run_now(session: Session, schedule_id: int, by: str, now: datetime | None = None) -> SlotInfo:
    """Fire a manual slot at once (the overlap policy applies); the recurrence goes on."""
    conn = session.connection()
    row = _row(conn, schedule_id, lock=True)
    now = now or db_time(conn)
    info = fire_slot(session, row.id, now, by, SlotKind.MANUAL)
    if info is None:
        raise InvalidRequest(
            f"schedule {schedule_id}: a slot at {iso(now)} is already recorded",
            Refused.SLOT_TAKEN,
            schedule=schedule_id,
        )
    return info


def _record(
    session: Session, row: Any, slot: datetime, kind: SlotKind, host: str, skip: str | None
) -> SlotInfo:
    """Insert the slot row (the arbiter) first, then submit, in the caller's transaction."""
    conn = session.connection()
    result = conn.execute(
        insert(SLOTS).values(
            schedule_id=row.id,
            slot_at=slot,
            kind=kind,
            outcome=SlotOutcome.SKIPPED,
            reason=clip(skip or "deciding", 255),
            host_name=clip(host, 128),
            created_at=db_now(),
        )
    )
    slot_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    batch_id, reason = (None, skip) if skip else _submit_for(session, row, slot, kind, host)
    outcome = SlotOutcome.FIRED if batch_id is not None else SlotOutcome.SKIPPED
    conn.execute(
        update(SLOTS)
        .where(SLOTS.c.id == slot_id)
        .values(outcome=outcome, reason=clip(reason, 255), batch_id=batch_id)
    )
    if batch_id is not None:
        conn.execute(
            update(SCHEDULES).where(SCHEDULES.c.id == row.id).values(last_batch_id=batch_id)
        )
    return SlotInfo(row.id, slot, kind, outcome, reason, batch_id, host)


def _submit_for(
    session: Session, row: Any, slot: datetime, kind: SlotKind, host: str
) -> tuple[int | None, str | None]:
    """Apply the overlap policy, then submit the template; (batch id, note)."""
    conn = session.connection()
    previous = _running_batch(conn, row)
    note = None
    if previous is not None:
        if row.overlap == Overlap.SKIP:
            return None, f"overlap: batch {previous} is still running"
        if row.overlap == Overlap.CANCEL:
            stop_batch(session, previous, by=f"schedule {row.id}")
            note = f"overlap: stopped batch {previous}"
        else:
            note = f"overlap: batch {previous} still running, allowed"
    name = f"schedule {row.id} {'run now' if kind == SlotKind.MANUAL else 'slot'} {iso(slot)}"
    spec = replace(template_from_json(row.spec_json), name=name, submitted_by=f"schedule@{host}")
    try:
        with session.begin_nested():
            return submit_batch(session, spec), note
    except PoolError as exc:
        return None, f"submit refused: {exc}"


def _running_batch(conn: Connection, row: Any) -> int | None:
    if row.last_batch_id is None:
        return None
    batch = conn.execute(
        select(BATCHES.c.state, BATCHES.c.finished_at).where(BATCHES.c.id == row.last_batch_id)
    ).first()
    if batch is None or batch.finished_at is not None or batch.state == BatchState.STOPPED:
        return None
    return int(row.last_batch_id)


def _span(seconds: int) -> str:
    if seconds % 3600 == 0 and seconds:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0 and seconds:
        return f"{seconds // 60}m"
    return f"{seconds}s"
