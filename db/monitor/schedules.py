"""Schedules: add, list, show, pause, resume, run now, remove.

Every function takes the caller's session and never commits; a refused request
raises ``InvalidRequest``/``NotFound`` (naming the field) before anything is written.
Firing slots is ``db.monitor.firing``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, update

from db.clock import db_now
from db.monitor.models import ScheduleState, SlotKind, SlotOutcome
from db.monitor.recurrence import Recurrence, local_zone_name
from db.monitor.tables import SCHEDULES, SLOTS
from db.monitor.template import check_template, template_from_json, template_json
from db.monitor.values import ScheduleInfo, SlotInfo
from db.pool.errors import Conflict, InvalidRequest, NotFound, Refused
from db.pool.sql import BATCHES, ITEMS, clip

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from db.monitor.values import ScheduleSpec

MAX_CATCH_UP_S = 7 * 86_400
SHOWN_SLOTS = 200


def db_time(conn: Connection) -> datetime:
    """The database server's clock (every PC shares it)."""
    value = conn.execute(select(db_now())).scalar_one()
    assert isinstance(value, datetime)
    return value


def recurrence_of(row: Any) -> Recurrence:
    """The recurrence a schedule row describes."""
    return Recurrence(row.every_s, row.cron, row.tz, row.start_at, row.end_at)


def add_schedule(session: Session, spec: ScheduleSpec, now: datetime | None = None) -> int:
    """Check and store a schedule; return its id. Its first slot is the next one after now."""
    check_template(spec.template)
    recurrence = Recurrence(
        spec.every_s, spec.cron, spec.tz or local_zone_name(), spec.start, spec.end
    )
    recurrence.check()
    if not 0 <= spec.catch_up_s <= MAX_CATCH_UP_S:
        raise InvalidRequest(
            f"catch_up: must be 0 to 7 days, got {spec.catch_up_s} s",
            Refused.OUT_OF_RANGE,
            field="catch_up",
            value=f"{spec.catch_up_s} s",
            low="0 s",
            high="7 d",
        )
    conn = session.connection()
    now = now or db_time(conn)
    result = conn.execute(
        insert(SCHEDULES).values(
            name=clip(spec.name, 128),
            flow=spec.template.flow,
            spec_json=template_json(spec.template),
            every_s=spec.every_s,
            cron=spec.cron,
            tz=recurrence.tz,
            overlap=spec.overlap,
            catch_up_s=spec.catch_up_s,
            start_at=spec.start,
            end_at=spec.end,
            state=ScheduleState.ACTIVE,
            next_run_at=recurrence.next_after(now),
            created_by=clip(spec.created_by, 128),
            created_at=db_now(),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def _row(conn: Connection, schedule_id: int, *, lock: bool = False) -> Any:
    query = select(SCHEDULES).where(
        SCHEDULES.c.id == schedule_id, SCHEDULES.c.state != ScheduleState.REMOVED
    )
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound(
            f"there is no schedule {schedule_id}", Refused.NO_SCHEDULE, schedule=schedule_id
        )
    return row


def pause_schedule(session: Session, schedule_id: int) -> None:
    """No slot fires until resumed (slots passing meanwhile are not caught up)."""
    conn = session.connection()
    row = _row(conn, schedule_id, lock=True)
    if row.state == ScheduleState.PAUSED:
        raise Conflict(
            f"schedule {schedule_id} is already paused",
            Refused.SCHEDULE_PAUSED,
            schedule=schedule_id,
        )
    _set(conn, schedule_id, state=ScheduleState.PAUSED)


def resume_schedule(session: Session, schedule_id: int, now: datetime | None = None) -> None:
    """Fire again, from the next slot after now."""
    conn = session.connection()
    row = _row(conn, schedule_id, lock=True)
    if row.state == ScheduleState.ACTIVE:
        raise Conflict(
            f"schedule {schedule_id} is not paused",
            Refused.SCHEDULE_NOT_PAUSED,
            schedule=schedule_id,
        )
    now = now or db_time(conn)
    next_run = recurrence_of(row).next_after(now)
    _set(conn, schedule_id, state=ScheduleState.ACTIVE, next_run_at=next_run)


def remove_schedule(session: Session, schedule_id: int) -> None:
    """The schedule fires no more and leaves the list; its slots stay on record."""
    conn = session.connection()
    _row(conn, schedule_id, lock=True)
    _set(conn, schedule_id, state=ScheduleState.REMOVED, next_run_at=None)


def _set(conn: Connection, schedule_id: int, **values: Any) -> None:
    conn.execute(update(SCHEDULES).where(SCHEDULES.c.id == schedule_id).values(**values))


def list_schedules(session: Session) -> list[ScheduleInfo]:
    """Every schedule not removed, with its last slot and that batch's hits."""
    conn = session.connection()
    rows = conn.execute(
        select(SCHEDULES).where(SCHEDULES.c.state != ScheduleState.REMOVED).order_by(SCHEDULES.c.id)
    ).all()
    return [_info(conn, row) for row in rows]


def show_schedule(session: Session, schedule_id: int) -> ScheduleInfo:
    """One schedule with its slots, newest first."""
    conn = session.connection()
    row = _row(conn, schedule_id)
    slots = conn.execute(
        select(SLOTS)
        .where(SLOTS.c.schedule_id == schedule_id)
        .order_by(SLOTS.c.slot_at.desc(), SLOTS.c.id.desc())
        .limit(SHOWN_SLOTS)
    ).all()
    info = _info(conn, row)
    states = _batch_states(conn, [s.batch_id for s in slots if s.batch_id is not None])
    return ScheduleInfo(
        **{**info.__dict__, "slots": [_slot(s, states.get(s.batch_id)) for s in slots]}
    )


def _info(conn: Connection, row: Any) -> ScheduleInfo:
    last = conn.execute(
        select(SLOTS)
        .where(SLOTS.c.schedule_id == row.id)
        .order_by(SLOTS.c.slot_at.desc(), SLOTS.c.id.desc())
        .limit(1)
    ).first()
    hits = None
    states: dict[int | None, str] = {}
    if last is not None and last.batch_id is not None:
        hits = conn.execute(
            select(func.count()).select_from(ITEMS).where(ITEMS.c.batch_id == last.batch_id)
        ).scalar_one()
        states = _batch_states(conn, [last.batch_id])
    template = template_from_json(row.spec_json)
    return ScheduleInfo(
        id=row.id,
        name=row.name,
        flow=row.flow,
        params=template.params,
        mode=template.mode.value,
        priority=template.priority,
        every_s=row.every_s,
        cron=row.cron,
        tz=row.tz,
        overlap=row.overlap,
        catch_up_s=row.catch_up_s,
        start=row.start_at,
        end=row.end_at,
        state=row.state,
        next_run=row.next_run_at if row.state == ScheduleState.ACTIVE else None,
        created_by=row.created_by,
        created_at=row.created_at,
        last_slot=_slot(last, states.get(last.batch_id)) if last is not None else None,
        last_hits=hits,
    )


def _batch_states(conn: Connection, ids: list[int]) -> dict[int | None, str]:
    if not ids:
        return {}
    rows = conn.execute(select(BATCHES.c.id, BATCHES.c.state).where(BATCHES.c.id.in_(ids)))
    return {row.id: str(row.state) for row in rows}


def _slot(row: Any, batch_state: str | None = None) -> SlotInfo:
    return SlotInfo(
        schedule_id=row.schedule_id,
        slot_at=row.slot_at,
        kind=SlotKind(row.kind),
        outcome=SlotOutcome(row.outcome),
        reason=row.reason,
        batch_id=row.batch_id,
        host_name=row.host_name,
        recorded_at=row.created_at,
        batch_state=batch_state,
    )
