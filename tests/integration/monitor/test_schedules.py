"""Schedules on both backends: slots fire once, catch-up, overlap, and the controls."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.monitor.firing import fire_due, fire_slot, run_now
from db.monitor.models import Overlap, SlotKind, SlotOutcome
from db.monitor.schedules import (
    add_schedule,
    list_schedules,
    pause_schedule,
    remove_schedule,
    resume_schedule,
    show_schedule,
)
from db.monitor.tables import SLOTS
from db.monitor.values import ScheduleSpec
from db.pool.errors import Conflict, NotFound
from db.pool.sql import BATCHES
from db.pool.states import BatchState
from db.pool.tx import run_transaction
from db.pool.values import BatchSpec

if TYPE_CHECKING:
    from sqlalchemy import Engine

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def _add(engine: Engine, now: datetime = T0, **options: Any) -> int:
    options.setdefault("every_s", 900)
    options.setdefault("tz", "UTC")
    spec = ScheduleSpec(template=BatchSpec(flow="watch.test", params={"n": 1}), **options)
    return int(run_transaction(engine, lambda s: add_schedule(s, spec, now=now)))


def _fire(engine: Engine, now: datetime, host: str = "pc-1") -> list[Any]:
    return list(run_transaction(engine, lambda s: fire_due(s, host, now)))


def _slots(engine: Engine, schedule_id: int) -> list[Any]:
    with engine.connect() as conn:
        return conn.execute(
            select(SLOTS).where(SLOTS.c.schedule_id == schedule_id).order_by(SLOTS.c.slot_at)
        ).all()


def _finish_batch(engine: Engine, batch_id: int) -> None:
    def done(session: Session) -> None:
        session.execute(
            BATCHES.update()
            .where(BATCHES.c.id == batch_id)
            .values(state=BatchState.COMPLETED, finished_at=T0)
        )

    run_transaction(engine, done)


def test_each_slot_fires_once_on_time_and_the_next_run_moves_on(engine: Engine) -> None:
    schedule = _add(engine, now=T0 + 3 * MIN)
    info = run_transaction(engine, lambda s: show_schedule(s, schedule))
    assert info.next_run == T0 + 15 * MIN  # aligned to the quarter hour
    assert _fire(engine, T0 + 14 * MIN) == []
    fired = _fire(engine, T0 + 15 * MIN + timedelta(seconds=0.4))
    assert [(f.slot_at, f.outcome) for f in fired] == [(T0 + 15 * MIN, SlotOutcome.FIRED)]
    assert _fire(engine, T0 + 15 * MIN + timedelta(seconds=0.9), host="pc-2") == []
    _finish_batch(engine, fired[0].batch_id)
    again = _fire(engine, T0 + 30 * MIN)
    assert [f.slot_at for f in again] == [T0 + 30 * MIN]
    slots = _slots(engine, schedule)
    assert len(slots) == 2
    assert len({s.batch_id for s in slots}) == 2
    assert run_transaction(engine, lambda s: show_schedule(s, schedule)).next_run == T0 + 45 * MIN


def test_after_every_pc_was_off_one_young_missed_slot_fires_and_the_rest_are_recorded(
    engine: Engine,
) -> None:
    _add(engine, catch_up_s=1800)
    back = T0 + timedelta(hours=2, minutes=10)  # slots 08:15 .. 10:00 were missed
    recorded = _fire(engine, back)
    assert [r.slot_at for r in recorded] == [T0 + k * 15 * MIN for k in range(1, 9)]
    assert [r.outcome for r in recorded] == [SlotOutcome.SKIPPED] * 7 + [SlotOutcome.FIRED]
    assert all("missed" in (r.reason or "") for r in recorded[:-1])
    late = _add(engine, catch_up_s=300)
    too_old = _fire(engine, T0 + 25 * MIN)  # 10 minutes after its 08:15 slot
    mine = [r for r in too_old if r.schedule_id == late]
    assert [(r.slot_at, r.outcome) for r in mine] == [(T0 + 15 * MIN, SlotOutcome.SKIPPED)]
    assert "catch-up window 5m" in (mine[0].reason or "")
    assert run_transaction(engine, lambda s: show_schedule(s, late)).next_run == T0 + 30 * MIN


@pytest.mark.parametrize("policy", list(Overlap))
def test_overlap_policies(engine: Engine, policy: Overlap) -> None:
    schedule = _add(engine, overlap=policy)
    first = _fire(engine, T0 + 15 * MIN)[0]
    second = _fire(engine, T0 + 30 * MIN)[0]
    with engine.connect() as conn:
        states = dict(conn.execute(select(BATCHES.c.id, BATCHES.c.state)).all())
    if policy is Overlap.SKIP:
        assert second.outcome is SlotOutcome.SKIPPED
        assert second.reason == f"overlap: batch {first.batch_id} is still running"
        assert len(states) == 1
    elif policy is Overlap.ALLOW:
        assert second.outcome is SlotOutcome.FIRED
        assert states[first.batch_id] == states[second.batch_id] == BatchState.ACTIVE
    else:
        assert second.outcome is SlotOutcome.FIRED
        assert states[first.batch_id] == BatchState.STOPPED
        assert states[second.batch_id] == BatchState.ACTIVE
    assert len(_slots(engine, schedule)) == 2


def test_pause_resume_run_now_remove(engine: Engine) -> None:
    schedule = _add(engine)
    run_transaction(engine, lambda s: pause_schedule(s, schedule))
    assert _fire(engine, T0 + 20 * MIN) == []
    with pytest.raises(Conflict, match="already paused"):
        run_transaction(engine, lambda s: pause_schedule(s, schedule))
    run_transaction(engine, lambda s: resume_schedule(s, schedule, now=T0 + 20 * MIN))
    info = run_transaction(engine, lambda s: show_schedule(s, schedule))
    assert info.next_run == T0 + 30 * MIN  # the paused slot is not caught up
    manual = run_transaction(engine, lambda s: run_now(s, schedule, "ann@pc", now=T0 + 21 * MIN))
    assert manual.kind is SlotKind.MANUAL
    assert manual.batch_id is not None
    run_transaction(engine, lambda s: remove_schedule(s, schedule))
    assert run_transaction(engine, list_schedules) == []
    assert _fire(engine, T0 + 31 * MIN) == []
    with pytest.raises(NotFound):
        run_transaction(engine, lambda s: show_schedule(s, schedule))
    assert len(_slots(engine, schedule)) == 1  # the record stays


def test_cron_slots_fall_in_the_schedules_time_zone(engine: Engine) -> None:
    schedule = _add(engine, every_s=None, cron="0 9 * * *", tz="Asia/Shanghai")
    info = run_transaction(engine, lambda s: show_schedule(s, schedule))
    assert info.next_run == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    fired = _fire(engine, datetime(2026, 3, 3, 1, 0, 1, tzinfo=UTC))
    assert [f.outcome for f in fired] == [SlotOutcome.FIRED]


def test_start_and_end_bound_the_slots(engine: Engine) -> None:
    start, end = T0 + timedelta(hours=1), T0 + timedelta(hours=1, minutes=30)
    schedule = _add(engine, start=start, end=end)
    assert run_transaction(engine, lambda s: show_schedule(s, schedule)).next_run == start
    for minutes in (60, 75, 90, 105):
        _fire(engine, T0 + minutes * MIN)
        for slot in _slots(engine, schedule):
            if slot.batch_id:
                _finish_batch(engine, slot.batch_id)
    assert [s.slot_at for s in _slots(engine, schedule)] == [start, start + 15 * MIN, end]
    assert run_transaction(engine, lambda s: show_schedule(s, schedule)).next_run is None


@pytest.mark.mariadb
@pytest.mark.parametrize("first_commits", [True, False])
def test_two_pcs_inserting_the_same_slot_one_waits_and_one_batch_exists(
    mariadb_engine: Engine, first_commits: bool
) -> None:
    engine = mariadb_engine
    schedule = _add(engine)
    slot = T0 + 15 * MIN
    with Session(engine) as first:
        first.begin()
        assert fire_slot(first, schedule, slot, "pc-a", SlotKind.SCHEDULED) is not None
        result: list[Any] = []
        second = threading.Thread(
            target=lambda: result.append(
                run_transaction(
                    engine, lambda s: fire_slot(s, schedule, slot, "pc-b", SlotKind.SCHEDULED)
                )
            )
        )
        second.start()
        second.join(0.5)
        assert second.is_alive()  # the second insert waits on the first's unique key
        if first_commits:
            first.commit()
        else:
            first.rollback()
    second.join(10)
    slots = _slots(engine, schedule)
    assert len(slots) == 1
    with engine.connect() as conn:
        batches = conn.execute(select(BATCHES.c.id)).scalars().all()
    assert len(batches) == 1
    if first_commits:
        assert result == [None]
        assert slots[0].host_name == "pc-a"
    else:
        assert result[0] is not None
        assert slots[0].host_name == "pc-b"
