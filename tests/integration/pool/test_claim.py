"""Claims: index order, priorities, one task per slot, which slots may claim, backstops."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.dialects import mysql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import fleet as fleet_repo
from db.models import AdminState
from db.pool.claim import claim_tasks
from db.pool.claim_select import _FIRST_ROWS, SlotInfo, _locking
from db.pool.sql import READY, RUNS
from db.pool.states import Mode, RunStatus, TaskState
from db.pool.values import Slot
from tests.support.pool import server_now

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tests.support.pool import Fleet


def test_a_claim_carries_what_the_worker_needs(fleet: Fleet, engine: Engine) -> None:
    batch = fleet.submit(
        params={"creator": "alice"}, author_param="creator", lease_s=45, timeout_s=300
    )
    (claim,) = fleet.claim([0])
    assert claim.batch_id == batch
    assert claim.flow == "test.echo"
    assert claim.params == {"creator": "alice"}
    assert claim.author_id == "alice"
    assert (claim.attempt, claim.lease_s, claim.max_run_s) == (1, 45, 300)
    assert (claim.device_id, claim.account_id) == (fleet.devices[0], fleet.accounts[0])
    run = fleet.run(claim.run_id)
    assert run.status == RunStatus.RUNNING
    assert run.device_serial == "SER000"
    assert run.account_uid == "u0"
    assert run.host_name == "rack-pc-1"
    # Lease and deadline come from the database clock, not this PC's.
    assert abs(run.started_at - server_now(engine)) < timedelta(seconds=5)
    assert run.lease_expires_at - run.started_at == timedelta(seconds=45)
    assert run.deadline_at - run.started_at == timedelta(seconds=300)
    assert fleet.task(claim.task_id).state == TaskState.RUNNING


def test_lower_priority_number_is_claimed_first_across_batches(fleet: Fleet) -> None:
    bulk = fleet.submit(count=2, priority=9)
    normal = fleet.submit(count=2, priority=5)
    urgent = fleet.submit(count=2, priority=0)
    order = [fleet.claim_one(0), fleet.claim_one(1), fleet.claim_one(2)]
    assert [c.batch_id for c in order if c] == [urgent, urgent, normal]
    for claim in order:
        fleet.finish(claim.run_id)  # type: ignore[union-attr]
    rest = [fleet.claim_one(0), fleet.claim_one(1), fleet.claim_one(2)]
    assert [c.batch_id for c in rest if c] == [normal, bulk, bulk]


@pytest.mark.parametrize("first", ["bulk-pool-first", "urgent-each-device-first"])
def test_priority_beats_the_target_an_urgent_each_device_task_goes_first(
    fleet: Fleet, first: str
) -> None:
    """Across targets: the phone's own (each-device) queue and the shared pool queue."""
    if first == "bulk-pool-first":
        bulk = fleet.submit(count=3, priority=9)
        urgent = fleet.submit(mode="each-device", priority=0)
    else:
        urgent = fleet.submit(mode="each-device", priority=0)
        bulk = fleet.submit(count=3, priority=9)
    (claim,) = fleet.claim([0])
    assert claim.batch_id == urgent
    fleet.finish(claim.run_id)
    (claim,) = fleet.claim([0])  # its own task done, the phone takes bulk work
    assert claim.batch_id == bulk


def test_a_bulk_each_device_task_waits_behind_an_urgent_pool_task(fleet: Fleet) -> None:
    bulk = fleet.submit(mode="each-device", priority=9)
    urgent = fleet.submit(count=1, priority=0)
    assert [c.batch_id for c in fleet.claim([0])] == [urgent]
    assert [c.batch_id for c in fleet.claim([1])] == [bulk]


def test_tasks_of_one_priority_go_first_in_first_out(fleet: Fleet) -> None:
    first = fleet.submit(count=1)
    second = fleet.submit(count=1)
    claims = fleet.claim([0, 1])
    assert {c.batch_id for c in claims} == {first, second}
    assert [c.batch_id for c in claims] == [first, second]


def test_each_slot_gets_one_task_and_no_task_goes_twice(fleet: Fleet) -> None:
    fleet.submit(count=2)
    claims = fleet.claim()  # three slots, two tasks
    assert len(claims) == 2
    assert len({c.task_id for c in claims}) == 2
    assert len({c.device_id for c in claims}) == 2
    other_pc = fleet.with_host("rack-pc-2")
    assert other_pc.claim() == []


@pytest.mark.parametrize("state", [AdminState.DRAINING, AdminState.STOPPED, AdminState.DISABLED])
def test_phones_not_enabled_take_no_work(fleet: Fleet, state: AdminState) -> None:
    fleet.submit(count=3)
    fleet.tx(lambda s: fleet_repo.set_admin_state(s, "SER001", state, reason="test"))
    claims = fleet.claim()
    assert {c.device_id for c in claims} == {fleet.devices[0], fleet.devices[2]}


def test_unknown_phone_slot_is_skipped(fleet: Fleet) -> None:
    fleet.submit(count=2)
    claims = fleet.tx(lambda s: claim_tasks(s, fleet.host, [Slot(999_999), fleet.slot(0)]))
    assert [c.device_id for c in claims] == [fleet.devices[0]]


def test_phone_without_account_runs_work_that_needs_none(make_fleet: object) -> None:
    fleet = make_fleet(phones=2, without_account=[1])  # type: ignore[operator]
    fleet.submit(count=2)  # a flow that needs no account, e.g. device.health
    needs = fleet.submit(count=1, needs_account=True)
    claims = fleet.claim()
    by_device = {c.device_id: c for c in claims}
    assert by_device[fleet.devices[1]].account_id is None
    assert fleet.run(by_device[fleet.devices[1]].run_id).actor == f"dev:{fleet.devices[1]}"
    # Only the phone with an account can take the batch that needs one.
    for claim in claims:
        fleet.finish(claim.run_id)
    assert fleet.claim([1]) == []
    assert fleet.claim([0])[0].batch_id == needs


def test_host_side_work_goes_to_host_slots_only(fleet: Fleet) -> None:
    batch = fleet.submit(count=1, needs_device=False)
    assert fleet.claim() == []
    host_slot = Slot(device_id=None)
    (claim,) = fleet.tx(lambda s: claim_tasks(s, fleet.host, [host_slot]))
    assert claim.batch_id == batch
    assert claim.device_id is None
    assert fleet.run(claim.run_id).actor == f"host:{fleet.host}"


def test_two_slots_claiming_as_one_account_is_refused(fleet: Fleet) -> None:
    fleet.submit(count=2)
    twin = [fleet.slot(0), Slot(fleet.devices[1], fleet.accounts[0])]
    with pytest.raises(ValueError, match="same account"):
        fleet.tx(lambda s: claim_tasks(s, fleet.host, twin))


def test_a_second_running_attempt_of_a_task_fails_at_insert(fleet: Fleet) -> None:
    """The unique keys are the backstop if a bug ever let two claims through."""
    fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    row = fleet.run(claim.run_id)
    values = {c: getattr(row, c) for c in row._mapping if c != "id"}

    def second_running(attempt: int) -> None:
        fleet.tx(lambda s: s.execute(insert(RUNS).values({**values, "attempt_no": attempt})))

    with pytest.raises(IntegrityError):
        second_running(attempt=2)  # same task running twice: exclusive_task_id
    values["exclusive_task_id"] = None
    with pytest.raises(IntegrityError):
        second_running(attempt=1)  # same attempt number twice


def test_claim_select_is_index_ordered_skip_locked(engine: Engine) -> None:
    info = SlotInfo(Slot(1), "dev:1", "dev:1", None, ["*"], None, None, None)
    assert info.target_keys == ["dev:1"]
    built = _locking(select(READY.c.id).where(READY.c.target == "*"), [], 1)
    for query in (built, _FIRST_ROWS.statement):
        sql = str(query.compile(dialect=mysql.dialect()))
        assert "FORCE INDEX (ix_pool_ready_target_priority_id)" in sql
        assert sql.rstrip().endswith("FOR UPDATE SKIP LOCKED")
        assert "ORDER BY pool_ready.priority, pool_ready.id" in sql


@pytest.mark.mariadb
def test_mariadb_claim_reads_the_index_without_sorting(mariadb_fleet: Fleet) -> None:
    fleet, engine = mariadb_fleet, mariadb_fleet.engine
    fleet.submit(count=50)
    fleet.submit(count=50, priority=2)
    query = _locking(select(READY.c.id).where(READY.c.target == "*"), [], 1)
    sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = conn.execute(text("EXPLAIN " + sql)).mappings().one()
    assert plan["key"] == "ix_pool_ready_target_priority_id"
    assert "filesort" not in (plan["Extra"] or "")


@pytest.mark.mariadb
def test_mariadb_claims_skip_rows_another_claim_holds(mariadb_fleet: Fleet) -> None:
    """A claim in flight does not block another: it takes the next row at once."""
    fleet, engine = mariadb_fleet, mariadb_fleet.engine
    fleet.submit(count=2)
    holding = Session(engine)
    holding.begin()
    first = claim_tasks(holding, fleet.host, [fleet.slot(0)])  # not committed yet
    done = threading.Event()
    result: list[int] = []

    def other_claim() -> None:
        result.extend(c.task_id for c in fleet.claim([1]))
        done.set()

    worker = threading.Thread(target=other_claim)
    worker.start()
    finished_in_time = done.wait(timeout=3)
    holding.commit()
    holding.close()
    worker.join()
    assert finished_in_time, "the second claim waited for the first one's locks"
    assert result
    assert result[0] != first[0].task_id


def test_each_device_rows_only_go_to_their_phone(fleet: Fleet) -> None:
    batch = fleet.submit(mode=Mode.EACH_DEVICE)
    claims = fleet.claim([2, 0])
    tasks = {t.id: t for t in fleet.tasks(batch)}
    for claim in claims:
        assert tasks[claim.task_id].target == f"dev:{claim.device_id}"
